"""PyTorch's predictions for a weight file: one digit per image and g, the argmax of the logits,
consistent counts, the weights named by their SHA-256; and one-line errors."""
import hashlib
import io
import json
import os
import tempfile
import unittest
from contextlib import redirect_stderr

import numpy as np
import torch

from dnn.train.evaluate import decode_probabilities, encode_probabilities, main
from dnn.train.export import write_weights
from dnn.train.incremental import logits_of

from dnn.train.tests.helpers import DEFAULT, make_fashion_dir
from dnn.train.tests.test_export import SOURCE, perturbed_model


class EvaluateTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.data = os.path.join(self.dir, 'fashion')
        self.files = make_fashion_dir(self.data, n_train=8, n_test=20)
        self.model = perturbed_model(DEFAULT, seed=5)
        self.manifest = os.path.join(self.dir, 'w.weights.json')
        self.bin = os.path.join(self.dir, 'w.weights.bin')
        write_weights(self.model, self.manifest, self.bin, SOURCE)

    def tearDown(self):
        self.tmp.cleanup()

    def run_main(self, *argv):
        err = io.StringIO()
        with redirect_stderr(err):
            code = main(list(argv))
        return code, err.getvalue()

    def test_predictions_are_the_argmax_of_the_logits(self):
        out = os.path.join(self.dir, 'predictions.json')
        code, err = self.run_main('--weights', self.manifest, '--dataset', 'fashion-mnist', '--data', self.data, '--out', out)
        self.assertEqual(code, 0, err)
        with open(out, encoding='utf-8') as f:
            table = json.load(f)
        images, labels = self.files['test-arrays']
        padded = np.zeros((len(labels), 3, 32, 32), dtype=np.uint8)
        padded[:, :, 2:30, 2:30] = images[:, None]
        self.assertEqual(table['labels'], ''.join(map(str, labels)))
        self.assertEqual((table['network'], table['dataset'], table['split'], table['images']),
                         ('alexnet-cifar10-g4', 'Fashion-MNIST', 'test (20 images)', 20))
        with open(self.bin, 'rb') as f:
            self.assertEqual(table['weightsSha256'], hashlib.sha256(f.read()).hexdigest())
        self.assertEqual([e['groups'] for e in table['entries']], [1, 2, 3, 4])
        for entry in table['entries']:
            want = logits_of(self.model, torch.from_numpy(padded), entry['groups']).argmax(1)
            self.assertEqual(entry['predictions'], ''.join(str(int(c)) for c in want))
            correct = sum(p == l for p, l in zip(entry['predictions'], table['labels']))
            self.assertEqual((entry['correct'], entry['top1']), (correct, correct / 20))
            # The stored probabilities: the softmax of the same logits, to the 1/65535 they are kept in.
            p = torch.softmax(logits_of(self.model, torch.from_numpy(padded), entry['groups']).double(), 1)
            top = decode_probabilities(entry['topProbability'])
            right = decode_probabilities(entry['correctProbability'])
            self.assertEqual((len(top), len(right)), (20, 20))
            np.testing.assert_allclose(top, p.max(1).values.numpy(), atol=0.5 / 65535 + 1e-12)
            np.testing.assert_allclose(right, p[torch.arange(20), torch.from_numpy(labels).long()].numpy(), atol=0.5 / 65535 + 1e-12)
        self.assertIn('g=4: top-1 ', err)

    def test_probabilities_round_trip_with_0_and_1_exact(self):
        values = np.array([0.0, 1.0, 0.5, 1 / 3, 0.999999])
        got = decode_probabilities(encode_probabilities(values))
        self.assertEqual((got[0], got[1]), (0.0, 1.0))
        np.testing.assert_allclose(got, values, atol=0.5 / 65535)

    def test_limit_and_onnx(self):
        out = os.path.join(self.dir, 'p.json')
        onnx = os.path.join(self.dir, 'onnx')
        code, err = self.run_main('--weights', self.manifest, '--dataset', 'fashion-mnist', '--data', self.data,
                                  '--limit', '5', '--out', out, '--onnx', onnx)
        self.assertEqual(code, 0, err)
        with open(out, encoding='utf-8') as f:
            table = json.load(f)
        self.assertEqual((table['split'], len(table['entries'][0]['predictions'])), ('test (first 5 of 20 images)', 5))
        self.assertEqual(sorted(os.listdir(onnx)), [f'alexnet-cifar10-g4.g{g}.onnx' for g in range(1, 5)])

    def test_bad_input_is_one_line(self):
        out = os.path.join(self.dir, 'p.json')
        not_manifest = os.path.join(self.dir, 'x.json')
        with open(not_manifest, 'w', encoding='utf-8') as f:
            f.write('[1, 2]')
        cases = [
            (['--weights', os.path.join(self.dir, 'none.json')], 'none.json: cannot read the weights manifest'),
            (['--weights', not_manifest], 'x.json: network: missing'),
            (['--weights', self.manifest, '--limit', '0'], '--limit 0 must be at least 1'),
        ]
        for argv, fragment in cases:
            code, err = self.run_main(*argv, '--dataset', 'fashion-mnist', '--data', self.data, '--out', out)
            self.assertEqual(code, 2)
            self.assertRegex(err, r'^dnn\.train\.evaluate: error: [^\n]+\n$')
            self.assertIn(fragment, err)
        code, err = self.run_main('--weights', self.manifest, '--dataset', 'fashion-mnist', '--data', self.data,
                                  '--out', os.path.join(self.dir, 'missing', 'p.json'))
        self.assertEqual(code, 2)
        self.assertRegex(err, r'^dnn\.train\.evaluate: error: [^\n]*missing/p\.json\.tmp: No such file or directory\n$')
        os.truncate(self.bin, 100)
        code, err = self.run_main('--weights', self.manifest, '--dataset', 'fashion-mnist', '--data', self.data, '--out', out)
        self.assertEqual(code, 2)
        self.assertIn('has 100 bytes but', err)
        self.assertFalse(os.path.exists(out))


if __name__ == '__main__':
    unittest.main()
