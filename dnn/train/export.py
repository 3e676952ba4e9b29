"""Writing what a run produced: the engine's weight files (dnn/engine/README.md, "Weight files"), one
ONNX file per active-group count, and JSON files."""
import json
import math
import os

import numpy as np
import torch

from .errors import TrainError
from .spec import tensor_specs


def write_weights(model, manifest_path, bin_path, source):
    """Writes the manifest and the little-endian float32 .bin, tensors back to back in the canonical
    order (spec.tensor_specs, the order of dnn/engine/tensorSpecs.ts). Returns the manifest."""
    net = model.net
    values = model.engine_tensors()
    tensors, chunks, offset = [], [], 0
    for name, shape in tensor_specs(net):
        value = values[name]
        if list(value.shape) != shape:
            raise AssertionError(f'{name}: shape {list(value.shape)} is not the spec shape {shape}')
        chunk = value.contiguous().numpy().astype('<f4').tobytes()
        tensors.append({'name': name, 'shape': shape, 'byteOffset': offset, 'byteLength': len(chunk)})
        chunks.append(chunk)
        offset += len(chunk)
    manifest = {
        'format': 'twinrtm-weights',
        'version': 1,
        'network': net['id'],
        'structure': net['structure'],
        'groups': net['groups'],
        'dtype': 'float32-le',
        'bin': os.path.relpath(os.path.abspath(bin_path), os.path.dirname(os.path.abspath(manifest_path))).replace(os.sep, '/'),
        'byteLength': offset,
        'source': source,
        'tensors': tensors,
    }
    with open(bin_path, 'wb') as f:
        for chunk in chunks:
            f.write(chunk)
    write_json(manifest_path, manifest)
    return manifest


def read_weights(manifest_path, net):
    """Reads a weight file pair back: name -> float32 tensor. Checks what write_weights promises (the
    network, every tensor once with its spec shape, the .bin's size); TrainError otherwise."""
    with open(manifest_path, 'r', encoding='utf-8') as f:
        manifest = json.load(f)
    for field, want in (('format', 'twinrtm-weights'), ('version', 1), ('dtype', 'float32-le'), ('network', net['id']),
                        ('structure', net['structure']), ('groups', net['groups'])):
        if manifest.get(field) != want:
            raise TrainError(f'{manifest_path}: {field}: is {manifest.get(field)!r}, expected {want!r}')
    bin_path = os.path.join(os.path.dirname(manifest_path), manifest['bin'])
    with open(bin_path, 'rb') as f:
        data = f.read()
    if len(data) != manifest['byteLength']:
        raise TrainError(f'{bin_path}: has {len(data)} bytes but {manifest_path} says {manifest["byteLength"]}')
    listed = {t['name']: t for t in manifest['tensors']}
    if len(listed) != len(manifest['tensors']):
        raise TrainError(f'{manifest_path}: tensors: a name appears twice')
    out = {}
    for name, shape in tensor_specs(net):
        t = listed.pop(name, None)
        if t is None:
            raise TrainError(f'{manifest_path}: tensors: {name} is missing')
        if t['shape'] != shape or t['byteLength'] != 4 * math.prod(shape):
            raise TrainError(f'{manifest_path}: {name}: shape {t["shape"]} / {t["byteLength"]} B, expected {shape}')
        raw = np.frombuffer(data, dtype='<f4', count=math.prod(shape), offset=t['byteOffset'])
        out[name] = torch.from_numpy(raw.astype(np.float32).reshape(shape))
    if listed:
        raise TrainError(f'{manifest_path}: tensors: {next(iter(listed))} is not a tensor of {net["id"]}')
    return out


class _Pruned(torch.nn.Module):
    """The network with g groups active, as a module of one input (what ONNX export traces)."""

    def __init__(self, model, g):
        super().__init__()
        self.model = model
        self.g = g

    def forward(self, x):
        return self.model(x, self.g)


def export_onnx(model, path, g):
    """One ONNX file for g active groups: input 'input' [batch, C, H, W] (pixel / 255), output
    'logits' [batch, classes], the batch size dynamic, batch-norm in inference form."""
    _export(model, _Pruned(model, g), path)


def _export(model, module, path):
    """Writes `module` (a function of the image alone) as ONNX, as every file of the project is written."""
    model.eval()
    c, h, w = model.net['input']
    with torch.no_grad():
        torch.onnx.export(module, torch.zeros(1, c, h, w), path, input_names=['input'], output_names=['logits'],
                          dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}}, opset_version=13,
                          do_constant_folding=True)


def write_json(path, value):
    """Writes through a temporary file and a rename, so a reader never sees half a file."""
    temporary = path + '.tmp'
    with open(temporary, 'w', encoding='utf-8') as f:
        json.dump(value, f, indent=2)
        f.write('\n')
    os.replace(temporary, path)


def groups_are_separable(net):
    """Each group's path from the image to the logits is a network of its own: block-diagonal groups,
    the first layer reading the image, and a classifier (the last layer) that adds the groups'
    contributions (a fc, not grouped, reading grouped features, without batch-norm)."""
    layers = [l for l in net['layers'] if l['kind'] != 'pool']
    last = layers[-1]
    return (net['structure'] == 'block-diagonal' and all(l['grouped'] for l in layers[:-1])
            and last['kind'] == 'fc' and not last['grouped'] and last['inputGrouped'] and not last['batchNorm'])


class _GroupPath(torch.nn.Module):
    """Group j's path alone: its blocks of every grouped layer and its columns of the classifier,
    without the classifier's bias (which every g adds once)."""

    def __init__(self, model, j):
        super().__init__()
        self.model = model
        self.j = j

    def forward(self, x):
        from .model import _activate, _affine
        net = self.model.net
        n_layers = len(net['layers'])
        value = x
        for i, (layer, holder) in enumerate(zip(net['layers'], self.model.layers)):
            kind = layer['kind']
            if kind == 'fc':
                value = value.flatten(1)
            if kind == 'pool':
                value = torch.nn.functional.max_pool2d(value, layer['kernel'], layer['stride'], layer['padding'])
                continue
            if i == n_layers - 1:
                return torch.nn.functional.linear(value, holder.columns[self.j - 1].weight)
            block = holder.groups[self.j - 1]
            value = _activate(block, _affine(layer, value, block.weight, block.bias), True)
        raise AssertionError('a separable network ends in its classifier')


def export_group_onnx(model, path, j):
    """One ONNX file for group j's path: input 'input' [batch, C, H, W] (pixel / 255), output
    'logits' [batch, classes], group j's share of the logits without the classifier's bias. The logits
    with g groups are the bias plus the outputs of the files 1..g."""
    _export(model, _GroupPath(model, j), path)


def group_path_logits(model, x, j):
    """Group j's share of the logits in PyTorch (what its ONNX file computes)."""
    model.eval()
    with torch.no_grad():
        return _GroupPath(model, j)(x)

