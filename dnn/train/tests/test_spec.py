"""The spec resolver agrees with the TypeScript side's numbers (test/cli/train.torch.test.ts compares the
two sides' full output) and refuses broken files with one line."""
import json
import math
import os
import tempfile
import unittest

from dnn.train.errors import TrainError
from dnn.train.spec import load_spec, resolve_network, tensor_specs

from dnn.train.tests.helpers import CUMULATIVE, DEFAULT


def param_bytes(net):
    return 4 * sum(math.prod(shape) for _, shape in tensor_specs(net))


class SpecTest(unittest.TestCase):
    def test_default_network_shapes(self):
        net = load_spec(DEFAULT)
        layers = {layer['name']: layer for layer in net['layers']}
        self.assertEqual(net['groups'], 4)
        self.assertEqual((layers['conv1']['outChannels'], layers['conv1']['outH'], layers['conv1']['readsInput']), (64, 32, True))
        self.assertEqual((layers['pool5']['outChannels'], layers['pool5']['outH'], layers['pool5']['grouped']), (256, 4, True))
        self.assertEqual(layers['fc6']['inChannels'], 4096)
        self.assertEqual((layers['fc8']['grouped'], layers['fc8']['inputGrouped'], layers['fc8']['inChannels']), (False, True, 1024))

    def test_tensor_sizes_match_network_cost(self):
        # networkCost(dnn, G).paramBytes: 7,570,728 B block-diagonal, 18,808,104 B cumulative; 138 tensors each.
        for path, size in ((DEFAULT, 7_570_728), (CUMULATIVE, 18_808_104)):
            net = load_spec(path)
            self.assertEqual(param_bytes(net), size)
            self.assertEqual(len(tensor_specs(net)), 138)
        shapes = dict(tensor_specs(load_spec(CUMULATIVE)))
        self.assertEqual(shapes['conv2.g3.weight'], [48, 48, 3, 3])
        self.assertEqual(shapes['fc6.g4.weight'], [256, 4096])
        self.assertEqual(shapes['fc8.weight'], [10, 1024])

    def test_broken_specs_are_one_line_errors(self):
        with open(DEFAULT, encoding='utf-8') as f:
            good = json.load(f)
        cases = [
            (lambda s: s['layers'][0].update(outChannels=63), 'layers[0].outChannels: must be divisible by groups (4)'),
            (lambda s: s['layers'].insert(0, {'name': 'p', 'kind': 'pool', 'kernel': 2}), 'a pool layer needs a conv layer before it'),
            (lambda s: s['layers'][1].update(name='conv1'), "duplicates layers[0].name ('conv1')"),
            (lambda s: s['layers'][8].update(kernel=3), 'layers[8].kernel: must not be given for an fc layer'),
            (lambda s: s.update(structure='diagonal'), 'structure: must be one of'),
            (lambda s: s['layers'][0].update(kernel=40, padding=0), 'leaves no output'),
        ]
        for change, message in cases:
            spec = json.loads(json.dumps(good))
            change(spec)
            with self.assertRaises(TrainError) as caught:
                resolve_network(spec, 'net.json')
            self.assertIn(message, str(caught.exception))
            self.assertTrue(str(caught.exception).startswith('net.json: '))
            self.assertNotIn('\n', str(caught.exception))

    def test_unreadable_files(self):
        with tempfile.TemporaryDirectory() as tmp:
            bad = os.path.join(tmp, 'bad.json')
            with open(bad, 'w', encoding='utf-8') as f:
                f.write('{ nope')
            with self.assertRaisesRegex(TrainError, 'bad.json: is not JSON'):
                load_spec(bad)
            with self.assertRaisesRegex(TrainError, 'missing.json: cannot be read'):
                load_spec(os.path.join(tmp, 'missing.json'))


if __name__ == '__main__':
    unittest.main()
