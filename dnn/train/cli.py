"""The training command: load the spec and the data, train stage by stage, check the freeze law,
export. Progress goes to stderr, one line per stage and per epoch; a summary goes to stdout as JSON;
a bad input ends as one line 'dnn.train: error: ...' on stderr and exit code 2."""
import argparse
import datetime
import json
import os
import platform
import shlex
import sys
import time

from .errors import TrainError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NETWORKS_DIR = os.path.join(ROOT, 'dnn', 'networks')
DEFAULT_DNN = 'alexnet-cifar10-g4'
DEFAULT_EPOCHS = 5
DEFAULT_SEED = 1
# Trained only on the summed logits, a new group learns the frozen ones' training-set residual and
# generalises no better (Fashion-MNIST, 5 epochs: g = 1 0.9213, g = 2 0.9210); as a classifier of its
# own it adds an ensemble member (dnn/train/README.md, "The method").
DEFAULT_OWN_WEIGHT = 1.0
LAW_IMAGES = 500
ERROR_PREFIX = 'dnn.train: error: '


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise TrainError(message)


def parse_args(argv):
    p = _Parser(prog='python3 -m dnn.train', description='incremental group training of a twinrtm network')
    p.add_argument('--dataset', required=True, help='fashion-mnist or cifar10')
    p.add_argument('--data', help='data folder (default for fashion-mnist: /usr/share/datasets/fashion-mnist)')
    p.add_argument('--epochs', type=int, default=DEFAULT_EPOCHS, help='epochs per stage (each of the G stages)')
    p.add_argument('--seed', type=int, default=DEFAULT_SEED)
    p.add_argument('--limit', type=int, help='use only the first N train and the first N test images')
    p.add_argument('--dnn', default=DEFAULT_DNN, help='a built-in network id (dnn/networks/ID.json)')
    p.add_argument('--network', help='a network file instead of --dnn')
    p.add_argument('--out', required=True, help='output folder')
    p.add_argument('--stages', type=int, help='train stages 1..S only (default all G); later groups stay untrained')
    p.add_argument('--threads', type=int, default=os.cpu_count() or 1, help='PyTorch intra-op threads')
    p.add_argument('--check-images', type=int, default=8, help='test images whose logits go to check.json')
    p.add_argument('--no-onnx', action='store_true', help='skip the ONNX files')
    p.add_argument('--own-weight', type=float, default=DEFAULT_OWN_WEIGHT,
                   help="stages 2..G: the loss is (1 - W) x the loss of the k groups' summed logits + W x the loss of "
                        "group k's own logits (its classifier columns and the bias); 1 trains every group as a classifier "
                        'of its own, an ensemble (default 1)')
    p.add_argument('--command', help='the command line recorded as the source (default: this one)')
    args = p.parse_args(argv)
    if args.dataset not in ('fashion-mnist', 'cifar10'):
        raise TrainError(f"unknown dataset '{args.dataset}' (valid: fashion-mnist, cifar10)")
    if not 0 <= args.own_weight <= 1:
        raise TrainError(f'--own-weight {args.own_weight} must be 0..1')
    for name in ('epochs', 'limit', 'threads'):
        value = getattr(args, name)
        if value is not None and value < 1:
            raise TrainError(f'--{name} {value} must be at least 1')
    if not 0 <= args.seed <= 2 ** 32 - 1:
        raise TrainError(f'--seed {args.seed} must be 0..4294967295')
    if args.check_images < 0:
        raise TrainError(f'--check-images {args.check_images} must be at least 0')
    return args


def network_path(args):
    if args.network:
        return args.network
    path = os.path.join(NETWORKS_DIR, f'{args.dnn}.json')
    if not os.path.isfile(path):
        valid = sorted(f[:-5] for f in os.listdir(NETWORKS_DIR) if f.endswith('.json'))
        raise TrainError(f"unknown dnn '{args.dnn}' (valid: {', '.join(valid)})")
    return path


