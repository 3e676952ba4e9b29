"""Export round trip: the weight files follow dnn/engine/README.md (names, shapes, canonical order,
sizes equal to networkCost's paramBytes), read back to the same network, and a float64 reading of the
engine's maths on the exported tensors alone gives PyTorch's logits; ONNX files are written."""
import json
import math
import os
import tempfile
import unittest

import numpy as np
import torch

from dnn.train.export import export_onnx, read_weights, write_weights
from dnn.train.incremental import logits_of
from dnn.train.model import GroupNet
from dnn.train.spec import group_input_range, load_spec, tensor_specs

from dnn.train.tests.helpers import CUMULATIVE, DEFAULT
from dnn.train.tests.test_freeze import images

SOURCE = {'kind': 'trained', 'dataset': 'test', 'date': '2024-01-01', 'command': 'unittest'}


def perturbed_model(path, seed):
    """A model whose every tensor, batch-norm statistics included, is away from its initial value."""
    model = GroupNet(load_spec(path), seed=seed)
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, t in list(model.named_parameters()) + list(model.named_buffers()):
            if name.endswith('running_var') or name.endswith('bn_weight'):
                t.copy_(1 + 0.2 * torch.rand(t.shape, generator=gen))
            elif t.abs().sum() == 0:
                t.copy_(0.05 * torch.randn(t.shape, generator=gen))
    return model


def engine_logits(net, tensors, image, g):
    """dnn/engine/README.md's maths in float64 numpy, from the exported tensors only."""
    G, x = net['groups'], image.astype(np.float64)
    t = {name: v.numpy().astype(np.float64) for name, v in tensors.items()}
    last = len(net['layers']) - 1
    for i, layer in enumerate(net['layers']):
        kind = layer['kind']
        if kind == 'pool':
            k, s, p = layer['kernel'], layer['stride'], layer['padding']
            xp = np.pad(x, ((0, 0), (p, p), (p, p)), constant_values=-np.inf)
            x = np.max([xp[:, ky:ky + s * layer['outH']:s, kx:kx + s * layer['outW']:s] for ky in range(k) for kx in range(k)], axis=0)
            continue
        if kind == 'fc':
            x = x.reshape(-1)
        blocks = []
        if layer['grouped']:
            for j in range(1, g + 1):
                start, count = group_input_range(net, layer, j)
                blocks.append((f'{layer["name"]}.g{j}', x[start:start + count]))
        else:
            # A non-grouped layer reads the active groups' features: the first g Cin/G.
            active = layer['inChannels'] * g // G if layer['inputGrouped'] else layer['inChannels']
            blocks.append((layer['name'], x[:active]))
        outs = []
        for prefix, inp in blocks:
            w = t[f'{prefix}.weight'][:, :inp.shape[0]]
            if kind == 'conv':
                k, s, p = layer['kernel'], layer['stride'], layer['padding']
                xp = np.pad(inp, ((0, 0), (p, p), (p, p)))
                y = np.zeros((w.shape[0], layer['outH'], layer['outW']))
                for ky in range(k):
                    for kx in range(k):
                        patch = xp[:, ky:ky + s * layer['outH']:s, kx:kx + s * layer['outW']:s]
                        y += np.tensordot(w[:, :, ky, kx], patch, axes=(1, 0))
                y += t[f'{prefix}.bias'][:, None, None]
                shape = (-1, 1, 1)
            else:
                y = w @ inp + t[f'{prefix}.bias']
                shape = (-1,)
            if layer['batchNorm']:
                gamma, beta, mean, var = (t[f'{prefix}.bn.{part}'].reshape(shape) for part in ('gamma', 'beta', 'mean', 'var'))
                y = gamma * (y - mean) / np.sqrt(var + 1e-5) + beta
            if not (kind == 'fc' and i == last):
                y = np.maximum(y, 0)
            outs.append(y.astype(np.float32).astype(np.float64))
        x = np.concatenate(outs)
    return x.reshape(-1)


class ExportTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def round_trip(self, path, size):
        model = perturbed_model(path, seed=7)
        net = model.net
        manifest_path = os.path.join(self.dir, 'w.json')
        bin_path = os.path.join(self.dir, 'w.bin')
        manifest = write_weights(model, manifest_path, bin_path, SOURCE)
        with open(manifest_path, encoding='utf-8') as f:
            self.assertEqual(json.load(f), manifest)
        self.assertEqual({k: manifest[k] for k in ('format', 'version', 'network', 'structure', 'groups', 'dtype', 'bin')},
                         {'format': 'twinrtm-weights', 'version': 1, 'network': net['id'], 'structure': net['structure'],
                          'groups': 4, 'dtype': 'float32-le', 'bin': 'w.bin'})
        self.assertEqual(manifest['source'], SOURCE)
        # Every tensor once, in the canonical order, with its shape, back to back.
        self.assertEqual([(t['name'], t['shape']) for t in manifest['tensors']], tensor_specs(net))
        offset = 0
        for t in manifest['tensors']:
            self.assertEqual((t['byteOffset'], t['byteLength']), (offset, 4 * math.prod(t['shape'])))
            offset += t['byteLength']
        # networkCost(dnn, G).paramBytes.
        self.assertEqual(manifest['byteLength'], size)
        self.assertEqual(os.path.getsize(bin_path), size)
        # Little-endian float32, row-major: fc8.weight's row 3, column 700 is where the README says.
        fc8 = next(t for t in manifest['tensors'] if t['name'] == 'fc8.weight')
        with open(bin_path, 'rb') as f:
            f.seek(fc8['byteOffset'] + 4 * (3 * 1024 + 700))
            value = np.frombuffer(f.read(4), dtype='<f4')[0]
        self.assertEqual(value, model.layers[10].columns[2].weight[3, 700 - 512].item())

        # Read back into a fresh network: the same logits to the last bit, for every g.
        tensors = read_weights(manifest_path, net)
        copy = GroupNet(net, seed=99)
        copy.load_engine_tensors(tensors)
        x, _ = images(6, 3)
        for g in range(1, 5):
            self.assertTrue(torch.equal(logits_of(copy, x, g), logits_of(model, x, g)), f'g={g}')
        # The engine's maths on the exported tensors alone give PyTorch's logits.
        inputs = x.float() / 255
        for g in range(1, 5):
            torch_logits = logits_of(model, x[:2], g)
            for i in range(2):
                ref = engine_logits(net, tensors, inputs[i].numpy(), g)
                self.assertEqual(ref.shape, (10,))
                np.testing.assert_allclose(ref, torch_logits[i].numpy(), atol=1e-4, rtol=0, err_msg=f'g={g}')

    def test_block_diagonal(self):
        self.round_trip(DEFAULT, 7_570_728)

    def test_cumulative(self):
        self.round_trip(CUMULATIVE, 18_808_104)

    def test_onnx(self):
        model = perturbed_model(DEFAULT, seed=1)
        path = os.path.join(self.dir, 'g1.onnx')
        export_onnx(model, path, 1)
        with open(path, 'rb') as f:
            data = f.read()
        # An ONNX ModelProto starts with field 1 (ir_version, a varint); names and weights are inside.
        self.assertEqual(data[0], 0x08)
        self.assertIn(b'input', data)
        self.assertIn(b'logits', data)
        self.assertGreater(len(data), 1_800_000)  # g = 1 holds 1.89 MB of parameters
        self.assertLess(len(data), 2_000_000)


if __name__ == '__main__':
    unittest.main()
