"""PyTorch's answers for a weight file: the predicted class of every test image for every g, and top-1.

The training run writes them next to the weights (predictions.json); `python3 -m dnn.train.evaluate`
writes them for any engine weight file. The TypeScript engine is checked against them image by image
(`twinrtm accuracy`), which is stronger than comparing two accuracies: equal top-1 with different wrong
answers would pass that, not this. The weight file's .bin is named by its SHA-256, so predictions
cannot be taken for other weights.
"""
import argparse
import hashlib
import json
import os
import sys

from .errors import TrainError

ERROR_PREFIX = 'dnn.train.evaluate: error: '


def predictions_table(model, images, labels, dataset, split):
    """{groups, top1, correct, predictions} for every g; predictions is one digit per image."""
    from .incremental import logits_of
    classes = model.net['layers'][-1]['outChannels']
    if classes > 10:
        raise TrainError(f'{model.net["id"]} has {classes} classes; predictions are written one digit per image')
    entries = []
    for g in range(1, model.G + 1):
        predicted = logits_of(model, images, g).argmax(1)
        correct = int((predicted == labels).sum())
        entries.append({'groups': g, 'top1': correct / len(labels) if len(labels) else 0.0, 'correct': correct,
                        'predictions': ''.join(str(int(c)) for c in predicted)})
    return {'network': model.net['id'], 'dataset': dataset, 'split': split, 'images': len(labels),
            'labels': ''.join(str(int(c)) for c in labels), 'entries': entries}


def write_predictions(path, model, images, labels, dataset, split, bin_path):
    import torch
    from .export import write_json
    table = predictions_table(model, images, labels, dataset, split)
    table = {'note': "PyTorch's predicted class (argmax of the logits) of every image, per active-group count, "
                     'in test-split order; checked against the TypeScript engine by twinrtm accuracy',
             'weightsSha256': sha256_of(bin_path), 'framework': f'PyTorch {torch.__version__}', **table}
    write_json(path, table)
    return table


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            digest.update(chunk)
    return digest.hexdigest()


def split_name(count, total):
    return f'test (first {count} of {total} images)' if count < total else f'test ({total} images)'


def main(argv):
    p = argparse.ArgumentParser(prog='python3 -m dnn.train.evaluate',
                                description="PyTorch's predictions and top-1 per g for an engine weight file")
    p.add_argument('--weights', required=True, help='the manifest (ID.weights.json)')
    p.add_argument('--dataset', required=True, choices=('fashion-mnist', 'cifar10'))
    p.add_argument('--data', help='data folder (default for fashion-mnist: /usr/share/datasets/fashion-mnist)')
    p.add_argument('--limit', type=int, help='only the first N test images')
    p.add_argument('--out', required=True, help='the predictions file to write')
    p.add_argument('--onnx', help='also write ID.gG.onnx for every g into this folder')
    args = p.parse_args(argv)
    try:
        run(args)
    except TrainError as e:
        print(ERROR_PREFIX + ' '.join(str(e).split('\n')), file=sys.stderr)
        return 2
    except OSError as e:
        print(f'{ERROR_PREFIX}{e.filename or ""}: {e.strerror or e}', file=sys.stderr)
        return 2
    return 0


def run(args):
    import torch
    from .cli import network_path
    from .data import load_dataset
    from .export import export_onnx, read_weights
    from .model import GroupNet
    from .spec import load_spec

    try:
        with open(args.weights, 'r', encoding='utf-8') as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        raise TrainError(f'{args.weights}: cannot read the weights manifest ({e})')
    if not isinstance(manifest, dict) or not isinstance(manifest.get('network'), str):
        raise TrainError(f'{args.weights}: network: missing; is this a twinrtm weights manifest?')
    if args.limit is not None and args.limit < 1:
        raise TrainError(f'--limit {args.limit} must be at least 1')
    net = load_spec(network_path(argparse.Namespace(network=None, dnn=manifest.get('network'))))
    model = GroupNet(net)
    model.load_engine_tensors(read_weights(args.weights, net))
    model.eval()
    data = load_dataset(args.dataset, args.data, net['input'], args.limit)
    images, labels = torch.from_numpy(data.test_images), torch.from_numpy(data.test_labels)
    bin_path = os.path.join(os.path.dirname(args.weights), manifest['bin'])
    table = write_predictions(args.out, model, images, labels, data.name, split_name(len(labels), data.test_total), bin_path)
    for entry in table['entries']:
        print(f'g={entry["groups"]}: top-1 {entry["top1"]:.4f} ({entry["correct"]}/{table["images"]})', file=sys.stderr)
    if args.onnx:
        os.makedirs(args.onnx, exist_ok=True)
        for g in range(1, net['groups'] + 1):
            export_onnx(model, os.path.join(args.onnx, f'{net["id"]}.g{g}.onnx'), g)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
