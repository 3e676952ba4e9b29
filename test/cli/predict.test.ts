import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkById } from '../../dnn/builtinNetworks.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { predict } from '../../models/predict.js';
import type { Configuration, Prediction, PredictOptions } from '../../models/types.js';
import { caseArb, type Case } from '../models/arbitraries.js';
import { expectOneLineRefusal, headerLine, run, runJson } from './run.js';

// The contract's keys, plus the extras the README documents (thermal throttling, per-layer power).
const PREDICTION_KEYS = [
  'config',
  'timeMs',
  'energyMJ',
  'avgPowerW',
  'powerByRailW',
  'accuracy',
  'confidence',
  'memoryBytes',
  'layers',
  'effectiveFreqMHz',
  'throttled',
].sort();
const LAYER_KEYS = ['name', 'kind', 'macs', 'timeMs', 'energyMJ', 'avgPowerW'].sort();

const xu3 = platformById('odroid-xu3');
const nano = platformById('jetson-nano');
const alexnet = networkById('alexnet-cifar10-g4');

/** The contract's view of a library prediction, as the CLI should print it. */
function contractView(p: Prediction) {
  return {
    config: p.config,
    timeMs: p.timeMs,
    energyMJ: p.energyMJ,
    avgPowerW: p.avgPowerW,
    powerByRailW: p.powerByRailW,
    accuracy: p.accuracy,
    memoryBytes: p.memoryBytes,
    layers: p.layers.map((l) => ({ name: l.name, kind: l.kind, macs: l.macs, timeMs: l.timeMs, energyMJ: l.energyMJ })),
  };
}

/** The same fields picked from the CLI's JSON. */
function pickContract(j: any) {
  return {
    config: j.config,
    timeMs: j.timeMs,
    energyMJ: j.energyMJ,
    avgPowerW: j.avgPowerW,
    powerByRailW: j.powerByRailW,
    accuracy: j.accuracy,
    memoryBytes: j.memoryBytes,
    layers: j.layers.map((l: any) => ({
      name: l.name,
      kind: l.kind,
      macs: l.macs,
      timeMs: l.timeMs,
      energyMJ: l.energyMJ,
    })),
  };
}

/** argv for one library case: the running unit's frequency bare, every other unit's as U=MHZ. */
function argvOf(c: Case): string[] {
  const { config } = c;
  const argv = [
    'predict',
    '--json',
    '--platform',
    c.platform.id,
    '--dnn',
    c.dnn.id,
    '--groups',
    String(config.groups),
    '--unit',
    config.unit,
    '--cores',
    String(config.cores),
  ];
  argv.push('--freq', String(config.freqMHz[config.unit]));
  for (const [unit, f] of Object.entries(config.freqMHz)) if (unit !== config.unit) argv.push('--freq', `${unit}=${f}`);
  if (c.powerMode !== undefined) argv.push('--power-mode', c.powerMode);
  return argv;
}

const base = [
  'predict',
  '--json',
  '--platform',
  'odroid-xu3',
  '--dnn',
  'alexnet-cifar10-g4',
  '--groups',
  '3',
  '--unit',
  'a15',
  '--cores',
  '2',
];
const baseConfig = (freqMHz: Record<string, number>): Configuration => ({ groups: 3, unit: 'a15', cores: 2, freqMHz });
const lib = (freqMHz: Record<string, number>, options: PredictOptions = {}) =>
  predict(xu3, alexnet, baseConfig(freqMHz), options);

describe('twinrtm predict --json shape', () => {
  it('should have exactly the keys of the contract', async () => {
    const j = await runJson(...base, '--freq', '1400');
    expect(Object.keys(j).sort()).toEqual(PREDICTION_KEYS);
  });

  it('should give each layer exactly the keys of the contract', async () => {
    const j = await runJson(...base, '--freq', '1400');
    for (const l of j.layers) expect(Object.keys(l).sort()).toEqual(LAYER_KEYS);
  });

  it('should type the totals as positive numbers', async () => {
    const j = await runJson(...base, '--freq', '1400');
    for (const k of ['timeMs', 'energyMJ', 'avgPowerW']) {
      expect(typeof j[k]).toBe('number');
      expect(j[k]).toBeGreaterThan(0);
    }
    expect(Number.isInteger(j.memoryBytes)).toBe(true);
  });

  it('should give the power of every rail of the platform', async () => {
    const j = await runJson(...base, '--freq', '1400');
    expect(Object.keys(j.powerByRailW).sort()).toEqual(xu3.rails.map((r) => r.name).sort());
    for (const w of Object.values(j.powerByRailW)) expect(typeof w).toBe('number');
  });

  it('should give one row per layer of the network, in order', async () => {
    const j = await runJson(...base, '--freq', '1400');
    expect(j.layers.map((l: { name: string }) => l.name)).toEqual(alexnet.layers.map((l) => l.name));
  });

  it('should echo the checked configuration with a frequency for every unit', async () => {
    const j = await runJson(...base, '--freq', '1400');
    expect(j.config).toEqual({ groups: 3, unit: 'a15', cores: 2, freqMHz: { a7: 200, a15: 1400 } });
  });

  it("should give the network's measured top-1 for g, and null while it is unmeasured", async () => {
    expect((await runJson(...base, '--freq', '1400')).accuracy).toBe(0.9263);
    expect((await runJson(...base, '--freq', '1400', '--dnn', 'alexnet-cifar10-g4-cumulative')).accuracy).toBeNull();
  });
});

