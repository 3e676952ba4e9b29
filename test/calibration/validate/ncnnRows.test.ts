import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ncnnNetworks } from '../../../calibration/ncnn/networks.js';
import { ncnnCpuUnit, selectNcnnRows } from '../../../calibration/validate/ncnnRows.js';
import type { NcnnTableRow } from '../../../calibration/validate/ncnnTable.js';
import { InputError } from '../../../dnn/inputError.js';
import { platformById } from '../../../models/builtinPlatforms.js';
import { checkPlatform } from '../../../models/checkPlatform.js';

const networks = ncnnNetworks();
const pi4 = platformById('raspberry-pi-4');
const xu3 = platformById('odroid-xu3');
const nano = platformById('jetson-nano');

let nextLine = 2;
function row(model: string, threads: number, more: Partial<NcnnTableRow> = {}): NcnnTableRow {
  return {
    line: nextLine++,
    readmeLine: null,
    section: 'Board',
    threads,
    powersave: 0,
    device: 'cpu',
    unitLabel: 'CPU',
    model,
    avgMs: 100,
    ...more,
  };
}
const gpuRow = (model: string, threads: number, more: Partial<NcnnTableRow> = {}) =>
  row(model, threads, { device: 'gpu', unitLabel: 'GPU:V3D 4.2', ...more });

