/**
 * `twinrtm validate` in-process. Until cli/main.ts registers it, the command runs on a program of its
 * own with main()'s error handling; once registered, through main() itself.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { predictRow } from '../../calibration/predictRow.js';
import type { Measurement } from '../../calibration/types.js';
import { registerValidate } from '../../cli/commands/validate.js';
import type { Io } from '../../cli/io.js';
import { buildProgram } from '../../cli/main.js';
import { reportError } from '../../cli/reportError.js';
import { networkById } from '../../dnn/builtinNetworks.js';
import { platformById } from '../../models/builtinPlatforms.js';
import { withRuntime } from '../../models/runtimes.js';
import { toCsv } from '../calibration/fixtures/measurementsCsv.js';
import { sweep } from '../calibration/synthetic.js';
import { expectOneLineRefusal, type Run, run } from './run.js';

const registered = (await buildProgram({ out: () => {}, err: () => {} })).commands.some((c) => c.name() === 'validate');

async function validate(...argv: string[]): Promise<Run> {
  if (registered) return run('validate', ...argv);
  let out = '';
  let err = '';
  const io: Io = {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
  };
  const output = {
    writeOut: io.out,
    writeErr: io.err,
    outputError: (s: string, write: (s: string) => void) => write(`${s.trim()}\n`),
  };
  const program = new Command('twinrtm').exitOverride().configureOutput(output);
  registerValidate(program, io);
  for (const sub of program.commands) sub.exitOverride().configureOutput(output);
  try {
    await program.parseAsync(['validate', ...argv], { from: 'user' });
    return { code: 0, out, err };
  } catch (e) {
    return { code: reportError(e, io, false), out, err };
  }
}

async function validateJson(...argv: string[]) {
  const r = await validate(...argv, '--json');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-validate-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const csvOf = (rows: Measurement[], rails: string[]) =>
  toCsv(
    rows.map(({ line: _, ...r }) => r),
    { rails, voltage: false },
  );

const dnn = networkById('alexnet-cifar10-g4');
const xu3 = platformById('odroid-xu3');
const POWMON = 'data/public/powmon-xu3-a15/powmon_A15_key.csv';

/** Three whole inferences on the A15 measured 10 % slower, 10 % faster and exactly as the twin says. */
function handTable(): string {
  const rows = [800, 1400, 2000].map((freqMHz, i): Measurement => {
    const row: Measurement = {
      line: i + 2,
      platform: 'odroid-xu3',
      unit: 'a15',
      dnn: dnn.id,
      groups: 4,
      cores: 4,
      freqMHz,
      busyCores: 0,
      temperatureC: null,
      layer: null,
      timeMs: 0,
      powerW: {},
      voltageV: null,
    };
    row.timeMs = predictRow(xu3, dnn, row).timeMs * [1.1, 0.9, 1][i]!;
    return row;
  });
  return csvOf(rows, []);
}

describe('twinrtm validate', () => {
  it('gives the hand numbers of a hand-made table: predicted/measured 1/1.1, 1/0.9 and 1', async () => {
    const j = await validateJson(file('hand.csv', handTable()));
    expect(j).toMatchObject({
      format: 'calibration',
      platform: 'odroid-xu3',
      dnn: dnn.id,
      runtime: null,
      rows: 3,
      pairs: 3,
    });
    const a15 = j.groups.find((g: { unit: string }) => g.unit === 'a15');
    expect(a15).toMatchObject({ quantity: 'time', runtime: 'onnxruntime', n: 3, spearman: 1 });
    // -1/11 is within +-10 %, +1/9 is not.
    expect(a15.within10).toBeCloseTo(2 / 3, 12);
    // |1/1.1 - 1| = 1/11 and |1/0.9 - 1| = 1/9: MAPE (1/11 + 1/9) / 3, bias (1/9 - 1/11) / 3.
    expect(a15.mapePct).toBeCloseTo((100 * (1 / 11 + 1 / 9)) / 3, 9);
    expect(a15.biasPct).toBeCloseTo((100 * (1 / 9 - 1 / 11)) / 3, 9);
    expect(j.worst[0]).toMatchObject({ line: 3, unit: 'a15', quantity: 'time' });
  });

  it('prints a table per unit and runtime and the worst rows', async () => {
    const r = await validate(file('hand2.csv', handTable()), '--worst', '2');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^\s*quantity\s{2,}unit\s{2,}runtime\s{2,}n\s{2,}MAPE %\s{2,}bias %\s{2,}\+-10 %\s{2,}Spearman\s*$/m,
    );
    expect(r.out).toMatch(/^time\s+a15\s+onnxruntime\s+3\s+6\.73\s+\+0\.67\s+66\.7\s+1\.0000$/m);
    expect(r.out).toContain('worst 2\n');
  });

  it('predicts with the time profile of --runtime: an ncnn table matches the ncnn profile, not the default one', async () => {
    const nano = platformById('jetson-nano');
    const ncnn = withRuntime(nano, 'ncnn');
    const rows = sweep(ncnn, dnn, {
      units: ['a57'],
      groups: [1, 4],
      cores: [1, 4],
      freqs: { a57: [921.6, 1479] },
      layers: [null],
      noise: 0,
      seed: 1,
    });
    const path = file(
      'ncnn.csv',
      csvOf(
        rows,
        nano.rails.map((r) => r.name),
      ),
    );
    const j = await validateJson(path, '--platform', 'jetson-nano', '--runtime', 'ncnn');
    const time = j.groups.find((g: { unit: string; quantity: string }) => g.unit === 'a57' && g.quantity === 'time');
    expect(time).toMatchObject({ runtime: 'ncnn', n: rows.length });
    expect(time.mapePct).toBeLessThan(1e-9);
    const own = await validateJson(path, '--platform', 'jetson-nano');
    expect(own.groups.find((g: { unit: string }) => g.unit === 'a57').mapePct).toBeGreaterThan(1);
  });

  it("validates the A15 power against Powmon's table with the platform's co-workload events per cycle", async () => {
    const j = await validateJson(POWMON);
    expect(j).toMatchObject({ format: 'powmon', dnn: null, runtime: null, rows: 2160, pairs: 2160 });
    expect(j.groups.map((g: { unit: string; quantity: string }) => `${g.quantity} ${g.unit}`)).toEqual([
      'power all',
      'power a15',
    ]);
    expect(j.worst).toHaveLength(10);
    expect(Math.abs(j.worst[0].errorPct)).toBeGreaterThanOrEqual(Math.abs(j.worst[9].errorPct));
  });

  it('should refuse a bad value of a calibration CSV in one line naming the line and column', async () => {
    const bad = handTable().replace(/\n([^\n]*?),800,/, '\n$1,eight hundred,');
    expectOneLineRefusal(await validate(file('bad.csv', bad)), 'bad.csv:2: freqMHz:');
  });

  it('should refuse a missing file, an unknown runtime and options a Powmon table has no use for, each in one line', async () => {
    expectOneLineRefusal(await validate(join(dir, 'none.csv')), 'none.csv: no such file');
    expectOneLineRefusal(
      await validate(file('r.csv', handTable()), '--runtime', 'tflite'),
      "unknown runtime 'tflite'",
      'ncnn',
    );
    expectOneLineRefusal(await validate(POWMON, '--dnn', dnn.id), 'Powmon table', '--dnn');
    expectOneLineRefusal(await validate(POWMON, '--platform', 'jetson-nano'), 'jetson-nano has no unit a15');
    expectOneLineRefusal(await validate(file('w.csv', handTable()), '--worst', '-1'), '--worst');
  });
});
