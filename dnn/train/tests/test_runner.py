"""The PyTorch runner's seeded order is the TypeScript feed's (hil/workload/imageFeed.ts seededOrder),
pinned to the same values as test/hil/imageFeed.test.ts; it needs no PyTorch."""
import unittest

from dnn.train.runner import seeded_order


class SeededOrder(unittest.TestCase):
    def test_the_same_values_as_the_typescript_feed(self):
        self.assertEqual(seeded_order(500, 1)[:5], [477, 173, 233, 365, 411])
        self.assertEqual(seeded_order(500, 7)[:5], [181, 106, 345, 325, 432])
        self.assertEqual(sorted(seeded_order(500, 3)), list(range(500)))


if __name__ == '__main__':
    unittest.main()