describe('twinrtm predict agrees with the library', () => {
  it("should print the library's predict() for the same configuration", async () => {
    const j = await runJson(...base, '--freq', '1400');
    expect(pickContract(j)).toEqual(contractView(lib({ a15: 1400 })));
  });

  it("should print the library's predict() for any valid configuration of any built-in platform", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const j = await runJson(...argvOf(c));
        const expected = predict(
          c.platform,
          c.dnn,
          c.config,
          c.powerMode === undefined ? {} : { powerMode: c.powerMode },
        );
        expect(pickContract(j)).toEqual(contractView(expected));
      }),
      { numRuns: 40 },
    );
  });

  it('should default to all G groups, all cores and the top operating point', async () => {
    const j = await runJson('predict', '--json', '--unit', 'a15');
    expect(pickContract(j)).toEqual(
      contractView(predict(xu3, alexnet, { groups: 4, unit: 'a15', cores: 4, freqMHz: { a15: 2000 } })),
    );
  });

  it('should default to the cores and top frequency the power mode allows', async () => {
    const j = await runJson('predict', '--json', '--platform', 'jetson-nano', '--power-mode', '5W', '--unit', 'a57');
    const expected = predict(
      nano,
      alexnet,
      { groups: 4, unit: 'a57', cores: 2, freqMHz: { a57: 825.6 } },
      { powerMode: '5W' },
    );
    expect(pickContract(j)).toEqual(contractView(expected));
  });
});

describe('twinrtm predict --freq', () => {
  it('should read a bare --freq as the frequency of the running unit', async () => {
    const j = await runJson(...base, '--freq', '1400');
    expect(j.config.freqMHz.a15).toBe(1400);
  });

  it('should read --freq U=MHZ for the running unit like the bare form', async () => {
    const keyed = await runJson(...base, '--freq', 'a15=1400');
    const bare = await runJson(...base, '--freq', '1400');
    expect(keyed).toEqual(bare);
  });

  it('should set an idle unit with --freq U2=MHZ next to the bare form', async () => {
    const j = await runJson(...base, '--freq', '1400', '--freq', 'a7=1300');
    expect(j.config.freqMHz).toEqual({ a7: 1300, a15: 1400 });
    expect(pickContract(j)).toEqual(contractView(lib({ a15: 1400, a7: 1300 })));
  });

  it('should take non-integer operating points such as the Nano GPU 921.6 MHz', async () => {
    const j = await runJson('predict', '--json', '--platform', 'jetson-nano', '--unit', 'gpu', '--freq', '921.6');
    expect(j.config.freqMHz.gpu).toBe(921.6);
  });

  it('should refuse the same unit given twice', async () => {
    expectOneLineRefusal(await run(...base, '--freq', '1400', '--freq', 'a15=1300'), 'a15', 'twice');
  });

  it('should refuse a frequency for a unit the platform does not have, listing the units', async () => {
    expectOneLineRefusal(await run(...base, '--freq', '1400', '--freq', 'a57=1000'), "'a57'", 'a7, a15');
  });

  it('should refuse a unit named like an Object.prototype member as an unknown unit, listing the units', async () => {
    expectOneLineRefusal(
      await run(...base, '--freq', '1400', '--freq', 'toString=1000'),
      "unknown unit in freqMHz 'toString'",
      'a7, a15',
    );
  });
});

