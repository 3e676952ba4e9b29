"""Network specs: a dnn/networks/*.json file resolved exactly as dnn/resolveNetwork.ts resolves it.

TypeScript and Python must never disagree about a shape, so this is a line-by-line port of
resolveNetwork (shapes, defaults, rules) and of dnn/engine/tensorSpecs.ts and groupInputRange.ts (the
names and shapes of every tensor). test/cli/train.torch.test.ts compares both sides' output for every
built-in network. The JSON Schema itself is checked on the TypeScript side; here only what the
derivation relies on is checked, each failure one TrainError naming the file and the field.

Run `python3 -m dnn.train.spec FILE` to print the resolved layers and tensors as JSON.
"""
import json
import sys

from .errors import TrainError

STRUCTURES = ('block-diagonal', 'cumulative')
KINDS = ('conv', 'pool', 'fc')
BATCH_NORM_PARTS = ('gamma', 'beta', 'mean', 'var')


def load_spec(path):
    """Reads and resolves a network file; TrainError if it cannot be read or is not a valid spec."""
    try:
        with open(path, 'r', encoding='utf-8') as f:
            text = f.read()
    except OSError as err:
        raise TrainError(f'{path}: cannot be read ({err.strerror or err})') from None
    try:
        spec = json.loads(text)
    except ValueError as err:
        raise TrainError(f'{path}: is not JSON ({err})') from None
    return resolve_network(spec, path)


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def resolve_network(spec, file):
    """The resolved network: a dict with id, input, groups, structure and layers (the TypeScript Layer
    fields: name, kind, inChannels, outChannels, kernel, stride, padding, inH, inW, outH, outW,
    grouped, batchNorm, readsInput, inputGrouped)."""

    def fail(field, problem):
        raise TrainError(f'{file}: {field}: {problem}')

    if not isinstance(spec, dict):
        raise TrainError(f'{file}: must be a JSON object')
    for field in ('id', 'input', 'groups', 'structure', 'layers'):
        if field not in spec:
            fail(field, 'is required but missing')
    if not isinstance(spec['id'], str) or spec['id'] == '':
        fail('id', 'must be a non-empty string')
    inp = spec['input']
    if not (isinstance(inp, list) and len(inp) == 3 and all(_is_int(v) and v >= 1 for v in inp)):
        fail('input', 'must be [channels, height, width], three whole numbers >= 1')
    if not _is_int(spec['groups']) or spec['groups'] < 1:
        fail('groups', 'must be a whole number >= 1')
    if spec['structure'] not in STRUCTURES:
        fail('structure', f'must be one of {", ".join(STRUCTURES)}')
    if not isinstance(spec['layers'], list) or len(spec['layers']) == 0:
        fail('layers', 'must be a non-empty list')
    return {
        'id': spec['id'],
        'input': list(inp),
        'groups': spec['groups'],
        'structure': spec['structure'],
        'layers': _resolve_layers(spec, file),
    }


def _resolve_layers(spec, file):
    G = spec['groups']
    kinds = [layer.get('kind') if isinstance(layer, dict) else None for layer in spec['layers']]
    last_fc = max((i for i, kind in enumerate(kinds) if kind == 'fc'), default=-1)
    first_index_of_name = {}
    layers = []
    incoming = {'channels': spec['input'][0], 'h': spec['input'][1], 'w': spec['input'][2], 'grouped': False}
    previous_kind = None
    conv_seen = False

    for index, layer_spec in enumerate(spec['layers']):
        def fail(field, problem, index=index):
            raise TrainError(f'{file}: layers[{index}]{"" if field == "" else "." + field}: {problem}')

        if not isinstance(layer_spec, dict):
            fail('', 'must be an object')
        name = layer_spec.get('name')
        if not isinstance(name, str) or name == '':
            fail('name', 'is required: a non-empty string')
        kind = layer_spec.get('kind')
        if kind not in KINDS:
            fail('kind', f'must be one of {", ".join(KINDS)}')
        for field in ('outChannels', 'kernel', 'stride'):
            if field in layer_spec and not (_is_int(layer_spec[field]) and layer_spec[field] >= 1):
                fail(field, 'must be a whole number >= 1')
        if 'padding' in layer_spec and not (_is_int(layer_spec['padding']) and layer_spec['padding'] >= 0):
            fail('padding', 'must be a whole number >= 0')
        for field in ('grouped', 'batchNorm'):
            if field in layer_spec and not isinstance(layer_spec[field], bool):
                fail(field, 'must be true or false')

        if name in first_index_of_name:
            fail('name', f"duplicates layers[{first_index_of_name[name]}].name ('{name}')")
        first_index_of_name[name] = index
        if kind != 'fc' and previous_kind == 'fc':
            fail('kind', f'a {kind} layer cannot follow an fc layer (fc flattens its input; only fc may follow)')
        if kind == 'pool' and not conv_seen:
            fail('kind', 'a pool layer needs a conv layer before it')

        if kind == 'fc':
            layer = _resolve_fc(layer_spec, incoming, index == last_fc, fail)
        else:
            layer = _resolve_windowed(layer_spec, incoming, fail)
        if layer['kind'] != 'pool' and layer['grouped'] and layer['outChannels'] % G != 0:
            fail('outChannels', f'must be divisible by groups ({G})')
        layer['readsInput'] = index == 0
        layer['inputGrouped'] = incoming['grouped']
        layers.append(layer)
        incoming = {'channels': layer['outChannels'], 'h': layer['outH'], 'w': layer['outW'], 'grouped': layer['grouped']}
        previous_kind = kind
        conv_seen = conv_seen or kind == 'conv'
    return layers


