"""The law incremental training promises: after stage k, the network with g < k active groups answers
bit for bit as it did right after stage g, for both group structures."""
import unittest

import numpy as np
import torch

from dnn.train.incremental import logits_of, train_stage
from dnn.train.model import GroupNet
from dnn.train.spec import load_spec

from dnn.train.tests.helpers import CUMULATIVE, DEFAULT, fake_fashion


def images(n, seed):
    x, y = fake_fashion(np.random.default_rng(seed), n)
    padded = np.zeros((n, 3, 32, 32), dtype=np.uint8)
    padded[:, :, 2:30, 2:30] = x[:, None]
    return torch.from_numpy(padded), torch.from_numpy(y.astype(np.int64))


def snapshot(model):
    return {name: t.detach().clone() for name, t in model.engine_tensors().items()}


class IncrementalFreezeTest(unittest.TestCase):
    def check_structure(self, path, own_weight):
        torch.manual_seed(0)
        net = load_spec(path)
        model = GroupNet(net, seed=5)
        train_x, train_y = images(96, 1)
        test_x, _ = images(40, 2)

        train_stage(model, 1, train_x, train_y, epochs=1, seed=1, batch_size=32)
        after1 = snapshot(model)
        g1 = logits_of(model, test_x, 1)
        g2_before = logits_of(model, test_x, 2)

        train_stage(model, 2, train_x, train_y, epochs=1, seed=1, batch_size=32, own_weight=own_weight)
        after2 = snapshot(model)

        # g = 1 answers exactly as right after stage 1: to the last bit.
        self.assertTrue(torch.equal(logits_of(model, test_x, 1), g1), 'g = 1 logits changed in stage 2')
        # Because nothing stage 1 owns moved: group 1's blocks (with batch-norm running statistics),
        # fc8's group-1 columns and fc8's bias.
        for name, value in after1.items():
            if name == 'fc8.weight':
                self.assertTrue(torch.equal(after2[name][:, :256], value[:, :256]), name)
                self.assertFalse(torch.equal(after2[name][:, 256:512], value[:, 256:512]), 'fc8 group-2 columns trained')
                self.assertTrue(torch.equal(after2[name][:, 512:], value[:, 512:]), 'fc8 group-3/4 columns untouched')
            elif '.g2.' not in name:
                self.assertTrue(torch.equal(after2[name], value), name)
        # Stage 2 really trained group 2 (the test is not vacuous).
        for name in ('conv1.g2.weight', 'conv2.g2.bn.mean', 'conv3.g2.bn.var', 'fc7.g2.weight'):
            self.assertFalse(torch.equal(after2[name], after1[name]), name)
        self.assertFalse(torch.equal(logits_of(model, test_x, 2), g2_before))

        # Stage 3 leaves g = 1 and g = 2 alone too.
        g2 = logits_of(model, test_x, 2)
        train_stage(model, 3, train_x, train_y, epochs=1, seed=1, batch_size=48, own_weight=own_weight)
        self.assertTrue(torch.equal(logits_of(model, test_x, 1), g1), 'g = 1 logits changed in stage 3')
        self.assertTrue(torch.equal(logits_of(model, test_x, 2), g2), 'g = 2 logits changed in stage 3')

    # own_weight 1 (the command's default): each group trained as its own classifier; 0: on the summed
    # logits only. The law must hold either way.
    def test_block_diagonal(self):
        self.check_structure(DEFAULT, own_weight=1.0)
        self.check_structure(DEFAULT, own_weight=0.0)

    def test_cumulative(self):
        self.check_structure(CUMULATIVE, own_weight=1.0)
        self.check_structure(CUMULATIVE, own_weight=0.5)

    def test_own_logits_are_the_groups_share_of_the_sum(self):
        # logits(g) = bias + sum_j W_j h_j and own(g) = bias + W_g h_g, so logits(2) - own(2) = logits(1) - bias.
        for path in (DEFAULT, CUMULATIVE):
            model = GroupNet(load_spec(path), seed=3)
            with torch.no_grad():
                for column in model.layers[-1].columns:
                    column.weight.normal_(0, 0.05)
                model.layers[-1].shared.bias.normal_(0, 0.5)
            model.eval()
            x = images(6, 3)[0].float() / 255
            with torch.no_grad():
                one, own1 = model(x, 1, alone=True)
                two, own2 = model(x, 2, alone=True)
                bias = model.layers[-1].shared.bias
            self.assertTrue(torch.equal(one, own1))
            self.assertTrue(torch.equal(model(x, 2), two))
            torch.testing.assert_close(two - own2, one - bias, rtol=0, atol=1e-5)

    def test_stage_owns_only_its_parameters(self):
        model = GroupNet(load_spec(DEFAULT), seed=1)
        model.set_stage(2)
        names = {name for name, p in model.named_parameters() if p.requires_grad}
        self.assertIn('layers.0.groups.1.weight', names)  # conv1.g2
        self.assertIn('layers.10.columns.1.weight', names)  # fc8, group 2's columns
        self.assertNotIn('layers.10.shared.bias', names)  # fc8's bias belongs to stage 1
        self.assertFalse(any('.groups.0.' in n or '.columns.0.' in n for n in names))
        model.set_stage(None)
        self.assertEqual(model.trainable_parameters(), [])


if __name__ == '__main__':
    unittest.main()
