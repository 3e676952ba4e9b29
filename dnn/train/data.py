"""Data sets as uint8 arrays shaped like the network's input: Fashion-MNIST (IDX files, as Debian's
dataset-fashion-mnist installs them) and CIFAR-10 (the binary version, cifar-10-batches-bin).

Every image becomes C x H x W uint8, channel-major, the network input's shape: Fashion-MNIST's 28x28
grey images are padded with zeros (their background) to 32x32, centred, and repeated over the three
channels; CIFAR-10 records are already 3 x 32 x 32. The network sees pixel / 255 (to_input).

Every way a data set can be missing or malformed ends as one TrainError naming the file.
"""
import gzip
import os
from dataclasses import dataclass

import numpy as np

from .errors import TrainError

FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist'
FASHION_MNIST_FILES = {
    'train-images': 'train-images-idx3-ubyte',
    'train-labels': 'train-labels-idx1-ubyte',
    'test-images': 't10k-images-idx3-ubyte',
    'test-labels': 't10k-labels-idx1-ubyte',
}
CIFAR10_TRAIN = [f'data_batch_{i}.bin' for i in range(1, 6)]
CIFAR10_TEST = 'test_batch.bin'
CIFAR10_RECORD = 1 + 3 * 32 * 32
CLASSES = 10
DATASETS = ('fashion-mnist', 'cifar10')
DATASET_NAMES = {'fashion-mnist': 'Fashion-MNIST', 'cifar10': 'CIFAR-10'}


@dataclass
class Dataset:
    """Train and test images (uint8, N x C x H x W) and labels (int64, N), and where they came from."""
    name: str
    directory: str
    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray
    train_total: int
    test_total: int


def load_dataset(dataset, directory, shape, limit=None):
    """Loads a data set for a network whose input is `shape` = [C, H, W].

    dataset: 'fashion-mnist' (directory default FASHION_MNIST_DIR) or 'cifar10' (directory required:
    the folder holding the .bin files, or its parent holding cifar-10-batches-bin).
    limit: keep only the first `limit` train and the first `limit` test images.
    """
    if dataset == 'fashion-mnist':
        directory = directory or FASHION_MNIST_DIR
        train_x, train_y, test_x, test_y = _fashion_mnist(directory, shape)
    elif dataset == 'cifar10':
        if not directory:
            raise TrainError('cifar10 needs --data DIR: the folder holding cifar-10-batches-bin '
                             '(data_batch_1.bin .. data_batch_5.bin, test_batch.bin)')
        directory, (train_x, train_y, test_x, test_y) = _cifar10(directory, shape)
    else:
        raise TrainError(f"unknown dataset '{dataset}' (valid: {', '.join(DATASETS)})")
    train_total, test_total = len(train_y), len(test_y)
    if limit is not None:
        train_x, train_y, test_x, test_y = train_x[:limit], train_y[:limit], test_x[:limit], test_y[:limit]
    return Dataset(DATASET_NAMES[dataset], directory, train_x, train_y, test_x, test_y, train_total, test_total)


def to_input(images):
    """uint8 images (a torch tensor) -> the network's float32 input, pixel / 255."""
    return images.float().div_(255.0)


# ---------------------------------------------------------------- Fashion-MNIST (IDX)

def _fashion_mnist(directory, shape):
    if not os.path.isdir(directory):
        hint = ' (install it: apt-get install dataset-fashion-mnist)' if directory == FASHION_MNIST_DIR else ''
        raise TrainError(f'{directory}: no such folder; Fashion-MNIST is read from its IDX files there{hint}')
    paths = {key: _find_idx(directory, base) for key, base in FASHION_MNIST_FILES.items()}
    out = []
    for split in ('train', 'test'):
        images = read_idx(paths[f'{split}-images'], 3)
        labels = read_idx(paths[f'{split}-labels'], 1)
        if len(images) != len(labels):
            raise TrainError(f'{paths[f"{split}-labels"]}: has {len(labels)} labels but '
                             f'{paths[f"{split}-images"]} has {len(images)} images')
        _check_labels(labels, paths[f'{split}-labels'])
        out += [_pad_grey(images, shape, paths[f'{split}-images']), labels.astype(np.int64)]
    return out