def _check_out(given, out_dir):
    """Refuses an output folder that cannot be made before any data is read or anything trained."""
    if os.path.exists(out_dir) and not os.path.isdir(out_dir):
        raise TrainError(f'--out {given}: exists and is not a folder')
    ancestor = out_dir
    while not os.path.exists(ancestor):
        ancestor = os.path.dirname(ancestor)
    if not os.path.isdir(ancestor):
        raise TrainError(f'--out {given}: {ancestor} is not a folder')
    if not os.access(ancestor, os.W_OK | os.X_OK):
        raise TrainError(f'--out {given}: {ancestor} is not writable')


def main(argv, err=None, out=None):
    return run_command(run, argv, err, out)


def run_command(run_fn, argv, err=None, out=None):
    """Runs a command's run_fn(argv, progress): progress lines to err, the summary to out as JSON; a bad
    input is one 'dnn.train: error: ...' line and exit 2."""
    err = err or sys.stderr
    out = out or sys.stdout
    try:
        summary = run_fn(argv, lambda line: print(line, file=err, flush=True))
    except TrainError as e:
        print(ERROR_PREFIX + ' '.join(str(e).split('\n')), file=err, flush=True)
        return 2
    except OSError as e:
        # An output folder or file that cannot be written: one line, like every other bad input.
        print(f'{ERROR_PREFIX}{e.filename or ""}: {e.strerror or e}', file=err, flush=True)
        return 2
    print(json.dumps(summary), file=out, flush=True)
    return 0


