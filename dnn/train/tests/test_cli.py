"""The command end to end on a tiny generated Fashion-MNIST, its files, and its one-line errors."""
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest

from dnn.train.cli import main
from dnn.train.evaluate import confidence_metrics, sha256_of

from dnn.train.tests.helpers import ROOT, make_cifar_dir, make_fashion_dir

PYTHON = sys.executable


class CommandTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.data = os.path.join(self.dir, 'fashion')
        make_fashion_dir(self.data, n_train=64, n_test=24)

    def tearDown(self):
        self.tmp.cleanup()

    def run_main(self, *argv):
        out, err = io.StringIO(), io.StringIO()
        code = main(list(argv), err=err, out=out)
        return code, out.getvalue(), err.getvalue()

    def test_end_to_end(self):
        out_dir = os.path.join(self.dir, 'out')
        code, out, err = self.run_main('--dataset', 'fashion-mnist', '--data', self.data, '--epochs', '2', '--seed', '3',
                                       '--out', out_dir, '--no-onnx', '--check-images', '3', '--command', 'twinrtm train ...')
        self.assertEqual(code, 0, err)
        summary = json.loads(out)
        for stage in range(1, 5):
            self.assertIn(f'stage {stage}/4 epoch 2/2: loss ', err)
        self.assertIn('bit-for-bit', err)

        with open(summary['files']['accuracy'], encoding='utf-8') as f:
            accuracy = json.load(f)
        # Shaped like the TypeScript AccuracyTable: exactly these source fields.
        self.assertEqual(sorted(accuracy['source']), ['command', 'dataset', 'date', 'epochs', 'seed', 'split'])
        self.assertEqual({k: accuracy['source'][k] for k in ('dataset', 'split', 'epochs', 'seed', 'command')},
                         {'dataset': 'Fashion-MNIST', 'split': 'test (24 images)', 'epochs': 2, 'seed': 3,
                          'command': 'twinrtm train ...'})
        self.assertRegex(accuracy['source']['date'], r'^\d{4}-\d{2}-\d{2}$')
        self.assertEqual([e['groups'] for e in accuracy['entries']], [1, 2, 3, 4])
        self.assertTrue(all(0 <= e['top1'] <= 1 for e in accuracy['entries']))
        self.assertEqual(summary['accuracy'], accuracy)

        with open(summary['files']['weights'], encoding='utf-8') as f:
            manifest = json.load(f)
        self.assertEqual(manifest['bin'], 'alexnet-cifar10-g4.weights.bin')
        self.assertEqual(os.path.getsize(summary['files']['bin']), 7_570_728)
        source = manifest['source']
        self.assertEqual((source['kind'], source['dataset'], source['epochs'], source['seed'], source['command']),
                         ('trained', 'Fashion-MNIST', 2, 3, 'twinrtm train ...'))
        self.assertEqual(source['testTop1'], [{'groups': e['groups'], 'top1': e['top1']} for e in accuracy['entries']])

        with open(summary['files']['predictions'], encoding='utf-8') as f:
            predictions = json.load(f)
        # The table's top-1s are the predictions': the freeze law keeps every g as its stage left it.
        self.assertEqual([(e['groups'], e['top1']) for e in predictions['entries']],
                         [(e['groups'], e['top1']) for e in accuracy['entries']])
        self.assertEqual((predictions['images'], len(predictions['labels'])), (24, 24))
        self.assertEqual(predictions['weightsSha256'], sha256_of(summary['files']['bin']))
        # The table carries the confidence metrics of the same predictions, the G-group total normalised to 1.
        metrics = confidence_metrics(predictions)
        for e in accuracy['entries']:
            self.assertEqual({k: e[k] for k in ('confidence', 'correctConfidence', 'normalisedCorrectConfidence', 'ece')}, metrics[e['groups']])
        self.assertEqual(accuracy['entries'][-1]['normalisedCorrectConfidence'], 1.0)

        with open(summary['files']['check'], encoding='utf-8') as f:
            check = json.load(f)
        self.assertEqual(len(check['images']), 3)
        self.assertEqual(len(check['images'][0]['input']), 3 * 32 * 32)
        self.assertEqual([len(l) for l in check['images'][0]['logits']], [10, 10, 10, 10])

    def test_limit_and_split(self):
        out_dir = os.path.join(self.dir, 'out')
        code, out, err = self.run_main('--dataset', 'fashion-mnist', '--data', self.data, '--epochs', '1', '--limit', '10',
                                       '--stages', '2', '--out', out_dir, '--no-onnx', '--check-images', '0')
        self.assertEqual(code, 0, err)
        accuracy = json.loads(out)['accuracy']
        self.assertEqual(accuracy['source']['split'], 'test (first 10 of 24 images)')
        self.assertEqual([e['groups'] for e in accuracy['entries']], [1, 2])
        self.assertIn('--limit 10', accuracy['source']['command'])

    def test_cifar10(self):
        cifar = os.path.join(self.dir, 'cifar')
        make_cifar_dir(cifar, per_file=8)
        code, out, err = self.run_main('--dataset', 'cifar10', '--data', cifar, '--epochs', '1', '--stages', '1',
                                       '--out', os.path.join(self.dir, 'out'), '--no-onnx')
        self.assertEqual(code, 0, err)
        self.assertNotIn('Warning', err)
        self.assertIn('CIFAR-10 from ', err)
        accuracy = json.loads(out)['accuracy']
        self.assertEqual((accuracy['source']['dataset'], accuracy['source']['split']), ('CIFAR-10', 'test (8 images)'))

    def expect_refusal(self, argv, *fragments):
        code, out, err = self.run_main(*argv)
        self.assertEqual((code, out), (2, ''))
        self.assertRegex(err, r'^dnn\.train: error: [^\n]+\n$')
        for fragment in fragments:
            self.assertIn(fragment, err)

    def test_bad_input_is_one_line(self):
        out_dir = os.path.join(self.dir, 'out')
        os.remove(os.path.join(self.data, 'train-labels-idx1-ubyte.gz'))
        self.expect_refusal(['--dataset', 'fashion-mnist', '--data', self.data, '--out', out_dir], 'train-labels-idx1-ubyte[.gz]: no such file')
        self.assertFalse(os.path.exists(out_dir))
        self.expect_refusal(['--dataset', 'cifar10', '--out', out_dir], 'cifar10 needs --data DIR')
        self.expect_refusal(['--dataset', 'mnist', '--out', out_dir], "unknown dataset 'mnist'")
        self.expect_refusal(['--dataset', 'cifar10', '--data', self.data, '--dnn', 'vgg', '--out', out_dir],
                            "unknown dnn 'vgg' (valid: alexnet-cifar10-g4, alexnet-cifar10-g4-cumulative)")
        self.expect_refusal(['--dataset', 'fashion-mnist', '--epochs', '0', '--out', out_dir], '--epochs 0 must be at least 1')
        self.expect_refusal(['--dataset', 'fashion-mnist'], 'the following arguments are required: --out')

    def test_own_weight_needs_an_additive_classifier(self):
        with open(os.path.join(ROOT, 'dnn', 'networks', 'alexnet-cifar10-g4.json'), encoding='utf-8') as f:
            spec = json.load(f)
        spec['layers'][-1]['batchNorm'] = True
        path = os.path.join(self.dir, 'bn-classifier.json')
        with open(path, 'w', encoding='utf-8') as f:
            json.dump(spec, f)
        argv = ['--dataset', 'fashion-mnist', '--data', self.data, '--network', path, '--out', os.path.join(self.dir, 'o')]
        self.expect_refusal(argv, '--own-weight 1.0', 'last layer fc8 does not add', 'pass --own-weight 0')
        self.expect_refusal(argv[:2] + ['--own-weight', '1.5'] + argv[2:], '--own-weight 1.5 must be 0..1')

    def test_unwritable_out_is_one_line(self):
        blocker = os.path.join(self.dir, 'file')
        with open(blocker, 'w', encoding='utf-8') as f:
            f.write('x')
        self.expect_refusal(['--dataset', 'fashion-mnist', '--data', self.data, '--limit', '8', '--epochs', '1',
                             '--out', os.path.join(blocker, 'out')], 'file is not a folder')

    def test_missing_torch_is_one_line(self):
        # A torch that cannot be imported, ahead of the real one on the path.
        fake = os.path.join(self.dir, 'fake')
        os.makedirs(fake)
        with open(os.path.join(fake, 'torch.py'), 'w', encoding='utf-8') as f:
            f.write("raise ImportError('No module named torch (simulated)')\n")
        env = {**os.environ, 'PYTHONPATH': fake + os.pathsep + ROOT, 'PYTHONDONTWRITEBYTECODE': '1'}
        result = subprocess.run([PYTHON, '-m', 'dnn.train', '--dataset', 'fashion-mnist', '--out', self.dir],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(result.returncode, 3)
        self.assertEqual(result.stdout, '')
        self.assertRegex(result.stderr, r"^dnn\.train: error: [^\n]*install Debian's python3-torch: apt-get install python3-torch\n$")


if __name__ == '__main__':
    unittest.main()
