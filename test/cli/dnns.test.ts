import { describe, expect, it } from 'vitest';
import { builtinNetworks } from '../../dnn/builtinNetworks.js';
import { networkCost } from '../../dnn/networkCost.js';
import { headerLine, run, runJson } from './run.js';

// The contract's keys, plus the extras the README documents (description, the accuracy table).
const DNN_KEYS = ['id', 'input', 'groups', 'structure', 'layers', 'costs', 'description', 'accuracy'].sort();
const LAYER_KEYS = [
  'name',
  'kind',
  'inChannels',
  'outChannels',
  'kernel',
  'stride',
  'padding',
  'inH',
  'inW',
  'outH',
  'outW',
  'grouped',
].sort();
const COST_KEYS = ['groups', 'macs', 'paramBytes', 'activationBytes'].sort();

describe('twinrtm dnns --json', () => {
  it('should list every built-in network', async () => {
    const dnns = await runJson('dnns', '--json');
    expect(dnns.map((d: { id: string }) => d.id)).toEqual(builtinNetworks().map((d) => d.id));
  });

  it('should give each network exactly the keys of the contract', async () => {
    const dnns = await runJson('dnns', '--json');
    for (const d of dnns) expect(Object.keys(d).sort()).toEqual(DNN_KEYS);
  });

  it('should give each layer exactly the keys of the contract', async () => {
    const dnns = await runJson('dnns', '--json');
    for (const d of dnns) for (const l of d.layers) expect(Object.keys(l).sort()).toEqual(LAYER_KEYS);
  });

  it('should give each cost row exactly the keys of the contract', async () => {
    const dnns = await runJson('dnns', '--json');
    for (const d of dnns) for (const c of d.costs) expect(Object.keys(c).sort()).toEqual(COST_KEYS);
  });

  it('should give the input as [C, H, W] whole numbers', async () => {
    const dnns = await runJson('dnns', '--json');
    for (const d of dnns) {
      expect(d.input).toHaveLength(3);
      for (const n of d.input) expect(Number.isInteger(n) && n > 0).toBe(true);
    }
    expect(dnns[0].input).toEqual([3, 32, 32]);
  });

  it('should type every layer field', async () => {
    const dnns = await runJson('dnns', '--json');
    for (const d of dnns) {
      expect(typeof d.structure).toBe('string');
      for (const l of d.layers) {
        expect(typeof l.name).toBe('string');
        expect(['conv', 'fc', 'pool']).toContain(l.kind);
        for (const k of ['inChannels', 'outChannels', 'kernel', 'stride', 'padding', 'inH', 'inW', 'outH', 'outW']) {
          expect(Number.isInteger(l[k])).toBe(true);
        }
        expect(typeof l.grouped).toBe('boolean');
      }
    }
  });

  it('should give one cost row per active-group count 1..G', async () => {
    const dnns = await runJson('dnns', '--json');
    for (const d of dnns) {
      expect(Number.isInteger(d.groups)).toBe(true);
      expect(d.costs.map((c: { groups: number }) => c.groups)).toEqual(
        Array.from({ length: d.groups }, (_, i) => i + 1),
      );
    }
  });

  it("should give the library's exact costs", async () => {
    const dnns = await runJson('dnns', '--json');
    for (const dnn of builtinNetworks()) {
      const d = dnns.find((x: { id: string }) => x.id === dnn.id);
      for (const c of d.costs) {
        const expected = networkCost(dnn, c.groups);
        expect(c).toEqual({
          groups: c.groups,
          macs: expected.macs,
          paramBytes: expected.paramBytes,
          activationBytes: expected.activationBytes,
        });
      }
    }
  });

  it('should give the layers of the resolved network, in order', async () => {
    const dnns = await runJson('dnns', '--json');
    for (const dnn of builtinNetworks()) {
      const d = dnns.find((x: { id: string }) => x.id === dnn.id);
      expect(d.layers.map((l: { name: string }) => l.name)).toEqual(dnn.layers.map((l) => l.name));
    }
  });
});

describe('twinrtm dnns', () => {
  it('should print the layer table with its headers', async () => {
    const r = await run('dnns');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(headerLine('layer', 'kind', 'in', 'out', 'k/s/p', 'in HxW', 'out HxW', 'grouped'));
  });

  it('should print the cost table with its headers', async () => {
    const r = await run('dnns');
    expect(r.out).toMatch(
      headerLine('groups', 'MACs', 'param bytes', 'activation bytes', 'top-1', 'confidence', 'norm. conf.', 'ECE'),
    );
  });

  it("should show each network's measured top-1 per active-group count, or unmeasured", async () => {
    const r = await run('dnns');
    const costRows = r.out.split('\n').filter((line) => /^\s*\d+\s+\d+\s+\d+\s+\d+(\s+\S+){4}$/.test(line));
    const expected = builtinNetworks().flatMap((d) =>
      Array.from({ length: d.groups }, (_, i) =>
        String(d.accuracy.entries.find((e) => e.groups === i + 1)?.top1 ?? 'unmeasured'),
      ),
    );
    expect(costRows.map((row) => row.trim().split(/\s+/)[4])).toEqual(expected);
    // Confidence, normalised confidence and ECE beside it, to 4 decimals, or unmeasured.
    const confidence = builtinNetworks().flatMap((d) =>
      Array.from(
        { length: d.groups },
        (_, i) => d.accuracy.entries.find((e) => e.groups === i + 1)?.confidence?.toFixed(4) ?? 'unmeasured',
      ),
    );
    expect(costRows.map((row) => row.trim().split(/\s+/)[5])).toEqual(confidence);
    expect(confidence.slice(0, 4)).toEqual(['0.9345', '0.9693', '0.9796', '0.9846']);
    expect(expected.slice(0, 4)).toEqual(['0.9213', '0.9262', '0.9263', '0.9269']);
    expect(expected.slice(4)).toEqual(['unmeasured', 'unmeasured', 'unmeasured', 'unmeasured']);
  });
});
