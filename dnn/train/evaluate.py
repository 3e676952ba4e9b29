"""PyTorch's answers for a weight file: the predicted class of every test image for every g, and top-1.

The training run writes them next to the weights (predictions.json); `python3 -m dnn.train.evaluate`
writes them for any engine weight file. The TypeScript engine is checked against them image by image
(`twinrtm accuracy`), which is stronger than comparing two accuracies: equal top-1 with different wrong
answers would pass that, not this. The weight file's .bin is named by its SHA-256, so predictions
cannot be taken for other weights.
"""
import argparse
import base64
import datetime
import hashlib
import json
import os
import sys

from .errors import TrainError

ERROR_PREFIX = 'dnn.train.evaluate: error: '


# Probabilities are stored as little-endian uint16 in units of 1/65535 (0 and 1 exact, steps of 1.5e-5),
# base64: 27 KB per g and quantity for 10,000 images, where decimal text would take ten times that.
PROBABILITY_SCALE = 65535


def encode_probabilities(p):
    """Probabilities in [0, 1] as base64 of little-endian uint16 (value x 65535, rounded)."""
    import numpy as np
    q = np.rint(np.clip(np.asarray(p, dtype=np.float64), 0.0, 1.0) * PROBABILITY_SCALE).astype('<u2')
    return base64.b64encode(q.tobytes()).decode('ascii')


def decode_probabilities(text):
    import numpy as np
    return np.frombuffer(base64.b64decode(text), dtype='<u2').astype(np.float64) / PROBABILITY_SCALE


ECE_BINS = 15


def confidence_metrics(table):
    """Per g: mean probability of the predicted class (confidence), of the true class
    (correctConfidence), the total of the true class's over g = G's (normalisedCorrectConfidence) and the
    expected calibration error over 15 equal-width bins (ece), from the stored (quantised)
    probabilities, as dnn/confidence.ts computes them; rounded to 6 decimals."""
    import numpy as np
    labels = np.array([int(c) for c in table['labels']], dtype=np.int64)
    n = len(labels)
    full = max(table['entries'], key=lambda e: e['groups'])
    full_total = float(decode_probabilities(full['correctProbability']).sum())
    out = {}
    for e in table['entries']:
        top = decode_probabilities(e['topProbability'])
        right = decode_probabilities(e['correctProbability'])
        correct = np.array([int(c) for c in e['predictions']], dtype=np.int64) == labels
        bins = np.clip(np.ceil(top * ECE_BINS).astype(np.int64) - 1, 0, ECE_BINS - 1)
        ece = 0.0
        for b in range(ECE_BINS):
            members = bins == b
            k = int(members.sum())
            if k:
                ece += k / n * abs(float(correct[members].mean()) - float(top[members].mean()))
        out[e['groups']] = {'confidence': round(float(top.mean()), 6) if n else 0.0,
                            'correctConfidence': round(float(right.mean()), 6) if n else 0.0,
                            'normalisedCorrectConfidence': round(float(right.sum()) / full_total, 6) if full_total else 0.0,
                            'ece': round(ece, 6)}
    return out


def predictions_table(model, images, labels, dataset, split):
    """{groups, top1, correct, predictions, topProbability, correctProbability} for every g.

    predictions is one digit per image; topProbability is the softmax probability of the predicted class
    and correctProbability that of the true class, per image (encode_probabilities), from which twinrtm
    computes the confidence metrics (dnn/confidence.ts) and anytime inference's stopping group.
    """
    import torch
    from .incremental import logits_of
    classes = model.net['layers'][-1]['outChannels']
    if classes > 10:
        raise TrainError(f'{model.net["id"]} has {classes} classes; predictions are written one digit per image')
    entries = []
    for g in range(1, model.G + 1):
        logits = logits_of(model, images, g)
        predicted = logits.argmax(1)
        correct = int((predicted == labels).sum())
        # Softmax in float64 of the float32 logits, as the TypeScript side computes it.
        p = torch.softmax(logits.double(), 1) if len(labels) else torch.empty((0, classes), dtype=torch.float64)
        top = p.gather(1, predicted.view(-1, 1)).view(-1)
        right = p.gather(1, labels.long().view(-1, 1)).view(-1)
        entries.append({'groups': g, 'top1': correct / len(labels) if len(labels) else 0.0, 'correct': correct,
                        'predictions': ''.join(str(int(c)) for c in predicted),
                        'topProbability': encode_probabilities(top.numpy()),
                        'correctProbability': encode_probabilities(right.numpy())})
    return {'network': model.net['id'], 'dataset': dataset, 'split': split, 'images': len(labels),
            'labels': ''.join(str(int(c)) for c in labels), 'entries': entries}


def write_predictions(path, model, images, labels, dataset, split, bin_path):
    import torch
    from .export import write_json
    table = predictions_table(model, images, labels, dataset, split)
    table = {'note': "PyTorch's predicted class (argmax of the logits) of every image, per active-group count, "
                     'in test-split order, with the softmax probability of that class and of the true one '
                     '(base64 of little-endian uint16, value / 65535); checked against the engine by twinrtm accuracy',
             'weightsSha256': sha256_of(bin_path), 'framework': f'PyTorch {torch.__version__}', **table}
    write_json(path, table)
    return table


def add_confidence(path, metrics, command):
    """Adds the confidence metrics to an accuracy table's entries, with the command that measured them."""
    from .export import write_json
    try:
        with open(path, 'r', encoding='utf-8') as f:
            accuracy = json.load(f)
    except (OSError, ValueError) as e:
        raise TrainError(f'{path}: cannot read the accuracy table ({e})')
    for entry in accuracy.get('entries', []):
        if entry.get('groups') not in metrics:
            raise TrainError(f'{path}: g = {entry.get("groups")} has no predictions to measure confidence from')
        entry.update(metrics[entry['groups']])
    date = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    accuracy['source']['confidence'] = {'date': date, 'command': command}
    write_json(path, accuracy)


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
    p.add_argument('--accuracy', help="add the confidence metrics to this accuracy table's entries (accuracy.json), "
                                      'saying how they were measured')
    args = p.parse_args(argv)
    args.argv = list(argv)
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
    metrics = confidence_metrics(table)
    for entry in table['entries']:
        m = metrics[entry['groups']]
        print(f'g={entry["groups"]}: top-1 {entry["top1"]:.4f} ({entry["correct"]}/{table["images"]}), '
              f'confidence {m["confidence"]:.4f}, ECE {m["ece"]:.4f}', file=sys.stderr)
    if args.accuracy:
        add_confidence(args.accuracy, metrics, ' '.join(['python3 -m dnn.train.evaluate'] + args.argv))
    if args.onnx:
        os.makedirs(args.onnx, exist_ok=True)
        for g in range(1, net['groups'] + 1):
            export_onnx(model, os.path.join(args.onnx, f'{net["id"]}.g{g}.onnx'), g)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