describe('selectNcnnRows', () => {
  it("takes a one-cluster board's CPU rows at num_threads cores and its top clock, and says which rule left each other row out", () => {
    const rows = [
      row('alexnet', 4),
      row('alexnet', 1),
      row('alexnet', 8),
      row('squeezenet_int8', 4),
      row('squeezenet-int8', 1),
      row('googlenet', 4),
      gpuRow('resnet18', 4),
      row('vgg16', 4, { powersave: 2 }),
    ];
    const s = selectNcnnRows(rows, pi4, networks, { file: 'pi.csv' });
    expect(s.taken.map((t) => [t.row.line, t.dnn.id, t.unit, t.cores, t.freqMHz])).toEqual([
      [rows[0]!.line, 'ncnn-alexnet', 'a72', 4, 1800],
      [rows[1]!.line, 'ncnn-alexnet', 'a72', 1, 1800],
    ]);
    expect(s).toMatchObject({ devices: ['Board'], cpuUnit: 'a72', gpuUnit: null, clocksMHz: { a72: 1800 } });
    expect(s.skipped.map((k) => [k.reason, k.rows, k.names])).toEqual([
      ['int8', 2, ['squeezenet_int8', 'squeezenet-int8']],
      ['network', 1, ['googlenet']],
      ['no-gpu-unit', 1, ['GPU:V3D 4.2']],
      ['powersave', 1, ['powersave 2']],
      ['threads', 1, ['8']],
    ]);
    const notes = s.skipped.map((k) => k.note);
    expect(notes[1]).toBe(
      '1 row of networks with no param file here (the twin has alexnet, vgg16, resnet18, squeezenet): googlenet',
    );
    expect(notes[2]).toBe('1 row on a Vulkan GPU (GPU:V3D 4.2): raspberry-pi-4 has no gpu unit');
    expect(notes[3]).toContain('raspberry-pi-4 has one CPU cluster');
    expect(notes[4]).toBe("1 row with more threads (8) than a72's 4 cores");
  });

  it('runs Vulkan rows on the whole gpu unit at its top clock, whatever their threads and powersave', () => {
    const rows = [gpuRow('vgg16', 4), gpuRow('vgg16', 1, { powersave: 1 }), row('squeezenet', 4)];
    const s = selectNcnnRows(rows, nano, networks, { file: 'nano.csv' });
    expect(s.taken.map((t) => [t.unit, t.cores, t.freqMHz])).toEqual([
      ['gpu', 1, 921.6],
      ['gpu', 1, 921.6],
      ['a57', 4, 1479],
    ]);
    expect(s.skipped).toEqual([]);
    const slow = selectNcnnRows(rows, nano, networks, { file: 'nano.csv', freqMHz: { '': 921.6, gpu: 460.8 } });
    expect(slow.clocksMHz).toEqual({ a57: 921.6, gpu: 460.8 });
  });

  it("takes powersave 1 rows as a big.LITTLE platform's little cluster and powersave 2 as its big one", () => {
    const rows = [row('alexnet', 4, { powersave: 1 }), row('alexnet', 4, { powersave: 2 }), row('alexnet', 2)];
    // The XU3's default CPU unit is a7, its only cluster with an ncnn profile.
    expect(ncnnCpuUnit(xu3, undefined).id).toBe('a7');
    const little = selectNcnnRows(rows, xu3, networks, { file: 'x.csv' });
    expect(little.taken.map((t) => [t.row.powersave, t.unit, t.freqMHz])).toEqual([
      [1, 'a7', 1400],
      [0, 'a7', 1400],
    ]);
    expect(little.skipped[0]!.note).toBe(
      "1 row pinned to a big.LITTLE board's big cores (powersave 2): a7 is not that cluster of odroid-xu3",
    );
    const big = selectNcnnRows(rows, xu3, networks, { file: 'x.csv', cpuUnit: 'a15' });
    expect(big.taken.map((t) => [t.row.powersave, t.unit, t.freqMHz])).toEqual([
      [2, 'a15', 2000],
      [0, 'a15', 2000],
    ]);
  });

  it('chooses the device: the one the file names, an exact device_section, else every one containing the text', () => {
    const rows = [
      row('alexnet', 4, { section: 'Board A (Cortex-A7)' }),
      row('alexnet', 4, { section: 'Board A (Cortex-A7) 2' }),
      row('alexnet', 4, { section: 'Board B (cortex-a7)' }),
    ];
    const devices = (device: string) => selectNcnnRows(rows, xu3, networks, { file: 'a7.csv', device }).devices;
    expect(devices('Board A (Cortex-A7)')).toEqual(['Board A (Cortex-A7)']);
    expect(devices('board a')).toEqual(['Board A (Cortex-A7)', 'Board A (Cortex-A7) 2']);
    expect(devices('CORTEX-A7')).toHaveLength(3);
    const s = selectNcnnRows(rows, xu3, networks, { file: 'a7.csv', device: 'Board B' });
    expect(s.skipped).toEqual([
      {
        reason: 'device',
        rows: 2,
        names: ['Board A (Cortex-A7)', 'Board A (Cortex-A7) 2'],
        note: '2 rows of 2 other devices, left out by --device',
      },
    ]);
  });

  it('refuses in one line what it cannot tell: several devices, a device, a CPU unit or a clock the platform does not have, no row left', () => {
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        expect(err).toBeInstanceOf(InputError);
        expect((err as Error).message).not.toContain('\n');
        return (err as Error).message;
      }
      return 'accepted';
    };
    const two = [row('alexnet', 4, { section: 'A' }), row('alexnet', 4, { section: 'B, with a comma' })];
    expect(refusal(() => selectNcnnRows(two, pi4, networks, { file: 'f.csv' }))).toBe(
      'f.csv: the rows are of 2 devices (A; B, with a comma): pick with --device (a device_section, or part of one)',
    );
    expect(refusal(() => selectNcnnRows(two, pi4, networks, { file: 'f.csv', device: 'Z' }))).toBe(
      "--device 'Z' matches no device_section of f.csv (A; B, with a comma)",
    );
    const one = [row('alexnet', 4)];
    expect(refusal(() => selectNcnnRows(one, pi4, networks, { file: 'f.csv', freqMHz: { '': 1850 } }))).toBe(
      '--freq-mhz 1850: not an operating point of a72 of raspberry-pi-4 (valid: 600, 700, 800, 900, 1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800 MHz)',
    );
    expect(refusal(() => selectNcnnRows(one, pi4, networks, { file: 'f.csv', freqMHz: { gpu: 500 } }))).toContain(
      "unknown unit in --freq-mhz 'gpu'",
    );
    expect(refusal(() => selectNcnnRows(one, pi4, networks, { file: 'f.csv', freqMHz: { '': 1800, a72: 1800 } }))).toBe(
      '--freq-mhz gives a72 twice',
    );
    expect(refusal(() => selectNcnnRows(one, xu3, networks, { file: 'f.csv', cpuUnit: 'gpu' }))).toContain(
      "unknown CPU cluster of odroid-xu3 (--unit) 'gpu' (valid: a7, a15)",
    );
    const noNcnn = structuredClone(xu3) as { units: { runtimes?: unknown }[] };
    for (const u of noNcnn.units) delete u.runtimes;
    expect(refusal(() => selectNcnnRows(one, checkPlatform(noNcnn, 'x.json'), networks, { file: 'f.csv' }))).toBe(
      "odroid-xu3 has 2 CPU clusters (a7, a15) and none with an ncnn profile: name the one the rows' board stands for with --unit",
    );
    expect(
      refusal(() => selectNcnnRows([row('mobilenet', 4), row('alexnet', 16)], pi4, networks, { file: 'f.csv' })),
    ).toBe(
      'f.csv: no row is left to compare (1 row network, 1 row threads; see twinrtm validate --help for the rules)',
    );
  });

  it('accounts for every row of any table once: taken, or counted under the one rule that left it out', () => {
    const models = ['alexnet', 'vgg16', 'resnet18', 'squeezenet', 'googlenet', 'mobilenet', 'resnet18_int8'];
    const anyRow = fc.record({
      section: fc.constantFrom('Aa', 'Ab', 'B'),
      threads: fc.integer({ min: 1, max: 8 }),
      powersave: fc.constantFrom(0 as const, 1 as const, 2 as const),
      device: fc.constantFrom('cpu' as const, 'gpu' as const),
      model: fc.constantFrom(...models),
    });
    fc.assert(
      fc.property(
        fc.array(anyRow, { maxLength: 30 }),
        fc.constantFrom('jetson-nano', 'odroid-xu3', 'raspberry-pi-4'),
        // Exact ('Aa'), and part of two sections in another case ('a').
        fc.constantFrom('Aa', 'a'),
        (drawn, platformId, device) => {
          const platform = platformById(platformId);
          // One row every platform takes, so the selection never comes back empty.
          const rows = [
            { section: 'Aa', threads: 1, powersave: 0 as const, device: 'cpu' as const, model: 'alexnet' },
            ...drawn,
          ].map(
            (r, i): NcnnTableRow => ({
              ...r,
              line: i + 2,
              readmeLine: null,
              unitLabel: r.device === 'cpu' ? 'CPU' : 'GPU:x',
              avgMs: 1,
            }),
          );
          const s = selectNcnnRows(rows, platform, networks, { file: 'p.csv', device });
          expect(s.devices).toEqual(
            device === 'Aa' ? ['Aa'] : [...new Set(rows.map((r) => r.section))].filter((d) => d !== 'B'),
          );
          expect(s.taken.length + s.skipped.reduce((n, k) => n + k.rows, 0)).toBe(rows.length);
          for (const t of s.taken) {
            expect(s.devices).toContain(t.row.section);
            expect(t.dnn.id).toBe(`ncnn-${t.row.model}`);
            const unit = platform.units.find((u) => u.id === t.unit)!;
            expect(unit.kind).toBe(t.row.device === 'gpu' ? 'gpu' : 'cpu-cluster');
            expect(t.cores).toBe(t.row.device === 'gpu' ? 1 : t.row.threads);
            expect(t.cores).toBeLessThanOrEqual(unit.cores);
            expect(t.freqMHz).toBe(unit.opps.points[unit.opps.points.length - 1]!.freqMHz);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
