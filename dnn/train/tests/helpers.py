"""Small data sets and networks the tests make for themselves."""
import gzip
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
NETWORKS = os.path.join(ROOT, 'dnn', 'networks')
DEFAULT = os.path.join(NETWORKS, 'alexnet-cifar10-g4.json')
CUMULATIVE = os.path.join(NETWORKS, 'alexnet-cifar10-g4-cumulative.json')


def idx_bytes(array):
    """An IDX file of unsigned bytes holding `array`."""
    array = np.asarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim]) + b''.join(int(d).to_bytes(4, 'big') for d in array.shape)
    return header + array.tobytes()


def write_file(path, data, gz=False):
    if gz:
        path += '.gz'
        data = gzip.compress(data)
    with open(path, 'wb') as f:
        f.write(data)
    return path


def fake_fashion(rng, n):
    """n 28x28 grey images whose class shows as a bright bar, so a network can learn something."""
    labels = rng.integers(0, 10, n).astype(np.uint8)
    images = rng.integers(0, 60, (n, 28, 28)).astype(np.uint8)
    for i, label in enumerate(labels):
        images[i, 2 + 2 * label: 4 + 2 * label, 4:24] = 250
    return images, labels


def make_fashion_dir(directory, n_train=64, n_test=32, gz=True, seed=0):
    """A Fashion-MNIST folder with the four IDX files (gzipped like Debian's by default)."""
    os.makedirs(directory, exist_ok=True)
    rng = np.random.default_rng(seed)
    files = {}
    for split, n, prefix in (('train', n_train, 'train'), ('test', n_test, 't10k')):
        images, labels = fake_fashion(rng, n)
        files[f'{split}-images'] = write_file(os.path.join(directory, f'{prefix}-images-idx3-ubyte'), idx_bytes(images), gz)
        files[f'{split}-labels'] = write_file(os.path.join(directory, f'{prefix}-labels-idx1-ubyte'), idx_bytes(labels), gz)
        files[f'{split}-arrays'] = (images, labels)
    return files


def cifar_records(rng, n):
    labels = rng.integers(0, 10, n).astype(np.uint8)
    pixels = rng.integers(0, 256, (n, 3, 32, 32)).astype(np.uint8)
    records = np.concatenate([labels[:, None], pixels.reshape(n, -1)], axis=1)
    return records.tobytes(), pixels, labels


def make_cifar_dir(directory, per_file=8, seed=0, nested=True):
    """A CIFAR-10 binary folder: data_batch_1..5.bin and test_batch.bin, `per_file` records each."""
    rng = np.random.default_rng(seed)
    folder = os.path.join(directory, 'cifar-10-batches-bin') if nested else directory
    os.makedirs(folder, exist_ok=True)
    arrays = {}
    for name in [f'data_batch_{i}.bin' for i in range(1, 6)] + ['test_batch.bin']:
        data, pixels, labels = cifar_records(rng, per_file)
        write_file(os.path.join(folder, name), data)
        arrays[name] = (pixels, labels)
    return folder, arrays
