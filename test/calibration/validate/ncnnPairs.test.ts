import { describe, expect, it } from 'vitest';
import { ncnnPairs } from '../../../calibration/validate/ncnnPairs.js';
import { ncnnNetworks } from '../../../calibration/ncnn/networks.js';
import { selectNcnnRows } from '../../../calibration/validate/ncnnRows.js';
import type { NcnnTableRow } from '../../../calibration/validate/ncnnTable.js';
import { platformById } from '../../../models/builtinPlatforms.js';
import { checkPlatform } from '../../../models/checkPlatform.js';
import type { Platform } from '../../../models/types.js';

/**
 * BVLC AlexNet at 227x227 counted by hand: the MACs of its five convs (conv2, conv4 and conv5 in two
 * groups) and three fcs, and the compares of its three 3x3 max pools (8 per output); 11 costed nodes.
 */
const ALEXNET_WORK =
  96 * 3 * 11 * 11 * 55 * 55 +
  256 * 48 * 5 * 5 * 27 * 27 +
  384 * 256 * 3 * 3 * 13 * 13 +
  384 * 192 * 3 * 3 * 13 * 13 +
  256 * 192 * 3 * 3 * 13 * 13 +
  256 * 6 * 6 * 4096 +
  4096 * 4096 +
  4096 * 1000 +
  96 * 27 * 27 * 8 +
  256 * 13 * 13 * 8 +
  256 * 6 * 6 * 8;
const ALEXNET_NODES = 11;

/** A platform whose unit does `workPerCycle` items per cycle per core on every layer kind, perfectly parallel, with `overheadMs` per node and no memory term. */
function handPlatform(id: string, unit: string, workPerCycle: number, overheadMs: number): Platform {
  const p = structuredClone(platformById(id)) as { units: { id: string; perf: unknown }[] };
  const block = {
    workPerCycle,
    parallelFraction: 1,
    bandwidthGBs: null,
    overheadMs,
    prior: 'a hand-made test platform',
  };
  p.units.find((u) => u.id === unit)!.perf = { conv: block, fc: block, pool: block };
  return checkPlatform(p, `${id}-hand.json`);
}

const row = (line: number, threads: number, device: 'cpu' | 'gpu', avgMs: number): NcnnTableRow => ({
  line,
  readmeLine: null,
  section: 'Board',
  threads,
  powersave: 0,
  device,
  unitLabel: device === 'cpu' ? 'CPU' : 'GPU:x',
  model: 'alexnet',
  avgMs,
});

describe('ncnnPairs', () => {
  it("predicts AlexNet on a CPU as W / (eta f n) plus a node's overhead per node, against avg_ms", () => {
    const pi4 = handPlatform('raspberry-pi-4', 'a72', 2, 0.5);
    const rows = [row(2, 1, 'cpu', 100), row(3, 4, 'cpu', 50)];
    const selection = selectNcnnRows(rows, pi4, ncnnNetworks(), { file: 'hand.csv', freqMHz: { '': 1500 } });
    const pairs = ncnnPairs(pi4, selection.taken);
    const hand = (cores: number) => ALEXNET_WORK / (2 * 1500e3 * cores) + ALEXNET_NODES * 0.5;
    expect(pairs.map((p) => [p.line, p.unit, p.runtime, p.quantity, p.label, p.measured])).toEqual([
      [2, 'a72', 'ncnn', 'time', 'alexnet, 1 thread', 100],
      [3, 'a72', 'ncnn', 'time', 'alexnet, 4 threads', 50],
    ]);
    expect(pairs[0]!.predicted / hand(1)).toBeCloseTo(1, 12);
    expect(pairs[1]!.predicted / hand(4)).toBeCloseTo(1, 12);
  });

  it('predicts a Vulkan row on the whole GPU at its clock, whatever the threads, named with the runtime of the gpu unit', () => {
    const nano = handPlatform('jetson-nano', 'gpu', 100, 0.2);
    const selection = selectNcnnRows([row(2, 4, 'gpu', 80), row(3, 1, 'gpu', 80)], nano, ncnnNetworks(), {
      file: 'hand.csv',
    });
    const pairs = ncnnPairs(nano, selection.taken);
    const hand = ALEXNET_WORK / (100 * 921.6e3) + ALEXNET_NODES * 0.2;
    expect(pairs.map((p) => [p.unit, p.runtime, p.label])).toEqual([
      ['gpu', 'pytorch', 'alexnet, 4 threads, Vulkan'],
      ['gpu', 'pytorch', 'alexnet, 1 thread, Vulkan'],
    ]);
    for (const p of pairs) expect(p.predicted / hand).toBeCloseTo(1, 12);
  });
});
