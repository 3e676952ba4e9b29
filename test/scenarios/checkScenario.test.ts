import { describe, expect, it } from 'vitest';
import { DataFileError } from '../../dnn/schemaCheck.js';
import { checkScenario } from '../../scenarios/checkScenario.js';
import type { Scenario } from '../../scenarios/types.js';

/** Only the required fields: an XU3 run of 10 s at 30 fps on four A15 cores. */
function minimal(): any {
  return {
    id: 'minimal',
    description: 'only the required fields',
    platform: 'odroid-xu3',
    dnn: 'alexnet-cifar10-g4',
    durationS: 10,
    requests: { kind: 'periodic', fps: 30 },
    initialConfig: { groups: 4, unit: 'a15', cores: 4, freqMHz: { a15: 2000 } },
  };
}

/** A minimal Jetson Nano file, on the GPU. */
function nano(): any {
  return {
    ...minimal(),
    platform: 'jetson-nano',
    initialConfig: { groups: 2, unit: 'gpu', cores: 1, freqMHz: { gpu: 921.6 } },
  };
}

function refusal(data: unknown): string {
  try {
    checkScenario(data, 'x.json');
  } catch (err) {
    expect(err).toBeInstanceOf(DataFileError);
    return (err as Error).message;
  }
  throw new Error('the scenario was accepted');
}

describe('checkScenario defaults', () => {
  it('gives a file with only the required fields every default', () => {
    const expected: Scenario = {
      id: 'minimal',
      description: 'only the required fields',
      platform: 'odroid-xu3',
      dnn: 'alexnet-cifar10-g4',
      durationS: 10,
      seed: 1,
      controlPeriodMs: 10,
      sensor: { periodMs: 10, noise: { powerRelative: 0, utilisation: 0, temperatureC: 0 } },
      ambientC: 25,
      requests: { kind: 'periodic', fps: 30 },
      queueLimit: 4,
      initialConfig: { groups: 4, unit: 'a15', cores: 4, freqMHz: { a7: 200, a15: 2000 } },
      budgets: [],
      coworkloads: [],
      powerModes: [],
      truth: { timeFactor: 1, powerFactor: 1 },
      migrationCostMs: 2,
      defaultTransitionLatencyUs: 100,
    };
    expect(checkScenario(minimal(), 'x.json')).toStrictEqual(expected);
  });

  it('runs an idle unit left out of initialConfig.freqMHz at its lowest operating point', () => {
    expect(checkScenario(minimal(), 'x.json').initialConfig.freqMHz).toEqual({ a7: 200, a15: 2000 });
  });

  it('starts a platform with power modes in its default mode when powerMode is left out', () => {
    expect(checkScenario(nano(), 'x.json').powerMode).toBe('MAXN');
  });

  it('leaves powerMode out on a platform with no power modes', () => {
    expect(checkScenario(minimal(), 'x.json')).not.toHaveProperty('powerMode');
  });

  it('takes the lowest operating point allowed by the starting power mode for an idle unit', () => {
    const s = nano();
    s.powerMode = '5W';
    s.initialConfig = { groups: 4, unit: 'gpu', cores: 1, freqMHz: { gpu: 614.4 } };
    expect(checkScenario(s, 'x.json').initialConfig.freqMHz).toEqual({ a57: 102, gpu: 614.4 });
  });

  it('merges a partial sensor block with the defaults', () => {
    const s = minimal();
    s.sensor = { noise: { temperatureC: 0.5 } };
    expect(checkScenario(s, 'x.json').sensor).toEqual({
      periodMs: 10,
      noise: { powerRelative: 0, utilisation: 0, temperatureC: 0.5 },
    });
  });

  it('merges a partial truth block with the defaults', () => {
    const s = minimal();
    s.truth = { powerFactor: 1.2 };
    expect(checkScenario(s, 'x.json').truth).toEqual({ timeFactor: 1, powerFactor: 1.2 });
  });

  it('gives a co-workload with only name, startS and unit every default', () => {
    const s = minimal();
    s.coworkloads = [{ name: 'bg', startS: 1, unit: 'a7' }];
    expect(checkScenario(s, 'x.json').coworkloads).toEqual([
      { name: 'bg', startS: 1, endS: null, unit: 'a7', cores: 1, utilisation: 1, memoryIntensity: 0, gpuShare: 0 },
    ]);
  });

  it('gives a closed-loop stream without thinkMs a think time of 0', () => {
    const s = minimal();
    s.requests = { kind: 'closed-loop' };
    expect(checkScenario(s, 'x.json').requests).toEqual({ kind: 'closed-loop', thinkMs: 0 });
  });

  it('keeps a budget left out of a change absent, not null', () => {
    const s = minimal();
    s.budgets = [
      { atS: 0, latencyMs: 20 },
      { atS: 5, powerW: null },
    ];
    expect(checkScenario(s, 'x.json').budgets).toStrictEqual([
      { atS: 0, latencyMs: 20 },
      { atS: 5, powerW: null },
    ]);
  });

  it('accepts changes at the same time (applied in file order)', () => {
    const s = minimal();
    s.budgets = [
      { atS: 0, latencyMs: 20 },
      { atS: 0, powerW: 3 },
    ];
    expect(checkScenario(s, 'x.json').budgets).toHaveLength(2);
  });

  it('does not hold a GPU co-workload to a core count (cores are ignored on a GPU)', () => {
    const s = nano();
    s.coworkloads = [{ name: 'enc', startS: 0, unit: 'gpu', cores: 2, gpuShare: 0.5 }];
    expect(checkScenario(s, 'x.json').coworkloads[0]!.cores).toBe(2);
  });

  it('returns a new object and leaves its input as it was', () => {
    const s = minimal();
    const before = structuredClone(s);
    const checked = checkScenario(s, 'x.json');
    expect(s).toStrictEqual(before);
    expect(checked.initialConfig).not.toBe(s.initialConfig);
  });
});

