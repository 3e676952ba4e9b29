"""`/usr/bin/python3 -m dnn.train.export_groups --dnn ID [--weights MANIFEST] [--out DIR]`: one ONNX file
per group from a network's weight files (default: the committed ones, dnn/weights/ID/), and a
manifest ID.groups.json beside them. Running g groups is running files 1..g and adding their outputs
to the classifier's bias (in the manifest): parameter memory stays one model's, pruned groups are never
run. Before anything is written, the group paths are checked in PyTorch: the bias plus groups 1..g
equal the network's logits with g groups on seeded inputs (the ONNX files themselves are checked
against PyTorch's logits by the TypeScript tests, test/dnn/engine/onnxEngine.test.ts). A bad input ends as one line
'dnn.train: error: ...' and exit 2."""
import argparse
import os
import shlex
import sys

from .errors import TrainError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECK_TOLERANCE = 1e-4


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise TrainError(message)


def parse_args(argv):
    p = _Parser(prog='python3 -m dnn.train.export_groups', description='per-group ONNX files of a twinrtm network')
    p.add_argument('--dnn', default='alexnet-cifar10-g4', help='a built-in network id (dnn/networks/ID.json)')
    p.add_argument('--weights', help='the weight manifest (default: dnn/weights/ID/ID.weights.json)')
    p.add_argument('--out', help='output folder (default: dnn/weights/ID/onnx)')
    p.add_argument('--whole', action='store_true',
                   help='also write one single-file model per g (ID.g1.onnx ...), the peer npm run bench times the executor against')
    return p.parse_args(argv)


def run(argv, progress):
    import torch

    from .evaluate import sha256_of
    from .export import export_group_onnx, export_onnx, group_path_logits, groups_are_separable, read_weights, write_json
    from .model import GroupNet
    from .spec import load_spec

    args = parse_args(argv)
    spec_path = os.path.join(ROOT, 'dnn', 'networks', f'{args.dnn}.json')
    if not os.path.isfile(spec_path):
        raise TrainError(f"unknown dnn '{args.dnn}' (no {os.path.relpath(spec_path, ROOT)})")
    net = load_spec(spec_path)
    if not groups_are_separable(net):
        raise TrainError(f"{net['id']}: its groups are not separate paths (block-diagonal, every layer but the classifier "
                         'grouped, an additive classifier), so it has no per-group files; export one file per g instead')
    weights = args.weights or os.path.join(ROOT, 'dnn', 'weights', net['id'], f"{net['id']}.weights.json")
    if not os.path.isfile(weights):
        raise TrainError(f'--weights {weights}: no such file')
    out_dir = os.path.abspath(args.out or os.path.join(os.path.dirname(weights), 'onnx'))
    os.makedirs(out_dir, exist_ok=True)

    model = GroupNet(net)
    model.load_engine_tensors(read_weights(weights, net))
    model.eval()
    classifier = model.layers[len(net['layers']) - 1].shared
    bias = [float(v) for v in classifier.bias.detach()]

    G = net['groups']
    # The law the files stand on, in PyTorch: the bias plus groups 1..g is the network with g groups.
    c, h, w = net['input']
    x = torch.rand((4, c, h, w), generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        parts = [group_path_logits(model, x, j) for j in range(1, G + 1)]
        for g in range(1, G + 1):
            summed = classifier.bias + sum(parts[:g])
            worst = float((summed - model(x, g)).abs().max())
            if worst > CHECK_TOLERANCE:
                raise TrainError(f'g = {g}: the bias plus groups 1..{g} differ from the network by {worst}')
    progress('checked: the bias plus groups 1..g equal the network with g groups for every g (4 seeded inputs)')

    files = []
    for j in range(1, G + 1):
        path = os.path.join(out_dir, f"{net['id']}.group{j}.onnx")
        temporary = path + '.tmp'
        export_group_onnx(model, temporary, j)
        os.replace(temporary, path)
        files.append({'group': j, 'file': os.path.basename(path), 'sha256': sha256_of(path), 'bytes': os.path.getsize(path)})
        progress(f'group {j}/{G}: {os.path.basename(path)} ({os.path.getsize(path)} bytes)')

    whole = []
    if args.whole:
        for g in range(1, G + 1):
            path = os.path.join(out_dir, f"{net['id']}.g{g}.onnx")
            export_onnx(model, path, g)
            whole.append(path)

    bin_path = os.path.join(os.path.dirname(weights), read_manifest_bin(weights))
    manifest = {
        'format': 'twinrtm-onnx-groups',
        'version': 1,
        'network': net['id'],
        'groups': G,
        'weights': {'sha256': sha256_of(bin_path)},
        'input': {'name': 'input', 'shape': ['batch', c, h, w], 'meaning': 'pixel / 255, channel-major C x H x W'},
        'output': {'name': 'logits', 'meaning': "group j's share of the logits, without the classifier's bias"},
        'bias': bias,
        'files': files,
        'exporter': f'PyTorch {torch.__version__}, torch.onnx.export opset 13',
        'command': shlex.join(['/usr/bin/python3', '-m', 'dnn.train.export_groups', *argv]),
    }
    path = os.path.join(out_dir, f"{net['id']}.groups.json")
    write_json(path, manifest)
    return {'manifest': path, 'files': [os.path.join(out_dir, f['file']) for f in files], 'whole': whole}


def read_manifest_bin(weights):
    import json
    with open(weights, 'r', encoding='utf-8') as f:
        return json.load(f)['bin']


def main(argv, err=None, out=None):
    from .cli import run_command
    return run_command(run, argv, err, out)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
