"""The dynamic network in PyTorch, parameter for parameter the engine's tensors.

Every grouped layer holds one block per group (weight, bias and batch-norm of its Cout/G output
channels, reading exactly the channels dnn/engine/README.md says: the whole input, its own group
(block-diagonal) or groups 1..j (cumulative)). A non-grouped layer reading grouped features (the
classifier fc8) holds its weight as G column blocks, one per input group, plus a bias (and batch-norm)
shared by every g. Running g groups computes blocks 1..g and the first g column blocks, nothing else,
which is what the engine does.

Each parameter belongs to one training stage: a group's blocks and its classifier columns to stage j;
what every g uses (the classifier's bias, the batch-norm of a non-grouped layer, a non-grouped layer
reading a non-grouped input) to stage 1. In stage k only stage k's parameters train, and only their
batch-norms use batch statistics and update running statistics; every other batch-norm runs in
inference form, so the outputs with g < k active do not change at all.
"""
import math

import torch
import torch.nn.functional as F
from torch import nn

from .spec import group_input_range

BN_EPS = 1e-5
BN_MOMENTUM = 0.1


class Block(nn.Module):
    """One group of a grouped layer, or the shared part of a non-grouped one: weight, bias, batch-norm."""

    def __init__(self, weight_shape, out, batch_norm, stage):
        super().__init__()
        self.stage = stage
        self.bn_trains = False
        self.weight = nn.Parameter(torch.empty(weight_shape)) if weight_shape is not None else None
        self.bias = nn.Parameter(torch.zeros(out))
        self.batch_norm = batch_norm
        if batch_norm:
            self.bn_weight = nn.Parameter(torch.ones(out))
            self.bn_bias = nn.Parameter(torch.zeros(out))
            self.register_buffer('running_mean', torch.zeros(out))
            self.register_buffer('running_var', torch.ones(out))

    def normalise(self, y):
        if not self.batch_norm:
            return y
        return F.batch_norm(y, self.running_mean, self.running_var, self.bn_weight, self.bn_bias,
                            training=self.training and self.bn_trains, momentum=BN_MOMENTUM, eps=BN_EPS)


class ColumnBlock(nn.Module):
    """Group j's columns of a non-grouped layer reading grouped input: weight[:, (j-1) Cin/G : j Cin/G]."""

    def __init__(self, weight_shape, stage):
        super().__init__()
        self.stage = stage
        self.weight = nn.Parameter(torch.empty(weight_shape))