describe('checkScenario schema refusals', () => {
  it('names an unknown field', () => {
    const s = minimal();
    s.queueLength = 3;
    expect(refusal(s)).toBe('x.json: queueLength: unknown field (check its spelling)');
  });

  it('names an unknown field inside a co-workload', () => {
    const s = minimal();
    s.coworkloads = [{ name: 'bg', startS: 0, unit: 'a7', core: 2 }];
    expect(refusal(s)).toBe('x.json: coworkloads[0].core: unknown field (check its spelling)');
  });

  it('names a missing required field', () => {
    const s = minimal();
    delete s.durationS;
    expect(refusal(s)).toBe('x.json: durationS: is required but missing');
  });

  it('shows the valid kinds for a wrong request kind', () => {
    const s = minimal();
    s.requests = { kind: 'bursty', fps: 30 };
    expect(refusal(s)).toBe(
      'x.json: requests.kind: must be one of "periodic", "poisson", "closed-loop", "trace" (and 1 more problem)',
    );
  });

  it('checks a request stream against the branch its kind names', () => {
    const s = minimal();
    s.requests = { kind: 'periodic', ratePerS: 30 };
    expect(refusal(s)).toBe('x.json: requests.fps: is required but missing (and 1 more problem)');
  });

  it('refuses a duration of zero', () => {
    const s = minimal();
    s.durationS = 0;
    expect(refusal(s)).toBe('x.json: durationS: must be > 0');
  });

  it('refuses a negative queue limit', () => {
    const s = minimal();
    s.queueLimit = -1;
    expect(refusal(s)).toBe('x.json: queueLimit: must be >= 0');
  });

  it('refuses a minimum accuracy above 1', () => {
    const s = minimal();
    s.budgets = [{ atS: 0, minAccuracy: 75 }];
    expect(refusal(s)).toBe('x.json: budgets[0].minAccuracy: must be <= 1');
  });

  it('refuses a negative trace arrival', () => {
    const s = minimal();
    s.requests = { kind: 'trace', arrivalsMs: [0, -5] };
    expect(refusal(s)).toBe('x.json: requests.arrivalsMs[1]: must be >= 0');
  });
});