def _resolve_windowed(spec, incoming, fail):
    is_pool = spec['kind'] == 'pool'
    if 'kernel' not in spec:
        fail('kernel', f'is required for a {spec["kind"]} layer')
    kernel = spec['kernel']
    stride = spec.get('stride', 1)
    padding = spec.get('padding', 0)
    if is_pool:
        if 'outChannels' in spec:
            fail('outChannels', 'must not be given for a pool layer (it keeps its input channels)')
        if spec.get('batchNorm') is True:
            fail('batchNorm', 'must not be true for a pool layer (a pool has no parameters)')
        if 'grouped' in spec and spec['grouped'] != incoming['grouped']:
            fail('grouped', f'must be {"true" if incoming["grouped"] else "false"} like the layer before it (a pool keeps its input\'s groups)')
        if 2 * padding > kernel:
            fail('padding', f'must be at most half the kernel ({kernel}) for a pool layer')
        out_channels = incoming['channels']
    else:
        if 'outChannels' not in spec:
            fail('outChannels', 'is required for a conv layer')
        out_channels = spec['outChannels']
    out_h = (incoming['h'] + 2 * padding - kernel) // stride + 1
    out_w = (incoming['w'] + 2 * padding - kernel) // stride + 1
    if out_h < 1 or out_w < 1:
        fail('kernel', f'leaves no output: a {incoming["h"]}x{incoming["w"]} input with kernel {kernel}, stride {stride}, '
                       f'padding {padding} gives {out_h}x{out_w}')
    return {
        'name': spec['name'], 'kind': spec['kind'],
        'inChannels': incoming['channels'], 'outChannels': out_channels,
        'kernel': kernel, 'stride': stride, 'padding': padding,
        'inH': incoming['h'], 'inW': incoming['w'], 'outH': out_h, 'outW': out_w,
        'grouped': incoming['grouped'] if is_pool else spec.get('grouped', True),
        'batchNorm': spec.get('batchNorm', False),
    }


def _resolve_fc(spec, incoming, is_classifier, fail):
    for field in ('kernel', 'stride', 'padding'):
        if field in spec:
            fail(field, 'must not be given for an fc layer (it reads its whole input flattened)')
    if 'outChannels' not in spec:
        fail('outChannels', 'is required for an fc layer')
    return {
        'name': spec['name'], 'kind': 'fc',
        'inChannels': incoming['channels'] * incoming['h'] * incoming['w'], 'outChannels': spec['outChannels'],
        'kernel': 1, 'stride': 1, 'padding': 0, 'inH': 1, 'inW': 1, 'outH': 1, 'outW': 1,
        'grouped': spec.get('grouped', not is_classifier),
        'batchNorm': spec.get('batchNorm', False),
    }


def group_input_range(net, layer, j):
    """Input channels [from, from + count) that group j (1-based) of a grouped layer reads
    (dnn/engine/groupInputRange.ts)."""
    if not layer['inputGrouped']:
        return 0, layer['inChannels']
    per_group = layer['inChannels'] // net['groups']
    if net['structure'] == 'cumulative':
        return 0, j * per_group
    return (j - 1) * per_group, per_group


def tensor_specs(net):
    """Every tensor of the network in canonical order, as (name, shape) (dnn/engine/tensorSpecs.ts)."""
    specs = []
    for layer in net['layers']:
        if layer['kind'] == 'pool':
            continue
        if not layer['grouped']:
            _push_block(specs, layer, layer['name'], layer['outChannels'], layer['inChannels'])
            continue
        for j in range(1, net['groups'] + 1):
            _push_block(specs, layer, f'{layer["name"]}.g{j}', layer['outChannels'] // net['groups'],
                        group_input_range(net, layer, j)[1])
    return specs


def _push_block(specs, layer, prefix, out, inputs):
    k = layer['kernel']
    specs.append((f'{prefix}.weight', [out, inputs, k, k] if layer['kind'] == 'conv' else [out, inputs]))
    specs.append((f'{prefix}.bias', [out]))
    if layer['batchNorm']:
        for part in BATCH_NORM_PARTS:
            specs.append((f'{prefix}.bn.{part}', [out]))


def main(argv):
    if len(argv) != 1:
        print('usage: python3 -m dnn.train.spec NETWORK.json', file=sys.stderr)
        return 2
    try:
        net = load_spec(argv[0])
    except TrainError as err:
        print(f'dnn.train.spec: error: {err}', file=sys.stderr)
        return 2
    tensors = [{'name': name, 'shape': shape} for name, shape in tensor_specs(net)]
    print(json.dumps({**net, 'tensors': tensors}))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