class GroupNet(nn.Module):
    """The network of a resolved spec; forward(x, g) runs it with g active groups."""

    def __init__(self, net, seed=1):
        super().__init__()
        self.net = net
        self.G = net['groups']
        self.layers = nn.ModuleList()
        generator = torch.Generator().manual_seed(seed)
        for layer in net['layers']:
            self.layers.append(self._make_layer(layer, generator))
        self.set_stage(None)

    def _make_layer(self, layer, generator):
        kind, k, G = layer['kind'], layer['kernel'], self.G
        holder = nn.Module()
        if kind == 'pool':
            return holder
        shape = (lambda out, cin: [out, cin, k, k]) if kind == 'conv' else (lambda out, cin: [out, cin])
        if layer['grouped']:
            out = layer['outChannels'] // G
            holder.groups = nn.ModuleList()
            for j in range(1, G + 1):
                cin = group_input_range(self.net, layer, j)[1]
                block = Block(shape(out, cin), out, layer['batchNorm'], stage=j)
                _he_normal(block.weight, generator)
                holder.groups.append(block)
            return holder
        out = layer['outChannels']
        if layer['inputGrouped']:
            # Column blocks: group j's features are columns [(j-1) Cin/G, j Cin/G). Group 1's start like
            # PyTorch's default; later groups' start at zero, so stage j begins exactly at stage j-1's outputs.
            holder.shared = Block(None, out, layer['batchNorm'], stage=1)
            holder.columns = nn.ModuleList()
            fan_in = layer['inChannels'] * k * k
            for j in range(1, G + 1):
                column = ColumnBlock(shape(out, layer['inChannels'] // G), stage=j)
                with torch.no_grad():
                    if j == 1:
                        bound = 1 / math.sqrt(fan_in)
                        column.weight.copy_(torch.rand(column.weight.shape, generator=generator) * 2 * bound - bound)
                    else:
                        column.weight.zero_()
                holder.columns.append(column)
        else:
            holder.shared = Block(shape(out, layer['inChannels']), out, layer['batchNorm'], stage=1)
            _he_normal(holder.shared.weight, generator)
        return holder

    def set_stage(self, k):
        """Stage k trains: only stage k's parameters take gradients and only its batch-norms learn
        statistics. None: nothing trains (inference)."""
        for module in self.modules():
            if isinstance(module, (Block, ColumnBlock)):
                trains = module.stage == k
                for p in module.parameters(recurse=False):
                    p.requires_grad_(trains)
                if isinstance(module, Block):
                    module.bn_trains = trains

    def trainable_parameters(self):
        return [p for p in self.parameters() if p.requires_grad]

    def forward(self, x, g, alone=False):
        """The logits with g active groups; with alone=True also (as a pair) the logits of group g alone
        through the classifier (its columns plus the bias), or None when the last layer is not an
        additive classifier over groups."""
        if not 1 <= g <= self.G:
            raise ValueError(f'g must be 1..{self.G}, got {g}')
        n_layers = len(self.net['layers'])
        value = x  # a tensor (not grouped) or a list of the active groups' tensors
        own = None
        for i, (layer, holder) in enumerate(zip(self.net['layers'], self.layers)):
            kind = layer['kind']
            relu = kind != 'pool' and not (kind == 'fc' and i == n_layers - 1)
            if kind == 'fc':
                value = [v.flatten(1) for v in value] if isinstance(value, list) else value.flatten(1)
            if kind == 'pool':
                pool = lambda v: F.max_pool2d(v, layer['kernel'], layer['stride'], layer['padding'])
                value = [pool(v) for v in value] if isinstance(value, list) else pool(value)
                continue
            if layer['grouped']:
                outs = []
                for j in range(1, g + 1):
                    block = holder.groups[j - 1]
                    if not layer['inputGrouped']:
                        inp = value
                    elif self.net['structure'] == 'cumulative':
                        inp = value[0] if j == 1 else torch.cat(value[:j], 1)
                    else:
                        inp = value[j - 1]
                    outs.append(_activate(block, _affine(layer, inp, block.weight, block.bias), relu))
                value = outs
            else:
                block = holder.shared
                if layer['inputGrouped']:
                    inp = value[0] if g == 1 else torch.cat(value[:g], 1)
                    cols = [c.weight for c in holder.columns[:g]]
                    weight = cols[0] if g == 1 else torch.cat(cols, 1)
                else:
                    inp, weight = value, block.weight
                last = i == n_layers - 1
                if alone and last and layer['inputGrouped'] and kind == 'fc' and not layer['batchNorm']:
                    own = F.linear(value[g - 1], holder.columns[g - 1].weight, block.bias)
                value = _activate(block, _affine(layer, inp, weight, block.bias), relu)
        if isinstance(value, list):
            value = value[0] if len(value) == 1 else torch.cat(value, 1)
        if alone:
            return value.flatten(1), own
        return value.flatten(1)

    def engine_tensors(self):
        """Every engine tensor name -> its values (a detached float32 CPU tensor), from the parameters."""
        out = {}
        for layer, holder in zip(self.net['layers'], self.layers):
            if layer['kind'] == 'pool':
                continue
            if layer['grouped']:
                for j, block in enumerate(holder.groups, start=1):
                    _block_tensors(out, f'{layer["name"]}.g{j}', block, block.weight)
            else:
                weight = torch.cat([c.weight for c in holder.columns], 1) if layer['inputGrouped'] else holder.shared.weight
                _block_tensors(out, layer['name'], holder.shared, weight)
        return out

    @torch.no_grad()
    def load_engine_tensors(self, tensors):
        """The inverse of engine_tensors: sets every parameter and running statistic."""
        for layer, holder in zip(self.net['layers'], self.layers):
            if layer['kind'] == 'pool':
                continue
            if layer['grouped']:
                for j, block in enumerate(holder.groups, start=1):
                    _set_block(tensors, f'{layer["name"]}.g{j}', block, block.weight)
            elif layer['inputGrouped']:
                _set_block(tensors, layer['name'], holder.shared, None)
                full = tensors[f'{layer["name"]}.weight']
                per = layer['inChannels'] // self.G
                for j, column in enumerate(holder.columns):
                    column.weight.copy_(full[:, j * per:(j + 1) * per])
            else:
                _set_block(tensors, layer['name'], holder.shared, holder.shared.weight)


def _affine(layer, x, weight, bias):
    if layer['kind'] == 'conv':
        return F.conv2d(x, weight, bias, stride=layer['stride'], padding=layer['padding'])
    return F.linear(x, weight, bias)


def _activate(block, y, relu):
    y = block.normalise(y)
    return F.relu(y) if relu else y


def _he_normal(weight, generator):
    fan_in = weight[0].numel()
    with torch.no_grad():
        weight.copy_(torch.randn(weight.shape, generator=generator) * math.sqrt(2.0 / fan_in))


def _block_tensors(out, prefix, block, weight):
    out[f'{prefix}.weight'] = weight.detach().float().contiguous()
    out[f'{prefix}.bias'] = block.bias.detach().float().contiguous()
    if block.batch_norm:
        out[f'{prefix}.bn.gamma'] = block.bn_weight.detach().float().contiguous()
        out[f'{prefix}.bn.beta'] = block.bn_bias.detach().float().contiguous()
        out[f'{prefix}.bn.mean'] = block.running_mean.detach().float().contiguous()
        out[f'{prefix}.bn.var'] = block.running_var.detach().float().contiguous()


def _set_block(tensors, prefix, block, weight):
    if weight is not None:
        weight.copy_(tensors[f'{prefix}.weight'])
    block.bias.copy_(tensors[f'{prefix}.bias'])
    if block.batch_norm:
        block.bn_weight.copy_(tensors[f'{prefix}.bn.gamma'])
        block.bn_bias.copy_(tensors[f'{prefix}.bn.beta'])
        block.running_mean.copy_(tensors[f'{prefix}.bn.mean'])
        block.running_var.copy_(tensors[f'{prefix}.bn.var'])
