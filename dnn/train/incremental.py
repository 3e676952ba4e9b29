"""Incremental group training: stage k trains group k with groups 1..k-1 frozen (model.py says
which parameters belong to which stage), on g = k active groups."""
import math
import time

import torch
import torch.nn.functional as F

from .data import to_input

BATCH_SIZE = 128
LEARNING_RATE = 1e-3
EVAL_BATCH = 500


def train_stage(model, k, train_x, train_y, epochs, seed, on_epoch=None, eval_fn=None, batch_size=BATCH_SIZE,
                own_weight=0.0):
    """Trains stage k for `epochs` epochs: Adam (lr 1e-3, cosine decay to 0 over the stage), batches of
    `batch_size` shuffled with a generator seeded by (seed, k), random horizontal flips.

    train_x: uint8 tensor N x C x H x W; train_y: int64 tensor N.
    on_epoch(epoch, stats) is called after every epoch with loss, train accuracy and seconds, and after
    the last epoch also eval_fn()'s result under 'eval' (when eval_fn is given; seconds exclude it).
    """
    model.set_stage(k)
    params = model.trainable_parameters()
    optimizer = torch.optim.Adam(params, lr=LEARNING_RATE)
    n = len(train_y)
    per_epoch = max(1, n // batch_size) if n >= batch_size else 1
    total_steps = per_epoch * epochs
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 0.5 * (1 + math.cos(math.pi * min(step, total_steps) / total_steps)))
    generator = torch.Generator().manual_seed(seed * 1000 + k)
    history = []
    try:
        for epoch in range(1, epochs + 1):
            start = time.perf_counter()
            model.train()
            order = torch.randperm(n, generator=generator)
            loss_sum, correct, seen = 0.0, 0, 0
            for step in range(per_epoch):
                index = order[step * batch_size:(step + 1) * batch_size] if n >= batch_size else order
                x = to_input(train_x[index])
                flip = torch.rand(len(index), generator=generator) < 0.5
                x = torch.where(flip[:, None, None, None], x.flip(3), x)
                y = train_y[index]
                if k > 1 and own_weight > 0:
                    logits, own = model(x, k, alone=True)
                    loss = F.cross_entropy(logits, y)
                    if own is not None:
                        loss = (1 - own_weight) * loss + own_weight * F.cross_entropy(own, y)
                else:
                    logits = model(x, k)
                    loss = F.cross_entropy(logits, y)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
                schedule.step()
                loss_sum += loss.item() * len(index)
                correct += int((logits.argmax(1) == y).sum())
                seen += len(index)
            stats = {'stage': k, 'epoch': epoch, 'loss': loss_sum / seen, 'trainTop1': correct / seen,
                     'seconds': time.perf_counter() - start}
            if eval_fn is not None and epoch == epochs:
                stats['eval'] = eval_fn()
            history.append(stats)
            if on_epoch is not None:
                on_epoch(epoch, stats)
    finally:
        model.set_stage(None)
        model.eval()
    return history


@torch.no_grad()
def logits_of(model, images, g, batch=EVAL_BATCH):
    """The logits of uint8 images with g active groups, in inference form, in fixed batches."""
    model.eval()
    out = [model(to_input(images[i:i + batch]), g) for i in range(0, len(images), batch)]
    return torch.cat(out) if out else torch.empty(0)


def top1(model, images, labels, g):
    """Top-1 accuracy (a fraction) with g active groups."""
    if len(labels) == 0:
        return 0.0
    # An exact count over the total, not a float32 mean: the table then equals predictions.json's.
    return int((logits_of(model, images, g).argmax(1) == labels).sum()) / len(labels)