def _find_idx(directory, base):
    for name in (base, base + '.gz'):
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            return path
    raise TrainError(f'{os.path.join(directory, base)}[.gz]: no such file (a Fashion-MNIST folder holds '
                     f'{", ".join(FASHION_MNIST_FILES.values())}, each optionally gzipped)')


def read_idx(path, ndim):
    """An IDX file of unsigned bytes with `ndim` dimensions (gzipped when the name ends in .gz)."""
    data = _read(path)
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise TrainError(f'{path}: not an IDX file (it must start with two zero bytes, a type byte and a dimension count)')
    if data[2] != 0x08:
        raise TrainError(f'{path}: IDX type 0x{data[2]:02x} is not 0x08 (unsigned bytes)')
    if data[3] != ndim:
        raise TrainError(f'{path}: has {data[3]} dimensions; expected {ndim} '
                         f'({"images: count, rows, columns" if ndim == 3 else "labels: count"})')
    header = 4 + 4 * ndim
    if len(data) < header:
        raise TrainError(f'{path}: truncated IDX header ({len(data)} bytes)')
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], 'big') for i in range(ndim)]
    expected = header + int(np.prod(dims, dtype=np.int64))
    if len(data) != expected:
        raise TrainError(f'{path}: has {len(data)} bytes but its header ({" x ".join(map(str, dims))}) needs {expected}'
                         f'{" (truncated?)" if len(data) < expected else ""}')
    if dims[0] == 0:
        raise TrainError(f'{path}: holds no items')
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims)


def _read(path):
    try:
        with open(path, 'rb') as f:
            raw = f.read()
    except OSError as err:
        raise TrainError(f'{path}: cannot be read ({err.strerror or err})') from None
    if not path.endswith('.gz'):
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, gzip.BadGzipFile) as err:
        raise TrainError(f'{path}: not a valid gzip file ({err})') from None


def _pad_grey(images, shape, path):
    c, h, w = shape
    n, ih, iw = images.shape
    if ih > h or iw > w:
        raise TrainError(f'{path}: images are {ih}x{iw}, larger than the network input {h}x{w}')
    top, left = (h - ih) // 2, (w - iw) // 2
    out = np.zeros((n, c, h, w), dtype=np.uint8)
    out[:, :, top:top + ih, left:left + iw] = images[:, None, :, :]
    return out


def _check_labels(labels, path):
    bad = np.nonzero(labels >= CLASSES)[0]
    if len(bad) > 0:
        raise TrainError(f'{path}: label {int(labels[bad[0]])} at item {int(bad[0])} is not a class 0..{CLASSES - 1}')


# ---------------------------------------------------------------- CIFAR-10 (binary version)

def _cifar10(directory, shape):
    if list(shape) != [3, 32, 32]:
        raise TrainError(f'cifar10 images are 3x32x32 but the network input is {"x".join(map(str, shape))}')
    if not os.path.isdir(directory):
        raise TrainError(f'{directory}: no such folder (give the folder holding cifar-10-batches-bin)')
    nested = os.path.join(directory, 'cifar-10-batches-bin')
    if not os.path.isfile(os.path.join(directory, CIFAR10_TEST)) and os.path.isdir(nested):
        directory = nested
    train = [_read_cifar_file(os.path.join(directory, name)) for name in CIFAR10_TRAIN]
    test = _read_cifar_file(os.path.join(directory, CIFAR10_TEST))
    train_x = np.concatenate([x for x, _ in train])
    train_y = np.concatenate([y for _, y in train])
    return directory, (train_x, train_y, test[0], test[1])


def _read_cifar_file(path):
    if not os.path.isfile(path):
        raise TrainError(f'{path}: no such file (the CIFAR-10 binary version has {", ".join(CIFAR10_TRAIN)} '
                         f'and {CIFAR10_TEST}, {CIFAR10_RECORD} bytes per image)')
    data = _read(path)
    if len(data) == 0 or len(data) % CIFAR10_RECORD != 0:
        raise TrainError(f'{path}: has {len(data)} bytes, not a whole number of {CIFAR10_RECORD}-byte CIFAR-10 records '
                         f'(a label byte and 3x32x32 pixels)')
    records = np.frombuffer(data, dtype=np.uint8).reshape(-1, CIFAR10_RECORD)
    labels = records[:, 0].astype(np.int64)
    _check_labels(labels, path)
    return records[:, 1:].reshape(-1, 3, 32, 32).copy(), labels
