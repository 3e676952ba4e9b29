import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadMeasurementsFile,
  parseMeasurements,
  type ParseMeasurementsOptions,
} from '../../calibration/loadMeasurements.js';
import { MeasurementError } from '../../calibration/measurementError.js';
import type { MeasurementProblem } from '../../calibration/types.js';
import { networkById } from '../../dnn/builtinNetworks.js';
import { DataFileError } from '../../dnn/schemaCheck.js';
import type { Dnn } from '../../dnn/types.js';
import { platformById } from '../../models/builtinPlatforms.js';

const xu3 = platformById('odroid-xu3');
const nano = platformById('jetson-nano');
const host = platformById('host');

const XU3_COLUMNS = [
  'platform',
  'unit',
  'dnn',
  'groups',
  'cores',
  'freqMHz',
  'busyCores',
  'temperatureC',
  'layer',
  'timeMs',
  'power_VDD_ARM_W',
  'power_VDD_MEM_W',
  'power_VDD_G3D_W',
  'power_VDD_KFC_W',
  'voltageV',
];
const XU3_HEADER = XU3_COLUMNS.join(',');

/** A valid XU3 row, cell by cell, to break in one place. */
const GOOD_CELLS: Record<string, string> = {
  platform: 'odroid-xu3',
  unit: 'a15',
  dnn: 'alexnet-cifar10-g4',
  groups: '4',
  cores: '4',
  freqMHz: '2000',
  busyCores: '0',
  temperatureC: '61.5',
  layer: '',
  timeMs: '23.75',
  power_VDD_ARM_W: '4.125',
  power_VDD_MEM_W: '0.3',
  power_VDD_G3D_W: '',
  power_VDD_KFC_W: '',
  voltageV: '1.3125',
};

function xu3Row(overrides: Record<string, string> = {}): string {
  return XU3_COLUMNS.map((c) => overrides[c] ?? GOOD_CELLS[c]).join(',');
}

function xu3File(...rows: string[]): string {
  return [XU3_HEADER, ...rows].map((line) => `${line}\n`).join('');
}

function load(text: string, options: Partial<ParseMeasurementsOptions> = {}) {
  return parseMeasurements(text, { file: 'm.csv', platform: xu3, ...options });
}

/** The MeasurementError the text is refused with (fails the test if it loads or throws anything else). */
function refusal(text: string, options: Partial<ParseMeasurementsOptions> = {}): MeasurementError {
  try {
    load(text, options);
  } catch (err) {
    expect(err).toBeInstanceOf(MeasurementError);
    return err as MeasurementError;
  }
  throw new Error('the file was accepted');
}

