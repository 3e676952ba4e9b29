"""Per-group export: a separable network's group paths plus the classifier's bias are the network
with g groups; a cumulative one is refused in one line; the command writes a checked manifest."""
import io
import json
import os
import tempfile
import unittest

import torch

from dnn.train.export import group_path_logits, groups_are_separable
from dnn.train.export_groups import main
from dnn.train.spec import load_spec

from dnn.train.tests.helpers import CUMULATIVE, DEFAULT
from dnn.train.tests.test_export import perturbed_model


class GroupPaths(unittest.TestCase):
    def test_the_bias_plus_groups_1_to_g_is_the_network_with_g_groups(self):
        model = perturbed_model(DEFAULT, seed=3)
        model.eval()
        x = torch.rand((3, 3, 32, 32), generator=torch.Generator().manual_seed(2))
        bias = model.layers[len(model.net['layers']) - 1].shared.bias
        with torch.no_grad():
            parts = [group_path_logits(model, x, j) for j in range(1, 5)]
            for g in range(1, 5):
                self.assertLess(float((bias + sum(parts[:g]) - model(x, g)).abs().max()), 1e-4, f'g = {g}')
            # A group's path depends on its own blocks only: changing group 2 leaves group 1's share.
            model.layers[0].groups[1].weight.add_(1.0)
            self.assertTrue(torch.equal(group_path_logits(model, x, 1), parts[0]))

    def test_only_block_diagonal_networks_with_an_additive_classifier_are_separable(self):
        self.assertTrue(groups_are_separable(load_spec(DEFAULT)))
        self.assertFalse(groups_are_separable(load_spec(CUMULATIVE)))

    def test_the_command_refuses_a_cumulative_network_in_one_line(self):
        err = io.StringIO()
        self.assertEqual(main(['--dnn', 'alexnet-cifar10-g4-cumulative', '--out', tempfile.mkdtemp()], err=err, out=io.StringIO()), 2)
        self.assertEqual(len(err.getvalue().strip().split('\n')), 1)
        self.assertIn('not separate paths', err.getvalue())

    def test_the_command_writes_every_group_and_a_manifest_with_their_sha256(self):
        out = tempfile.mkdtemp()
        self.assertEqual(main(['--out', out], err=io.StringIO(), out=io.StringIO()), 0)
        with open(os.path.join(out, 'alexnet-cifar10-g4.groups.json'), encoding='utf-8') as f:
            manifest = json.load(f)
        self.assertEqual([f['group'] for f in manifest['files']], [1, 2, 3, 4])
        self.assertEqual(len(manifest['bias']), 10)
        for entry in manifest['files']:
            self.assertTrue(os.path.isfile(os.path.join(out, entry['file'])))
            self.assertEqual(len(entry['sha256']), 64)


if __name__ == '__main__':
    unittest.main()
