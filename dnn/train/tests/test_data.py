"""Loaders on small IDX and CIFAR-10 files the tests write, and one clear error for each way a data
set can be missing or malformed."""
import os
import tempfile
import unittest

import numpy as np

from dnn.train.data import load_dataset, read_idx
from dnn.train.errors import TrainError

from dnn.train.tests.helpers import cifar_records, idx_bytes, make_cifar_dir, make_fashion_dir, write_file

SHAPE = [3, 32, 32]


class FashionMnistTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def check_loaded(self, files, data):
        images, labels = files['train-arrays']
        self.assertEqual(data.name, 'Fashion-MNIST')
        self.assertEqual(data.train_images.shape, (len(labels), 3, 32, 32))
        self.assertEqual(data.train_images.dtype, np.uint8)
        np.testing.assert_array_equal(data.train_labels, labels)
        # Padded with 2 zero pixels on every side, the image in the middle, the same in all 3 channels.
        for c in range(3):
            np.testing.assert_array_equal(data.train_images[:, c, 2:30, 2:30], images)
        self.assertEqual(int(data.train_images[:, :, :2, :].max()), 0)
        self.assertEqual(int(data.train_images[:, :, 30:, :].max()), 0)
        self.assertEqual(int(data.train_images[:, :, :, :2].max()), 0)
        self.assertEqual(int(data.train_images[:, :, :, 30:].max()), 0)
        self.assertEqual(data.test_images.shape[0], len(files['test-arrays'][1]))

    def test_gzipped_files_as_debian_installs_them(self):
        files = make_fashion_dir(self.dir, 20, 10, gz=True)
        self.check_loaded(files, load_dataset('fashion-mnist', self.dir, SHAPE))

    def test_plain_files(self):
        files = make_fashion_dir(self.dir, 20, 10, gz=False)
        self.check_loaded(files, load_dataset('fashion-mnist', self.dir, SHAPE))

    def test_limit_keeps_the_first_images(self):
        files = make_fashion_dir(self.dir, 20, 10)
        data = load_dataset('fashion-mnist', self.dir, SHAPE, limit=7)
        self.assertEqual((len(data.train_labels), len(data.test_labels)), (7, 7))
        self.assertEqual((data.train_total, data.test_total), (20, 10))
        np.testing.assert_array_equal(data.test_labels, files['test-arrays'][1][:7])

    def expect_error(self, *fragments, directory=None):
        with self.assertRaises(TrainError) as caught:
            load_dataset('fashion-mnist', directory or self.dir, SHAPE)
        message = str(caught.exception)
        self.assertNotIn('\n', message)
        for fragment in fragments:
            self.assertIn(fragment, message)

    def test_missing_folder(self):
        self.expect_error('no such folder', directory=os.path.join(self.dir, 'nope'))

    def test_missing_file(self):
        make_fashion_dir(self.dir)
        os.remove(os.path.join(self.dir, 't10k-labels-idx1-ubyte.gz'))
        self.expect_error('t10k-labels-idx1-ubyte[.gz]: no such file')

    def test_bad_magic(self):
        files = make_fashion_dir(self.dir, gz=False)
        write_file(files['train-images'], b'\x12\x34\x08\x03' + idx_bytes(np.zeros((2, 28, 28)))[4:])
        self.expect_error('train-images-idx3-ubyte: not an IDX file')

    def test_wrong_type_and_dimensions(self):
        files = make_fashion_dir(self.dir, gz=False)
        data = bytearray(idx_bytes(np.zeros((2, 28, 28))))
        data[2] = 0x0D
        write_file(files['train-images'], bytes(data))
        self.expect_error('IDX type 0x0d is not 0x08')
        write_file(files['train-images'], idx_bytes(np.zeros((2, 28))))
        self.expect_error('has 2 dimensions; expected 3')

    def test_truncated_file(self):
        files = make_fashion_dir(self.dir, gz=True)
        write_file(files['train-images'][:-3], idx_bytes(np.zeros((4, 28, 28)))[:-10], gz=True)
        self.expect_error('train-images-idx3-ubyte.gz: has', '(truncated?)')

    def test_broken_gzip(self):
        files = make_fashion_dir(self.dir, gz=True)
        with open(files['test-images'], 'wb') as f:
            f.write(b'not gzip at all')
        self.expect_error('t10k-images-idx3-ubyte.gz: not a valid gzip file')

    def test_label_count_and_range(self):
        files = make_fashion_dir(self.dir, 10, 5, gz=False)
        write_file(files['train-labels'], idx_bytes(np.zeros(9)))
        self.expect_error('has 9 labels but', 'has 10 images')
        write_file(files['train-labels'], idx_bytes(np.full(10, 10)))
        self.expect_error('label 10 at item 0 is not a class 0..9')

    def test_images_too_large(self):
        files = make_fashion_dir(self.dir, 4, 4, gz=False)
        write_file(files['train-images'], idx_bytes(np.zeros((4, 33, 33))))
        self.expect_error('images are 33x33, larger than the network input 32x32')

    def test_read_idx_direct(self):
        path = write_file(os.path.join(self.dir, 'x'), idx_bytes(np.arange(6).reshape(6)))
        np.testing.assert_array_equal(read_idx(path, 1), np.arange(6))