describe('parseMeasurements: valid files', () => {
  it('should load a small odroid-xu3 file with power_VDD_ARM_W etc. with exact values', () => {
    const text = xu3File(
      xu3Row(),
      xu3Row({
        unit: 'a7',
        groups: '1',
        cores: '2',
        freqMHz: '1400',
        busyCores: '2',
        temperatureC: '',
        layer: 'conv1',
        timeMs: '0.875',
        power_VDD_ARM_W: '',
        power_VDD_KFC_W: '0.25',
        voltageV: '',
      }),
    );
    const loaded = load(text);
    expect(loaded.rows).toEqual([
      {
        line: 2,
        platform: 'odroid-xu3',
        unit: 'a15',
        dnn: 'alexnet-cifar10-g4',
        groups: 4,
        cores: 4,
        freqMHz: 2000,
        busyCores: 0,
        temperatureC: 61.5,
        layer: null,
        timeMs: 23.75,
        powerW: { VDD_ARM: 4.125, VDD_MEM: 0.3, VDD_G3D: null, VDD_KFC: null },
        voltageV: 1.3125,
      },
      {
        line: 3,
        platform: 'odroid-xu3',
        unit: 'a7',
        dnn: 'alexnet-cifar10-g4',
        groups: 1,
        cores: 2,
        freqMHz: 1400,
        busyCores: 2,
        temperatureC: null,
        layer: 'conv1',
        timeMs: 0.875,
        powerW: { VDD_ARM: null, VDD_MEM: 0.3, VDD_G3D: null, VDD_KFC: 0.25 },
        voltageV: null,
      },
    ]);
    expect(loaded.rails).toEqual(['VDD_ARM', 'VDD_MEM', 'VDD_G3D', 'VDD_KFC']);
    expect(loaded.dropped).toEqual([]);
    expect(loaded.sha256).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('should load a small jetson-nano file with the CPU and the GPU and the POM rails', () => {
    const text = [
      'platform,unit,dnn,groups,cores,freqMHz,busyCores,temperatureC,layer,timeMs,power_POM_5V_IN_W,power_POM_5V_GPU_W,power_POM_5V_CPU_W',
      'jetson-nano,a57,alexnet-cifar10-g4-cumulative,2,3,307.2,1,40,fc8,5.5,3.1,0.4,1.2',
      'jetson-nano,gpu,alexnet-cifar10-g4-cumulative,4,1,921.6,0,47.25,,2.125,4.5,1.75,',
    ].join('\n');
    const loaded = parseMeasurements(text, { file: 'nano.csv', platform: nano });
    expect(loaded.rows).toEqual([
      {
        line: 2,
        platform: 'jetson-nano',
        unit: 'a57',
        dnn: 'alexnet-cifar10-g4-cumulative',
        groups: 2,
        cores: 3,
        freqMHz: 307.2,
        busyCores: 1,
        temperatureC: 40,
        layer: 'fc8',
        timeMs: 5.5,
        powerW: { POM_5V_IN: 3.1, POM_5V_GPU: 0.4, POM_5V_CPU: 1.2 },
        voltageV: null,
      },
      {
        line: 3,
        platform: 'jetson-nano',
        unit: 'gpu',
        dnn: 'alexnet-cifar10-g4-cumulative',
        groups: 4,
        cores: 1,
        freqMHz: 921.6,
        busyCores: 0,
        temperatureC: 47.25,
        layer: null,
        timeMs: 2.125,
        powerW: { POM_5V_IN: 4.5, POM_5V_GPU: 1.75, POM_5V_CPU: null },
        voltageV: null,
      },
    ]);
    expect(loaded.rails).toEqual(['POM_5V_IN', 'POM_5V_GPU', 'POM_5V_CPU']);
  });

  it('should load a small host file with power_package_W', () => {
    const text = [
      'platform,unit,dnn,groups,cores,freqMHz,busyCores,temperatureC,layer,timeMs,power_package_W',
      'host,cpu,alexnet-cifar10-g4,3,2,2000,1,,pool5,0.0625,12.5',
    ].join('\n');
    expect(parseMeasurements(text, { file: 'host.csv', platform: host }).rows).toEqual([
      {
        line: 2,
        platform: 'host',
        unit: 'cpu',
        dnn: 'alexnet-cifar10-g4',
        groups: 3,
        cores: 2,
        freqMHz: 2000,
        busyCores: 1,
        temperatureC: null,
        layer: 'pool5',
        timeMs: 0.0625,
        powerW: { package: 12.5 },
        voltageV: null,
      },
    ]);
  });

  it('should load a file with only the fixed columns: no rails, no power, no voltage', () => {
    const text = `${XU3_COLUMNS.slice(0, 10).join(',')}\n${xu3Row().split(',').slice(0, 10).join(',')}\n`;
    const loaded = load(text);
    expect(loaded.rails).toEqual([]);
    expect(loaded.rows[0]).toMatchObject({ powerW: {}, voltageV: null, timeMs: 23.75 });
  });

  it('should accept the columns in any order', () => {
    const reversed = [...XU3_COLUMNS].reverse();
    const text = `${reversed.join(',')}\n${reversed.map((c) => GOOD_CELLS[c]).join(',')}\n`;
    expect(load(text).rows).toEqual(load(xu3File(xu3Row())).rows);
    expect(load(text).rails).toEqual(['VDD_KFC', 'VDD_G3D', 'VDD_MEM', 'VDD_ARM']);
  });

  it('should store the table frequency when the file is within 1e-6 MHz of it', () => {
    const text = `platform,unit,dnn,groups,cores,freqMHz,busyCores,temperatureC,layer,timeMs\njetson-nano,a57,alexnet-cifar10-g4,1,1,307.2000004,0,,,1\n`;
    expect(parseMeasurements(text, { file: 'm.csv', platform: nano }).rows[0]!.freqMHz).toBe(307.2);
  });

  it("should read '1e3', '+5', '.5', '5.', '-0' and space-padded cells as decimal numbers", () => {
    const loaded = load(
      xu3File(
        xu3Row({ timeMs: '1e3', temperatureC: '-0', power_VDD_ARM_W: '.5', voltageV: '+1.25' }),
        xu3Row({ timeMs: ' 5. ', groups: ' 2 ', power_VDD_ARM_W: '2.5E-1', temperatureC: '-12' }),
      ),
    );
    expect(loaded.rows.map((r) => [r.timeMs, r.temperatureC, r.powerW.VDD_ARM, r.voltageV, r.groups])).toEqual([
      [1000, 0, 0.5, 1.25, 4],
      [5, -12, 0.25, 1.3125, 2],
    ]);
    expect(Object.is(loaded.rows[0]!.temperatureC, -0)).toBe(false);
  });

  it("should accept a user's network given as options.dnn, checking groups and layers against it", () => {
    const mine: Dnn = { ...structuredClone(networkById('alexnet-cifar10-g4')), id: 'my-net', groups: 2 };
    expect(load(xu3File(xu3Row({ dnn: 'my-net', groups: '2', layer: 'fc7' })), { dnn: mine }).rows[0]).toMatchObject({
      dnn: 'my-net',
      groups: 2,
      layer: 'fc7',
    });
    expect(refusal(xu3File(xu3Row({ dnn: 'my-net', groups: '3' })), { dnn: mine }).problems).toEqual([
      { line: 2, column: 'groups', problem: '3 is out of range 1..2 (dnn my-net has 2 groups)' },
    ]);
  });
});

describe('parseMeasurements: each bad value is reported with its line and column', () => {
  const cases: [string, Record<string, string>, string, RegExp][] = [
    ['a missing platform', { platform: '' }, 'platform', /^missing$/],
    [
      'another platform',
      { platform: 'jetson-nano' },
      'platform',
      /^is 'jetson-nano' but the measurements are being loaded for platform odroid-xu3$/,
    ],
    [
      'a unit the platform lacks',
      { unit: 'a57' },
      'unit',
      /^platform odroid-xu3 has no unit 'a57' \(valid: a7, a15\)$/,
    ],
    ['a missing unit', { unit: '' }, 'unit', /^missing$/],
    [
      'an unknown dnn',
      { dnn: 'resnet50' },
      'dnn',
      /^unknown dnn 'resnet50' \(valid: alexnet-cifar10-g4, alexnet-cifar10-g4-cumulative\)$/,
    ],
    ['groups of 0', { groups: '0' }, 'groups', /^0 is out of range 1\.\.4 \(dnn alexnet-cifar10-g4 has 4 groups\)$/],
    ['groups above G', { groups: '5' }, 'groups', /^5 is out of range 1\.\.4/],
    ['fractional groups', { groups: '2.5' }, 'groups', /^'2\.5' is not a whole number$/],
    ['groups not a number', { groups: 'four' }, 'groups', /^'four' is not a number$/],
    ['zero cores', { cores: '0' }, 'cores', /^0 is out of range 1\.\.4 \(unit a15 has 4 cores\)$/],
    ['more cores than the unit has', { cores: '5' }, 'cores', /^5 is out of range 1\.\.4/],
    [
      'a frequency that is no operating point',
      { freqMHz: '2100' },
      'freqMHz',
      /^2100 MHz is not an operating point of a15 \(valid: 200, 300, .*, 2000\)$/,
    ],
    [
      'an A15 frequency on the A7',
      { unit: 'a7', freqMHz: '1500' },
      'freqMHz',
      /^1500 MHz is not an operating point of a7 \(valid: 200, .*, 1400\)$/,
    ],
    ['a missing frequency', { freqMHz: '' }, 'freqMHz', /^missing$/],
    ['negative busy cores', { busyCores: '-1' }, 'busyCores', /^-1 is out of range 0\.\.4/],
    ['more busy cores than the unit has', { busyCores: '5' }, 'busyCores', /^5 is out of range 0\.\.4/],
    ['a temperature that is not a number', { temperatureC: 'hot' }, 'temperatureC', /^'hot' is not a number$/],
    [
      'a layer the dnn lacks',
      { layer: 'conv9' },
      'layer',
      /^dnn alexnet-cifar10-g4 has no layer 'conv9' \(valid: conv1, pool1, .*, fc8\)$/,
    ],
    ['a missing time', { timeMs: '' }, 'timeMs', /^missing$/],
    ['a negative time', { timeMs: '-2.5' }, 'timeMs', /^'-2\.5' is a negative time \(must be > 0\)$/],
    ['a zero time', { timeMs: '0' }, 'timeMs', /^'0' is a zero time \(must be > 0\)$/],
    ['a time of -0', { timeMs: '-0' }, 'timeMs', /^'-0' is a zero time/],
    ['a time of 1e999', { timeMs: '1e999' }, 'timeMs', /^'1e999' is not a finite number$/],
    [
      'a negative power',
      { power_VDD_ARM_W: '-0.1' },
      'power_VDD_ARM_W',
      /^'-0\.1' is a negative power \(must be >= 0\)$/,
    ],
    ['a power that is not a number', { power_VDD_KFC_W: 'n/a' }, 'power_VDD_KFC_W', /^'n\/a' is not a number$/],
    ['a zero voltage', { voltageV: '0' }, 'voltageV', /^'0' is a zero voltage \(must be > 0\)$/],
    ['a negative voltage', { voltageV: '-1.1' }, 'voltageV', /^'-1\.1' is a negative voltage/],
  ];

  it.each(cases)('should report %s', (_, overrides, column, problem) => {
    const error = refusal(xu3File(xu3Row(), xu3Row(overrides)));
    expect(error.problems).toEqual([{ line: 3, column, problem: expect.stringMatching(problem) }]);
  });

  it.each(['abc', '1e', '0x10', 'NaN', 'Infinity', '-Infinity', '1,5', '1.2.3', '--1', 'e5', '.', '+', '1 000'])(
    "should say '%s' is not a number",
    (value) => {
      // Quoted, so '1,5' stays one cell.
      const error = refusal(xu3File(xu3Row(), xu3Row({ timeMs: `"${value}"` })));
      expect(error.problems).toEqual([
        { line: 3, column: 'timeMs', problem: expect.stringMatching(/is not a (finite )?number$/) },
      ]);
    },
  );

  it('should refuse a row of another dnn than options.dnn', () => {
    const error = refusal(xu3File(xu3Row()), { dnn: networkById('alexnet-cifar10-g4-cumulative') });
    expect(error.problems).toEqual([
      {
        line: 2,
        column: 'dnn',
        problem: "is 'alexnet-cifar10-g4' but the measurements are being loaded for dnn alexnet-cifar10-g4-cumulative",
      },
    ]);
  });

  it("should report a row with the wrong number of fields on its line with column ''", () => {
    const error = refusal(xu3File(xu3Row(), 'odroid-xu3,a15', `${xu3Row()},extra`));
    expect(error.problems).toEqual([
      { line: 3, column: '', problem: 'has 2 fields, the header has 15' },
      { line: 4, column: '', problem: 'has 16 fields, the header has 15' },
    ]);
  });

  it('should escape a line break or control character in a bad value so each problem stays one line', () => {
    const error = refusal(xu3File(xu3Row({ unit: '"a\n1\t5"' })));
    expect(error.problems).toEqual([
      { line: 2, column: 'unit', problem: "platform odroid-xu3 has no unit 'a\\n1\\t5' (valid: a7, a15)" },
    ]);
    expect(error.message.split('\n')).toHaveLength(2);
  });
});

describe('parseMeasurements: strict mode refuses the file with every problem listed', () => {
  it('should list several problems in several rows, in file order, under a summary line', () => {
    const text = xu3File(
      xu3Row(),
      xu3Row({ unit: 'a57', timeMs: '-1' }),
      xu3Row(),
      xu3Row({ voltageV: '0', groups: 'x' }),
      'odroid-xu3',
    );
    const error = refusal(text);
    const expected: MeasurementProblem[] = [
      { line: 3, column: 'unit', problem: "platform odroid-xu3 has no unit 'a57' (valid: a7, a15)" },
      { line: 3, column: 'timeMs', problem: "'-1' is a negative time (must be > 0)" },
      { line: 5, column: 'groups', problem: "'x' is not a number" },
      { line: 5, column: 'voltageV', problem: "'0' is a zero voltage (must be > 0)" },
      { line: 6, column: '', problem: 'has 1 field, the header has 15' },
    ];
    expect(error.problems).toEqual(expected);
    expect(error.message).toBe(
      [
        'm.csv: 5 problems in 3 rows (strict; --lenient drops bad rows)',
        "m.csv:3: unit: platform odroid-xu3 has no unit 'a57' (valid: a7, a15)",
        "m.csv:3: timeMs: '-1' is a negative time (must be > 0)",
        "m.csv:5: groups: 'x' is not a number",
        "m.csv:5: voltageV: '0' is a zero voltage (must be > 0)",
        'm.csv:6: has 1 field, the header has 15',
      ].join('\n'),
    );
  });

  it('should report every bad cell of one row, left to right in the file', () => {
    const error = refusal(
      xu3File(
        xu3Row({ platform: '', unit: '', dnn: '', groups: '', cores: '', freqMHz: '', busyCores: '', timeMs: '' }),
      ),
    );
    expect(error.problems.map((p) => [p.line, p.column, p.problem])).toEqual(
      ['platform', 'unit', 'dnn', 'groups', 'cores', 'freqMHz', 'busyCores', 'timeMs'].map((c) => [2, c, 'missing']),
    );
  });

  it('should list 50 problems and count the rest', () => {
    const rows = Array.from({ length: 60 }, () => xu3Row({ timeMs: '0' }));
    const error = refusal(xu3File(...rows));
    expect(error.problems).toHaveLength(60);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('m.csv: 60 problems in 60 rows (strict; --lenient drops bad rows)');
    expect(lines).toHaveLength(1 + 50 + 1);
    expect(lines[50]).toBe("m.csv:51: timeMs: '0' is a zero time (must be > 0)");
    expect(lines[51]).toBe('... and 10 more');
  });
});

describe('parseMeasurements: --lenient drops bad rows and says why', () => {
  it('should drop exactly the bad rows, keeping the first problem of each', () => {
    const text = xu3File(
      xu3Row(),
      xu3Row({ cores: '9', busyCores: '9' }),
      xu3Row({ unit: 'a7', freqMHz: '1000' }),
      'odroid-xu3,a15,',
      xu3Row({ layer: 'fc9' }),
    );
    const loaded = load(text, { lenient: true });
    expect(loaded.rows.map((r) => [r.line, r.unit, r.freqMHz])).toEqual([
      [2, 'a15', 2000],
      [4, 'a7', 1000],
    ]);
    expect(loaded.dropped).toEqual([
      { line: 3, column: 'cores', problem: '9 is out of range 1..4 (unit a15 has 4 cores)' },
      { line: 5, column: '', problem: 'has 3 fields, the header has 15' },
      { line: 6, column: 'layer', problem: expect.stringMatching(/^dnn alexnet-cifar10-g4 has no layer 'fc9'/) },
    ]);
  });

  it('should drop nothing from a good file', () => {
    expect(load(xu3File(xu3Row(), xu3Row()), { lenient: true }).dropped).toEqual([]);
  });

  it('should still refuse a file whose every row is bad, listing why each was dropped', () => {
    const error = refusal(xu3File(xu3Row({ timeMs: '-1' }), xu3Row({ unit: 'gpu' })), { lenient: true });
    expect(error.message.split('\n')[0]).toBe('m.csv: no measurement rows (all 2 rows dropped as bad)');
    expect(error.problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'timeMs'],
      [3, 'unit'],
    ]);
  });
});