describe('checkScenario semantic refusals', () => {
  it('refuses a platform that is not built in and lists the built-in ones', () => {
    const s = minimal();
    s.platform = 'raspberry-pi';
    expect(refusal(s)).toBe(
      "x.json: platform: 'raspberry-pi' is not a built-in platform (valid: odroid-xu3, jetson-nano, raspberry-pi-4, host)",
    );
  });

  it('refuses a DNN that is not built in and lists the built-in ones', () => {
    const s = minimal();
    s.dnn = 'resnet';
    expect(refusal(s)).toBe(
      "x.json: dnn: 'resnet' is not a built-in network (valid: alexnet-cifar10-g4, alexnet-cifar10-g4-cumulative)",
    );
  });

  it('refuses a starting power mode the platform does not have and lists its modes', () => {
    const s = nano();
    s.powerMode = '10W';
    expect(refusal(s)).toBe("x.json: powerMode: '10W' is not a power mode of jetson-nano (valid: MAXN, 5W)");
  });

  it('refuses a power mode on a platform that has none', () => {
    const s = minimal();
    s.powerMode = 'MAXN';
    expect(refusal(s)).toBe("x.json: powerMode: 'MAXN' is not a power mode: platform odroid-xu3 has none");
  });

  it('refuses a power mode change to a mode the platform does not have', () => {
    const s = nano();
    s.powerModes = [
      { atS: 1, mode: '5W' },
      { atS: 2, mode: 'turbo' },
    ];
    expect(refusal(s)).toBe("x.json: powerModes[1].mode: 'turbo' is not a power mode of jetson-nano (valid: MAXN, 5W)");
  });

  it('refuses a starting configuration with more cores than the unit has', () => {
    const s = minimal();
    s.initialConfig.cores = 5;
    expect(refusal(s)).toBe('x.json: initialConfig: cores 5 is not valid for a15 of odroid-xu3 (valid: 1..4)');
  });

  it('refuses a starting frequency that is not an operating point', () => {
    const s = minimal();
    s.initialConfig.freqMHz.a15 = 2050;
    expect(refusal(s)).toMatch(
      /^x\.json: initialConfig: frequency 2050 MHz is not an operating point of a15 \(valid: 200, /,
    );
  });

  it('refuses a starting configuration outside the limits of the starting power mode', () => {
    const s = nano();
    s.powerMode = '5W';
    s.initialConfig = { groups: 4, unit: 'a57', cores: 4, freqMHz: { a57: 918 } };
    expect(refusal(s)).toBe(
      'x.json: initialConfig: cores 4 is not valid for a57 of jetson-nano in power mode 5W (valid: 1..2)',
    );
  });

  it('refuses more active groups than the DNN has', () => {
    const s = minimal();
    s.initialConfig.groups = 5;
    expect(refusal(s)).toBe('x.json: initialConfig: groups 5 is outside 1..4 for alexnet-cifar10-g4');
  });

  it('refuses budget changes out of time order', () => {
    const s = minimal();
    s.budgets = [
      { atS: 5, latencyMs: 20 },
      { atS: 2, powerW: 3 },
    ];
    expect(refusal(s)).toBe(
      'x.json: budgets[1].atS: 2 s is before the change listed above it (5 s); list changes in time order',
    );
  });

  it('refuses a budget change after the end of the run', () => {
    const s = minimal();
    s.budgets = [
      { atS: 0, latencyMs: 20 },
      { atS: 11, powerW: 3 },
    ];
    expect(refusal(s)).toBe('x.json: budgets[1].atS: 11 s is after the end of the run (durationS 10 s)');
  });

  it('refuses power mode changes out of time order', () => {
    const s = nano();
    s.powerModes = [
      { atS: 5, mode: '5W' },
      { atS: 4, mode: 'MAXN' },
    ];
    expect(refusal(s)).toBe(
      'x.json: powerModes[1].atS: 4 s is before the change listed above it (5 s); list changes in time order',
    );
  });

  it('refuses a power mode change after the end of the run', () => {
    const s = nano();
    s.powerModes = [{ atS: 12, mode: '5W' }];
    expect(refusal(s)).toBe('x.json: powerModes[0].atS: 12 s is after the end of the run (durationS 10 s)');
  });

  it('refuses a co-workload on a unit the platform does not have and lists its units', () => {
    const s = minimal();
    s.coworkloads = [{ name: 'bg', startS: 0, unit: 'gpu' }];
    expect(refusal(s)).toBe("x.json: coworkloads[0].unit: 'gpu' is not a unit of odroid-xu3 (valid: a7, a15)");
  });

  it('refuses a co-workload holding more cores than its cluster has', () => {
    const s = minimal();
    s.coworkloads = [
      { name: 'ok', startS: 0, unit: 'a7', cores: 4 },
      { name: 'bg', startS: 0, unit: 'a15', cores: 5 },
    ];
    expect(refusal(s)).toBe('x.json: coworkloads[1].cores: 5 is more than the 4 cores of a15');
  });

  it('refuses a co-workload that ends before it starts', () => {
    const s = minimal();
    s.coworkloads = [{ name: 'bg', startS: 5, endS: 3, unit: 'a7' }];
    expect(refusal(s)).toBe('x.json: coworkloads[0].endS: 3 s is not after startS (5 s)');
  });

  it('refuses a co-workload that ends when it starts', () => {
    const s = minimal();
    s.coworkloads = [{ name: 'bg', startS: 5, endS: 5, unit: 'a7' }];
    expect(refusal(s)).toBe('x.json: coworkloads[0].endS: 5 s is not after startS (5 s)');
  });

  it('refuses a co-workload that starts at or after the end of the run', () => {
    const s = minimal();
    s.coworkloads = [{ name: 'bg', startS: 10, unit: 'a7' }];
    expect(refusal(s)).toBe('x.json: coworkloads[0].startS: 10 s is not before the end of the run (durationS 10 s)');
  });

  it('refuses trace arrivals out of order', () => {
    const s = minimal();
    s.requests = { kind: 'trace', arrivalsMs: [0, 30, 20] };
    expect(refusal(s)).toBe(
      'x.json: requests.arrivalsMs[2]: 20 ms comes before the arrival listed above it; list arrivals in ascending order',
    );
  });

  it('refuses a control period longer than the run', () => {
    const s = minimal();
    s.durationS = 0.005;
    s.sensor = { periodMs: 1 };
    expect(refusal(s)).toBe('x.json: controlPeriodMs: 10 ms is longer than the run (5 ms)');
  });

  it('refuses a sensor period longer than the run', () => {
    const s = minimal();
    s.sensor = { periodMs: 10_001 };
    expect(refusal(s)).toBe('x.json: sensor.periodMs: 10001 ms is longer than the run (10000 ms)');
  });
});
