"""`/usr/bin/python3 -m dnn.train.runner [--dnn ID] [--weights MANIFEST] [--threads N] [--device auto|cpu|cuda]
[--seed N]`: the PyTorch workload, speaking twinrtm's workload protocol (hil/workload/protocol.ts) on
stdin/stdout, as the built-in engine runner does: one request `{"groups": g, ...}` per line, one reply
`{"latencyMs": t, "class": c, "label": l, "confidence": p}` per request (p: the answer's softmax
probability), after a ready line; anytime inference (`"confidenceThreshold"`) is refused: this model
computes a g from scratch, so a cascade here would cost what the engines' does not. It feeds the same images as
the built-in runners: the first 500 Fashion-MNIST test images (Debian's data set where installed, else
the committed fixture) in the order mulberry32(seed) shuffles them. On CUDA where PyTorch sees a
device (--device auto, the default), else on the CPU (NVIDIA's PyTorch on a Jetson); no GPU is lent to this project, so that path follows
PyTorch's documentation (torch.cuda.synchronize before the clock is read) and is untested here."""
import argparse
import json
import os
import sys
import time

from .errors import TrainError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PREFIX = 'torch runner: '
FED_IMAGES = 500
INSTALLED = '/usr/share/datasets/fashion-mnist'
FIXTURE = os.path.join(ROOT, 'dnn', 'data', 'fixtures', 'fashion-mnist')


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise TrainError(message)


def mulberry32(seed):
    """The project's seeded generator (dnn/engine/mulberry32.ts), number for number."""
    state = seed & 0xFFFFFFFF

    def imul(a, b):
        return (a * b) & 0xFFFFFFFF

    def next_number():
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296
    return next_number


def seeded_order(n, seed):
    """Fisher-Yates with mulberry32, as hil/workload/imageFeed.ts does it."""
    random = mulberry32(seed)
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = int(random() * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


def fed_images(shape):
    """The first 500 test images (N x C x H x W uint8) and labels, and where they came from."""
    from .data import _find_idx, _pad_grey, read_idx
    directory = INSTALLED if os.path.isdir(INSTALLED) else FIXTURE
    images_path = _find_idx(directory, 't10k-images-idx3-ubyte')
    images = read_idx(images_path, 3)[:FED_IMAGES]
    labels = read_idx(_find_idx(directory, 't10k-labels-idx1-ubyte'), 1)[:FED_IMAGES]
    return _pad_grey(images, shape, images_path), labels, 'installed' if directory == INSTALLED else 'fixture'


def run(argv, inp, out):
    p = _Parser(prog='python3 -m dnn.train.runner', description="twinrtm's PyTorch workload (the workload protocol)")
    p.add_argument('--dnn', default='alexnet-cifar10-g4')
    p.add_argument('--weights', help='weight manifest (default: the committed trained weights, dnn/weights/ID/)')
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--device', default='auto', help='auto (CUDA where PyTorch sees a device, else the CPU), cpu or cuda')
    p.add_argument('--seed', type=int, default=1)
    args = p.parse_args(argv)
    if args.threads < 1:
        raise TrainError(f'--threads {args.threads} must be at least 1')
    if args.device not in ('auto', 'cpu', 'cuda'):
        raise TrainError(f"--device {args.device}: expected auto, cpu or cuda")
    if not 0 <= args.seed <= 2 ** 32 - 1:
        raise TrainError(f'--seed {args.seed} must be 0..4294967295')

    import torch

    from .export import read_weights
    from .model import GroupNet
    from .spec import load_spec

    if args.device == 'auto':
        args.device = 'cuda' if torch.cuda.is_available() else 'cpu'
    if args.device == 'cuda' and not torch.cuda.is_available():
        raise TrainError('--device cuda: this PyTorch sees no CUDA device (on a Jetson, install NVIDIA\'s PyTorch for JetPack)')
    spec_path = os.path.join(ROOT, 'dnn', 'networks', f'{args.dnn}.json')
    if not os.path.isfile(spec_path):
        raise TrainError(f"unknown dnn '{args.dnn}'")
    net = load_spec(spec_path)
    weights = args.weights or os.path.join(ROOT, 'dnn', 'weights', net['id'], f"{net['id']}.weights.json")
    if not os.path.isfile(weights):
        raise TrainError(f'{weights}: no such weight file')
    with open(weights, 'r', encoding='utf-8') as f:
        trained_on = (json.load(f).get('source') or {}).get('dataset')
    if trained_on != 'Fashion-MNIST':
        # The images it feeds are Fashion-MNIST's: a class from other weights would mean nothing.
        raise TrainError(f'{weights}: trained on {trained_on or "no data set"}, but this runner feeds Fashion-MNIST test '
                         'images; run such weights with --engine ts')
    torch.set_num_threads(args.threads)
    model = GroupNet(net)
    model.load_engine_tensors(read_weights(weights, net))
    model.eval()
    device = torch.device(args.device)
    model.to(device)
    images, labels, origin = fed_images(net['input'])
    order = seeded_order(len(labels), args.seed)
    inputs = [torch.from_numpy(images[i:i + 1].copy()).float().div_(255.0).to(device) for i in order]
    G = net['groups']

    def reply(value):
        out.write(json.dumps(value) + '\n')
        out.flush()

    reply({'ready': True, 'engine': 'torch', 'framework': f'PyTorch {torch.__version__}', 'device': args.device,
           'dnn': net['id'], 'threads': args.threads,
           'images': {'dataset': 'Fashion-MNIST', 'images': len(order), 'order': f'seeded ({args.seed})', 'origin': origin}})
    k = 0
    with torch.no_grad():
        for line in inp:
            if line.strip() == '':
                continue
            try:
                request = json.loads(line)
            except ValueError:
                reply({'error': f'not JSON: {line[:80]}'})
                continue
            g = request.get('groups') if isinstance(request, dict) else None
            if not (isinstance(g, int) and not isinstance(g, bool) and 1 <= g <= G):
                reply({'error': f'groups must be an integer 1..{G}'})
                continue
            if isinstance(request, dict) and request.get('confidenceThreshold') is not None:
                reply({'error': 'anytime inference is not available in the PyTorch workload (ONNX Runtime and the TypeScript engine run it)'})
                continue
            i = k % len(order)
            k += 1
            start = time.perf_counter()
            logits = model(inputs[i], g)
            if args.device == 'cuda':
                torch.cuda.synchronize()
            latency_ms = (time.perf_counter() - start) * 1000
            confidence = float(torch.softmax(logits.double(), 1).max())
            reply({'latencyMs': latency_ms, 'class': int(logits.argmax(1)[0]), 'label': int(labels[order[i]]), 'confidence': confidence})


def main():
    try:
        import numpy  # noqa: F401
        import torch  # noqa: F401
    except ImportError as err:
        print(f"{PREFIX}{sys.executable} cannot import {err.name} ({err}): install Debian's python3-torch and python3-numpy "
              '(apt-get install python3-torch python3-numpy)', file=sys.stderr)
        return 3
    try:
        run(sys.argv[1:], sys.stdin, sys.stdout)
    except TrainError as e:
        print(PREFIX + ' '.join(str(e).split('\n')), file=sys.stderr, flush=True)
        return 2
    except BrokenPipeError:
        return 1  # the parent went away: nobody left to tell
    except (OSError, RuntimeError) as e:
        print(f'{PREFIX}{type(e).__name__}: ' + ' '.join(str(e).split('\n')), file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