describe('parseMeasurements: header problems are fatal, strict or lenient', () => {
  it.each([false, true])('should name a missing fixed column at line 1 (lenient %s)', (lenient) => {
    const columns = XU3_COLUMNS.filter((c) => c !== 'timeMs' && c !== 'busyCores');
    const text = `${columns.join(',')}\n${columns.map((c) => GOOD_CELLS[c]).join(',')}\n`;
    const error = refusal(text, { lenient });
    expect(error.problems).toEqual([
      { line: 1, column: 'busyCores', problem: expect.stringMatching(/^missing column/) },
      { line: 1, column: 'timeMs', problem: expect.stringMatching(/^missing column/) },
    ]);
    expect(error.message.split('\n')[0]).toBe('m.csv: 2 problems in the header (refused even with --lenient)');
  });

  it.each([false, true])('should name extra columns, duplicates and unknown rails (lenient %s)', (lenient) => {
    const header = `${XU3_HEADER},notes,unit,power_VDD_CPU_W,Voltagev,`;
    const error = refusal(`${header}\n${xu3Row()},x,a15,1,1,\n`, { lenient });
    expect(error.problems).toEqual([
      {
        line: 1,
        column: 'notes',
        problem: expect.stringMatching(/^unknown column \(valid: platform, .*, power_VDD_ARM_W, .*, voltageV\)$/),
      },
      { line: 1, column: 'unit', problem: 'duplicate column (columns 2 and 17 have this name)' },
      {
        line: 1,
        column: 'power_VDD_CPU_W',
        problem: "platform odroid-xu3 has no rail 'VDD_CPU' (valid: VDD_ARM, VDD_MEM, VDD_G3D, VDD_KFC)",
      },
      { line: 1, column: 'Voltagev', problem: 'unknown column (did you mean voltageV?)' },
      { line: 1, column: '', problem: 'unknown column with an empty name (a trailing comma in the header?)' },
    ]);
  });

  it('should not check the rows under a broken header', () => {
    const error = refusal(`${XU3_HEADER},notes\n${xu3Row({ timeMs: '-1' })},x\n`);
    expect(error.problems.map((p) => p.column)).toEqual(['notes']);
  });
});