describe('twinrtm predict --busy', () => {
  it("should pass --busy U=N to the library's contention", async () => {
    const j = await runJson(...base, '--freq', '1400', '--busy', 'a15=3');
    expect(pickContract(j)).toEqual(contractView(lib({ a15: 1400 }, { contention: { busyCores: { a15: 3 } } })));
  });

  it('should slow the DNN when co-workloads hold cores it needs', async () => {
    const idle = await runJson(...base, '--freq', '1400');
    const busy = await runJson(...base, '--freq', '1400', '--busy', 'a15=3');
    expect(busy.timeMs).toBeGreaterThan(idle.timeMs);
  });

  it('should accept --busy on several units', async () => {
    const j = await runJson(...base, '--freq', '1400', '--busy', 'a15=1', '--busy', 'a7=4');
    expect(pickContract(j)).toEqual(contractView(lib({ a15: 1400 }, { contention: { busyCores: { a15: 1, a7: 4 } } })));
  });

  it('should refuse a bare --busy value, asking for U=N', async () => {
    expectOneLineRefusal(await run(...base, '--busy', '2'), '--busy', 'UNIT=VALUE');
  });

  it('should refuse more busy cores than the unit has, listing the valid range', async () => {
    expectOneLineRefusal(await run(...base, '--busy', 'a15=5'), 'busy cores 5', '0..4');
  });
});

describe('twinrtm predict --temp', () => {
  const hot = [...base, '--freq', '2000', '--temp', '80'];

  it('should run a15 asked for 2000 MHz at 80 C as fast as at 1800 MHz', async () => {
    const j = await runJson(...hot);
    expect(j.timeMs).toBe(lib({ a15: 1800 }).timeMs);
  });

  it('should run each layer at 80 C as at 1800 MHz', async () => {
    const j = await runJson(...hot);
    expect(j.layers.map((l: { timeMs: number }) => l.timeMs)).toEqual(lib({ a15: 1800 }).layers.map((l) => l.timeMs));
  });

  it("should give the energy of 1800 MHz at 80 C (the cap plus the hot die's leakage)", async () => {
    const j = await runJson(...hot);
    expect(j.energyMJ).toBe(lib({ a15: 1800 }, { temperatureC: 80 }).energyMJ);
  });

  it('should say in the text output that a15 was throttled to 1800', async () => {
    const r = await run(...hot.filter((a) => a !== '--json'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('a15=2000(throttled to 1800)');
  });

  it('should not throttle below the first trip', async () => {
    const j = await runJson(...base, '--freq', '2000', '--temp', '60');
    expect(j.timeMs).toBe(lib({ a15: 2000 }).timeMs);
  });

  it('should refuse a temperature that is not a number', async () => {
    expectOneLineRefusal(await run(...base, '--temp', 'warm'), '--temp', "'warm'");
  });
});

describe('twinrtm predict text output', () => {
  it('should print the layer table with its headers', async () => {
    const r = await run('predict', '--unit', 'a15');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(headerLine('layer', 'kind', 'MACs', 'time ms', 'energy mJ', 'power W'));
  });

  it('should print the measured accuracy, or unmeasured', async () => {
    expect((await run('predict', '--unit', 'a15')).out).toMatch(/^accuracy: 0\.9269\b/m);
    expect((await run('predict', '--unit', 'a15', '--dnn', 'alexnet-cifar10-g4-cumulative')).out).toMatch(
      /^accuracy: unmeasured\b/m,
    );
  });
});

describe('twinrtm predict --confidence-threshold', () => {
  it('adds anytime inference: the share stopping at each g, the mean and p95, and its top-1', async () => {
    const j = await runJson(
      'predict',
      '--unit',
      'a15',
      '--cores',
      '4',
      '--freq',
      '1400',
      '--confidence-threshold',
      '0',
      '--json',
    );
    expect(j.anytime).toMatchObject({ threshold: 0, meanGroups: 1, accuracy: 0.9213 });
    expect(j.anytime.stops.map((s: { share: number }) => s.share)).toEqual([1, 0, 0, 0]);
    const r = await run('predict', '--unit', 'a15', '--confidence-threshold', '0.9');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(
      /^anytime inference, threshold 0\.9, at most 4 groups \(shares over Fashion-MNIST test \(10000 images\)\):$/m,
    );
    expect(r.out).toMatch(/^mean \d+\.\d{3} ms, p95 \d+\.\d{3} ms, \d+\.\d{3} mJ, \d\.\d{3} groups, top-1 0\.\d{4}$/m);
  });

  it('refuses a network without measured images and a threshold that is not a number', async () => {
    expectOneLineRefusal(
      await run('predict', '--unit', 'a15', '--dnn', 'alexnet-cifar10-g4-cumulative', '--confidence-threshold', '0.9'),
      'has no measured per-image probabilities',
    );
    expectOneLineRefusal(
      await run('predict', '--unit', 'a15', '--confidence-threshold', 'x'),
      "--confidence-threshold 'x' is not a number",
    );
  });
});