class Cifar10Test(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def test_binary_records_nested_or_direct(self):
        for nested in (True, False):
            with self.subTest(nested=nested):
                directory = os.path.join(self.dir, str(nested))
                folder, arrays = make_cifar_dir(directory, per_file=6, nested=nested)
                data = load_dataset('cifar10', directory, SHAPE)
                self.assertEqual(data.name, 'CIFAR-10')
                self.assertEqual(data.directory, folder)
                self.assertEqual(data.train_images.shape, (30, 3, 32, 32))
                # A record is a label byte, then the red, green and blue planes, each 32x32 row-major.
                pixels, labels = arrays['data_batch_2.bin']
                np.testing.assert_array_equal(data.train_images[6:12], pixels)
                np.testing.assert_array_equal(data.train_labels[6:12], labels)
                np.testing.assert_array_equal(data.test_images, arrays['test_batch.bin'][0])
                np.testing.assert_array_equal(data.test_labels, arrays['test_batch.bin'][1])

    def expect_error(self, *fragments, directory=None):
        with self.assertRaises(TrainError) as caught:
            load_dataset('cifar10', directory if directory is not None else self.dir, SHAPE)
        message = str(caught.exception)
        self.assertNotIn('\n', message)
        for fragment in fragments:
            self.assertIn(fragment, message)

    def test_needs_a_folder(self):
        self.expect_error('cifar10 needs --data DIR', directory='')
        self.expect_error('no such folder', directory=os.path.join(self.dir, 'nope'))

    def test_missing_batch(self):
        folder, _ = make_cifar_dir(self.dir)
        os.remove(os.path.join(folder, 'data_batch_4.bin'))
        self.expect_error('data_batch_4.bin: no such file')
        empty = os.path.join(self.dir, 'empty')
        os.makedirs(empty)
        self.expect_error('empty/data_batch_1.bin: no such file', directory=empty)

    def test_partial_record_and_bad_label(self):
        folder, _ = make_cifar_dir(self.dir)
        data, _, _ = cifar_records(np.random.default_rng(1), 3)
        write_file(os.path.join(folder, 'test_batch.bin'), data[:-1])
        self.expect_error('test_batch.bin: has 9218 bytes, not a whole number of 3073-byte CIFAR-10 records')
        bad = bytearray(data)
        bad[3073] = 11
        write_file(os.path.join(folder, 'test_batch.bin'), bytes(bad))
        self.expect_error('test_batch.bin: label 11 at item 1')

    def test_unknown_dataset(self):
        with self.assertRaisesRegex(TrainError, "unknown dataset 'mnist'"):
            load_dataset('mnist', self.dir, SHAPE)


if __name__ == '__main__':
    unittest.main()