def run(argv, progress):
    import torch

    from .data import load_dataset, to_input
    from .evaluate import confidence_metrics, split_name, write_predictions
    from .export import export_onnx, write_json, write_weights
    from .incremental import logits_of, top1, train_stage
    from .model import GroupNet
    from .spec import load_spec

    args = parse_args(argv)
    command = args.command or '/usr/bin/python3 -m dnn.train ' + shlex.join(argv)
    net = load_spec(network_path(args))
    G = net['groups']
    last = net['layers'][-1]
    if args.own_weight > 0 and G > 1 and not (last['kind'] == 'fc' and not last['grouped'] and last['inputGrouped']
                                              and not last['batchNorm']):
        raise TrainError(f"--own-weight {args.own_weight}: {net['id']}'s last layer {last['name']} does not add the groups' "
                         'contributions (a fc, not grouped, reading grouped features, without batch-norm), so a group has '
                         'no logits of its own; pass --own-weight 0')
    stages = args.stages or G
    if not 1 <= stages <= G:
        raise TrainError(f'--stages {stages} must be 1..{G}')
    out_dir = os.path.abspath(args.out)
    _check_out(args.out, out_dir)

    data = load_dataset(args.dataset, args.data, net['input'], args.limit)
    progress(f'{data.name} from {data.directory}: {len(data.train_labels)} train and {len(data.test_labels)} test images'
             f'{" (--limit " + str(args.limit) + ")" if args.limit else ""}')
    os.makedirs(out_dir, exist_ok=True)

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    train_x, train_y = torch.from_numpy(data.train_images), torch.from_numpy(data.train_labels)
    test_x, test_y = torch.from_numpy(data.test_images), torch.from_numpy(data.test_labels)
    model = GroupNet(net, seed=args.seed)
    started = time.perf_counter()
    history, table, law_logits = [], {}, {}
    law_x = test_x[:LAW_IMAGES]
    for k in range(1, stages + 1):
        frozen = 'nothing frozen' if k == 1 else 'group 1 frozen' if k == 2 else f'groups 1..{k - 1} frozen'
        progress(f'stage {k}/{G}: training group {k} ({frozen}), {args.epochs} epoch{"s" if args.epochs > 1 else ""} '
                 f'of {len(train_y)} images')

        def report(epoch, stats, k=k):
            tested = f', test top-1 (g={k}) {stats["eval"]:.4f}' if 'eval' in stats else ''
            progress(f'stage {k}/{G} epoch {epoch}/{args.epochs}: loss {stats["loss"]:.4f}, train top-1 {stats["trainTop1"]:.4f}'
                     f'{tested}, {stats["seconds"]:.1f} s')

        history += train_stage(model, k, train_x, train_y, args.epochs, args.seed, on_epoch=report,
                               eval_fn=lambda k=k: top1(model, test_x, test_y, k), own_weight=args.own_weight)
        table[k] = history[-1]['eval']
        law_logits[k] = logits_of(model, law_x, k)
    seconds = time.perf_counter() - started

    # The law incremental training promises: every g answers exactly as it did right after its stage.
    for g in range(1, stages + 1):
        if not torch.equal(logits_of(model, law_x, g), law_logits[g]):
            raise RuntimeError(f'the logits with g = {g} changed after stage {g}: a frozen parameter moved')
    progress(f'checked: the logits of {len(law_x)} test images for every g are bit-for-bit those right after its stage')

    date = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    split = split_name(len(test_y), data.test_total)
    entries = [{'groups': g, 'top1': table[g]} for g in range(1, stages + 1)]
    accuracy = {'source': {'dataset': data.name, 'split': split, 'epochs': args.epochs, 'seed': args.seed, 'date': date,
                           'command': command},
                'entries': entries}
    source = {
        'kind': 'trained', 'dataset': data.name, 'date': date, 'command': command,
        'epochs': args.epochs, 'epochsMeaning': 'per stage; stage k trains group k with groups 1..k-1 frozen',
        'ownWeight': args.own_weight,
        'loss': "stages 2..G: (1 - ownWeight) x cross-entropy of the k groups' summed logits + ownWeight x cross-entropy "
                "of group k's own logits (its classifier columns and the bias)",
        'stages': stages, 'seed': args.seed,
        'trainImages': len(train_y), 'testImages': len(test_y), 'testTop1': [{'groups': e['groups'], 'top1': e['top1']} for e in entries],
        'input': 'pixel / 255, channel-major C x H x W'
                 + ('; 28x28 grey images padded with 2 zero pixels on every side and repeated over 3 channels'
                    if args.dataset == 'fashion-mnist' else ''),
        'framework': f'PyTorch {torch.__version__}', 'python': platform.python_version(),
        'trainingSeconds': round(seconds, 1),
    }

    files = {}
    base = os.path.join(out_dir, net['id'])
    files['weights'] = base + '.weights.json'
    write_weights(model, files['weights'], base + '.weights.bin', source)
    files['bin'] = base + '.weights.bin'
    if not args.no_onnx:
        files['onnx'] = []
        for g in range(1, G + 1):
            path = f'{base}.g{g}.onnx'
            export_onnx(model, path, g)
            files['onnx'].append(path)
    files['predictions'] = os.path.join(out_dir, 'predictions.json')
    predictions = write_predictions(files['predictions'], model, test_x, test_y, data.name, split, files['bin'])
    metrics = confidence_metrics(predictions)
    for entry in entries:
        entry.update(metrics[entry['groups']])
    files['accuracy'] = os.path.join(out_dir, 'accuracy.json')
    write_json(files['accuracy'], accuracy)

    check_x = test_x[:args.check_images]
    check_logits = [logits_of(model, check_x, g) for g in range(1, G + 1)]
    inputs = to_input(check_x)
    files['check'] = os.path.join(out_dir, 'check.json')
    write_json(files['check'], {
        'network': net['id'], 'dataset': data.name, 'split': 'test',
        'note': 'PyTorch float32 logits of the first test images for every g, for the cross-check with the TypeScript engine',
        'images': [{'index': i, 'label': int(test_y[i]), 'input': [float(v) for v in inputs[i].flatten()],
                    'logits': [[float(v) for v in check_logits[g][i]] for g in range(G)]}
                   for i in range(len(check_x))],
    })
    files['training'] = os.path.join(out_dir, 'training.json')
    write_json(files['training'], {'network': net['id'], 'source': source, 'accuracy': accuracy, 'history': history,
                                   # the folders are this machine's; the command above keeps what the user typed
                                   'args': {k: v for k, v in vars(args).items() if k not in ('out', 'data')},
                                   'threads': torch.get_num_threads()})
    progress(f'wrote {out_dir}: ' + ', '.join(os.path.basename(p) for v in files.values() for p in (v if isinstance(v, list) else [v])))
    return {'out': out_dir, 'files': files, 'accuracy': accuracy, 'trainingSeconds': round(seconds, 1)}