describe('parseMeasurements: lines, line endings and CSV syntax', () => {
  it('should report the line a quoted multi-line field starts on, and real lines after it', () => {
    const text = xu3File(
      xu3Row(), // line 2
      xu3Row({ temperatureC: '"61.5\n"' }), // lines 3-4, valid: the value trims to 61.5
      xu3Row({ layer: '"conv\n\n9"' }), // lines 5-7
      xu3Row({ timeMs: '-1' }), // line 8
    );
    const error = refusal(text);
    expect(error.problems.map((p) => [p.line, p.column])).toEqual([
      [5, 'layer'],
      [8, 'timeMs'],
    ]);
    const loaded = load(text, { lenient: true });
    expect(loaded.rows.map((r) => [r.line, r.temperatureC])).toEqual([
      [2, 61.5],
      [3, 61.5],
    ]);
  });

  it('should read CRLF line endings, also inside quoted fields', () => {
    const text = xu3File(xu3Row(), xu3Row({ temperatureC: '"61.5\n"' }), xu3Row({ timeMs: '0' })).replace(
      /\n/g,
      '\r\n',
    );
    expect(refusal(text).problems).toEqual([
      { line: 5, column: 'timeMs', problem: "'0' is a zero time (must be > 0)" },
    ]);
    const loaded = load(text, { lenient: true });
    expect(loaded.rows).toEqual(load(xu3File(xu3Row(), xu3Row())).rows.map((r, i) => ({ ...r, line: [2, 3][i] })));
    expect(loaded.sha256).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('should read old-Mac CR endings and a file mixing LF, CRLF and CR line by line', () => {
    const rows = [xu3Row(), xu3Row({ cores: '1' }), xu3Row({ cores: '2' })];
    const mixed = `${XU3_HEADER}\r\n${rows[0]}\n${rows[1]}\r${rows[2]}\r\n`;
    expect(load(mixed).rows.map((r) => [r.line, r.cores])).toEqual([
      [2, 4],
      [3, 1],
      [4, 2],
    ]);
    expect(load(xu3File(...rows).replace(/\n/g, '\r')).rows.map((r) => r.line)).toEqual([2, 3, 4]);
  });

  it('should tolerate a BOM at the start, and hash it with the rest of the text', () => {
    const text = `\uFEFF${xu3File(xu3Row())}`;
    const loaded = load(text);
    expect(loaded.rows).toEqual(load(xu3File(xu3Row())).rows);
    expect(loaded.sha256).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('should skip blank and space-only lines and keep counting them', () => {
    const text = `\n${XU3_HEADER}\n\n${xu3Row()}\n   \n\t\n${xu3Row({ timeMs: '0' })}\n\n`;
    expect(refusal(text).problems).toEqual([
      { line: 7, column: 'timeMs', problem: "'0' is a zero time (must be > 0)" },
    ]);
    expect(load(text, { lenient: true }).rows.map((r) => r.line)).toEqual([4]);
  });

  it.each([false, true])(
    "should turn an unclosed quote into a problem at the line csv-parse reports, column '' (lenient %s)",
    (lenient) => {
      const text = xu3File(xu3Row({ timeMs: '0' }), xu3Row(), xu3Row({ layer: '"conv1' }), xu3Row());
      const error = refusal(text, { lenient });
      expect(error.problems).toEqual([
        { line: 2, column: 'timeMs', problem: "'0' is a zero time (must be > 0)" },
        // csv-parse reports the line where the file ended inside the quote.
        { line: 5, column: '', problem: expect.stringMatching(/^CSV syntax error: Quote Not Closed/) },
      ]);
      expect(error.message.split('\n')[0]).toBe(
        'm.csv: 2 problems in 2 rows, one a CSV syntax error (refused even with --lenient; the rows after it were not read)',
      );
    },
  );

  it("should turn a stray quote into a problem on its line, column ''", () => {
    const error = refusal(xu3File(xu3Row(), xu3Row({ unit: 'a"15' }), xu3Row()));
    expect(error.problems).toEqual([
      { line: 3, column: '', problem: expect.stringMatching(/^CSV syntax error: Invalid Opening Quote/) },
    ]);
  });

  it.each([false, true])('should refuse a header with no rows: no measurement rows (lenient %s)', (lenient) => {
    const error = refusal(`${XU3_HEADER}\n\n`, { lenient });
    expect(error.message).toBe('m.csv: no measurement rows\nm.csv:1: no measurement rows after the header');
    expect(error.problems).toEqual([{ line: 1, column: '', problem: 'no measurement rows after the header' }]);
  });

  it.each(['', '\n\n', '\uFEFF', '  \r\n'])('should refuse an empty file %j: no header row', (text) => {
    expect(refusal(text).problems).toEqual([{ line: 1, column: '', problem: 'no header row (the file is empty)' }]);
  });
});

describe('loadMeasurementsFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twinrtm-measurements-'));

  it('should read the file and hash its bytes', () => {
    const path = join(dir, 'sweep.csv');
    const text = xu3File(xu3Row());
    writeFileSync(path, text);
    const loaded = loadMeasurementsFile(path, { platform: xu3 });
    expect(loaded.rows).toEqual(load(text).rows);
    expect(loaded.sha256).toBe(createHash('sha256').update(Buffer.from(text)).digest('hex'));
  });

  it('should name the path in every problem, or the given file name', () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, xu3File(xu3Row({ timeMs: '-3' })));
    expect(() => loadMeasurementsFile(path, { platform: xu3 })).toThrow(`${path}:2: timeMs: '-3' is a negative time`);
    expect(() => loadMeasurementsFile(path, { platform: xu3, file: 'sweep of 3 May' })).toThrow(
      "sweep of 3 May:2: timeMs: '-3'",
    );
  });

  it('should report a missing file as one DataFileError naming the path', () => {
    const path = join(dir, 'nope.csv');
    let caught: unknown;
    try {
      loadMeasurementsFile(path, { platform: xu3 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DataFileError);
    expect((caught as DataFileError).message).toBe(`${path}: no such file`);
  });
});

describe('a temperature that no board has (issue 19, item 9)', () => {
  it('is refused, naming the line and the column', () => {
    const problem = refusal(xu3File(xu3Row({ temperatureC: '-500' })));
    expect(problem.message).toMatch(/temperatureC.*-500 C is not a board temperature \(-273\.15\.\.200 C\)/);
  });
});
