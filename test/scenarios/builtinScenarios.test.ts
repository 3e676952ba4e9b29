import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../dnn/inputError.js';
import { DataFileError } from '../../dnn/schemaCheck.js';
import {
  builtinScenarios,
  DEFAULT_SCENARIO_ID,
  resolveScenario,
  scenarioById,
} from '../../scenarios/builtinScenarios.js';
import { checkScenario } from '../../scenarios/checkScenario.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-scenarios-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const IDS = [
  'xu3-default',
  'xu3-steady-30fps',
  'xu3-corunner',
  'xu3-power-cap',
  'xu3-tightening-latency',
  'xu3-thermal',
  'nano-gpu-coworkload',
  'nano-maxn-to-5w',
  'xu3-model-error',
  'host-corunner',
  'xu3-browser',
  'xu3-mp3',
  'xu3-video',
  'xu3-energy-budget',
  'xu3-hard-deadline',
];

describe('built-in scenarios', () => {
  it('loads every built-in scenario, the default first', () => {
    expect(builtinScenarios().map((s) => s.id)).toEqual(IDS);
    expect(DEFAULT_SCENARIO_ID).toBe(IDS[0]);
  });

  it.each(IDS)('%s is complete: checking it again changes nothing', (id) => {
    const s = scenarioById(id);
    expect(checkScenario(s, id)).toStrictEqual(s);
  });

  it.each(IDS)('%s has every unit frequency filled in', (id) => {
    const s = scenarioById(id);
    const units = s.platform === 'jetson-nano' ? ['a57', 'gpu'] : s.platform === 'host' ? ['cpu'] : ['a7', 'a15'];
    expect(Object.keys(s.initialConfig.freqMHz).sort()).toEqual(units.sort());
  });

  // host-corunner runs on real hardware: its own periods (see the next test).
  it.each(IDS.filter((id) => id !== 'host-corunner'))(
    '%s uses the shared settings: seed 1, 10 ms periods, noisy sensors, queue 4',
    (id) => {
      const s = scenarioById(id);
      expect(s).toMatchObject({
        dnn: 'alexnet-cifar10-g4',
        seed: 1,
        controlPeriodMs: 10,
        sensor: { periodMs: 10, noise: { powerRelative: 0.02, utilisation: 0.02, temperatureC: 0.5 } },
        requests: { kind: 'periodic', fps: 30 },
        queueLimit: 4,
        migrationCostMs: 2,
        defaultTransitionLatencyUs: 100,
      });
    },
  );

  it('starts the Jetson Nano scenarios in MAXN', () => {
    expect(
      builtinScenarios()
        .filter((s) => s.platform === 'jetson-nano')
        .map((s) => s.powerMode),
    ).toEqual(['MAXN', 'MAXN']);
  });

  it('holds the default scenario exactly as DESIGN asks: browser on two A15 cores, 3 W cap at 40 s', () => {
    const s = scenarioById('xu3-default');
    expect(s.durationS).toBe(60);
    expect(s.budgets).toEqual([
      { atS: 0, latencyMs: 20 },
      { atS: 40, powerW: 3 },
    ]);
    expect(s.coworkloads).toEqual([
      {
        name: 'browser',
        startS: 15,
        endS: 35,
        unit: 'a15',
        cores: 2,
        utilisation: 1,
        memoryIntensity: 0.2,
        gpuShare: 0,
      },
    ]);
  });

  it('runs the two xu3-corunner co-workloads one after the other, never together', () => {
    const [a, b] = scenarioById('xu3-corunner').coworkloads;
    expect(a!.endS).toBeLessThanOrEqual(b!.startS);
  });

  it('runs host-corunner at 10 requests a second with 100 ms periods, as /proc/stat counts in 10 ms jiffies', () => {
    expect(scenarioById('host-corunner')).toMatchObject({
      platform: 'host',
      controlPeriodMs: 100,
      sensor: { periodMs: 100 },
      requests: { kind: 'periodic', fps: 10 },
      coworkloads: [{ name: 'corunner', unit: 'cpu', cores: 1, startS: 10, endS: 20 }],
    });
  });

  it('makes the xu3-model-error board 30 % slower and 20 % hungrier than the model', () => {
    expect(scenarioById('xu3-model-error').truth).toEqual({ timeFactor: 1.3, powerFactor: 1.2 });
  });

  it('runs xu3-thermal for two minutes in a 45 C ambient', () => {
    expect(scenarioById('xu3-thermal')).toMatchObject({ durationS: 120, ambientC: 45 });
  });

  it('switches nano-maxn-to-5w to 5W at 30 s', () => {
    expect(scenarioById('nano-maxn-to-5w').powerModes).toEqual([{ atS: 30, mode: '5W' }]);
  });

  it('returns the same frozen objects on every call', () => {
    expect(builtinScenarios()).toBe(builtinScenarios());
    expect(Object.isFrozen(scenarioById('xu3-default').budgets[0])).toBe(true);
  });

  it('lists the valid ids for an unknown id', () => {
    expect(() => scenarioById('nope')).toThrow(InputError);
    expect(() => scenarioById('nope')).toThrow(`unknown scenario 'nope' (valid: ${IDS.join(', ')})`);
  });
});

describe('resolveScenario', () => {
  it('resolves a built-in id', () => {
    expect(resolveScenario('xu3-corunner')).toBe(scenarioById('xu3-corunner'));
  });

  it('loads a path ending in .json from disk', () => {
    const path = join(dir, 'mine.json');
    writeFileSync(path, JSON.stringify({ ...structuredClone(scenarioById('xu3-power-cap')), id: 'mine' }));
    expect(resolveScenario(path)).toMatchObject({
      id: 'mine',
      budgets: [
        { atS: 0, latencyMs: 30, powerW: 5 },
        { atS: 30, powerW: 1 },
      ],
    });
  });

  it('reports a .json path that does not exist as a DataFileError', () => {
    expect(() => resolveScenario(join(dir, 'absent.json'))).toThrow(DataFileError);
  });

  it('refuses a name that is neither an id nor a .json path, listing the ids', () => {
    expect(() => resolveScenario('xu3-defualt')).toThrow(
      `unknown scenario 'xu3-defualt' (valid: ${IDS.join(', ')}, or a path ending in .json)`,
    );
  });
});
