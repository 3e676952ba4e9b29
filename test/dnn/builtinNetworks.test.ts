import { describe, expect, it } from 'vitest';
import { builtinNetworks, DEFAULT_DNN_ID, networkById } from '../../dnn/builtinNetworks.js';
import { InputError } from '../../dnn/inputError.js';

describe('builtinNetworks', () => {
  it('lists the default network first, then its cumulative twin', () => {
    expect(builtinNetworks().map((dnn) => dnn.id)).toEqual([DEFAULT_DNN_ID, 'alexnet-cifar10-g4-cumulative']);
  });

  it('resolves the files once and returns the same objects on every call', () => {
    expect(builtinNetworks()).toBe(builtinNetworks());
    expect(networkById(DEFAULT_DNN_ID)).toBe(builtinNetworks()[0]);
  });

  it('gives the two networks the same layers and different structures', () => {
    const [blockDiagonal, cumulative] = builtinNetworks();
    expect(cumulative?.layers).toEqual(blockDiagonal?.layers);
    expect([blockDiagonal?.structure, cumulative?.structure]).toEqual(['block-diagonal', 'cumulative']);
  });

  it('ships accuracy only as a training run measured it: every g with the run as its source, or nothing', () => {
    for (const dnn of builtinNetworks()) {
      if (dnn.accuracy.source === null) expect(dnn.accuracy.entries, dnn.id).toEqual([]);
      else {
        expect(dnn.accuracy.source.command, dnn.id).toMatch(/^twinrtm train --dataset /);
        expect(dnn.accuracy.entries.map((e) => e.groups)).toEqual([1, 2, 3, 4]);
      }
    }
  });

  it("says in the rationale that the layer list is the project's reconstruction", () => {
    for (const dnn of builtinNetworks()) expect(dnn.rationale.join(' ')).toMatch(/project's reconstruction/);
  });
});

describe('networkById', () => {
  it('finds a network by id', () => {
    expect(networkById('alexnet-cifar10-g4-cumulative').structure).toBe('cumulative');
  });

  it('refuses an unknown id, listing the valid ones', () => {
    expect(() => networkById('nope')).toThrow(InputError);
    expect(() => networkById('nope')).toThrow(
      "unknown dnn 'nope' (valid: alexnet-cifar10-g4, alexnet-cifar10-g4-cumulative)",
    );
  });
});
