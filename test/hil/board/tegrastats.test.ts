import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTegrastats, tegrastatsTelemetry, type TegrastatsCpu } from '../../../hil/board/tegrastats.js';

/** The idle-Nano sample of boards.md. */
const SAMPLE =
  'RAM 2015/3964MB (lfb 98x4MB) SWAP 29/1982MB (cached 3MB) CPU [6%@102,5%@102,4%@102,3%@102] EMC_FREQ 0% GR3D_FREQ 0% PLL@28C CPU@31.5C PMIC@100C GPU@30.5C AO@36C thermal@31.25C POM_5V_IN 1388/1388 POM_5V_GPU 122/122 POM_5V_CPU 163/163';

describe('tegrastats', () => {
  it('should parse the sample line to the documented values', () => {
    const s = parseTegrastats(SAMPLE);
    expect(s.ramUsedMB).toBe(2015);
    expect(s.ramTotalMB).toBe(3964);
    expect(s.cpus).toEqual([
      { online: true, loadPct: 6, freqMHz: 102 },
      { online: true, loadPct: 5, freqMHz: 102 },
      { online: true, loadPct: 4, freqMHz: 102 },
      { online: true, loadPct: 3, freqMHz: 102 },
    ]);
    expect(s.emc).toEqual({ loadPct: 0, freqMHz: null });
    expect(s.gpu).toEqual({ loadPct: 0, freqMHz: null });
    expect(s.temperaturesC).toEqual({ PLL: 28, CPU: 31.5, PMIC: 100, GPU: 30.5, AO: 36, thermal: 31.25 });
    expect(s.rails).toEqual([
      { name: 'POM_5V_IN', currentMW: 1388, averageMW: 1388 },
      { name: 'POM_5V_GPU', currentMW: 122, averageMW: 122 },
      { name: 'POM_5V_CPU', currentMW: 163, averageMW: 163 },
    ]);
  });

  it('should turn the sample into the telemetry the sysfs adapter reports', () => {
    expect(tegrastatsTelemetry(parseTegrastats(SAMPLE))).toEqual({
      freqMHz: { a57: 102, gpu: null },
      utilisation: { a57: 0.06, gpu: 0 },
      temperatureC: { a57: 31.5, gpu: 30.5 },
      rails: [
        { rail: 'POM_5V_IN', watts: 1.388, source: 'measured' },
        { rail: 'POM_5V_GPU', watts: 0.122, source: 'measured' },
        { rail: 'POM_5V_CPU', watts: 0.163, source: 'measured' },
      ],
    });
  });

  it('should read offline cores and the GPU clock that root sees', () => {
    const s = parseTegrastats(
      'RAM 2519/3956MB (lfb 3x4MB) SWAP 0/1978MB CPU [12%@1479,off,7%@1479,20%@1479] EMC_FREQ 9%@1600 GR3D_FREQ 45%@921 PLL@33C CPU@36.5C PMIC@100C GPU@34C POM_5V_IN 3187/3100 POM_5V_GPU 450/440 POM_5V_CPU 612/600',
    );
    expect(s.cpus[1]).toEqual({ online: false });
    expect(s.emc).toEqual({ loadPct: 9, freqMHz: 1600 });
    const t = tegrastatsTelemetry(s);
    expect(t.freqMHz).toEqual({ a57: 1479, gpu: 921 });
    expect(t.utilisation).toEqual({ a57: 0.2, gpu: 0.45 });
    expect(t.rails[0]).toEqual({ rail: 'POM_5V_IN', watts: 3.187, source: 'measured' });
  });

  it('should accept the later spelling with mW units, a peak value and per-GPC clocks', () => {
    const s = parseTegrastats(
      'RAM 1800/3964MB CPU [1%@1479,2%@1479,off,off] GR3D_FREQ 10%@[614,614] cpu@40C gpu@38.5C VDD_IN 4000mW/3900mW/4200mW VDD_CPU 900mW/850mW',
    );
    expect(s.gpu).toEqual({ loadPct: 10, freqMHz: 614 });
    expect(s.rails).toEqual([
      { name: 'VDD_IN', currentMW: 4000, averageMW: 3900 },
      { name: 'VDD_CPU', currentMW: 900, averageMW: 850 },
    ]);
    const t = tegrastatsTelemetry(s);
    expect(t.temperatureC).toEqual({ a57: 40, gpu: 38.5 });
    expect(t.rails.map((r) => r.rail)).toEqual(['POM_5V_IN', 'POM_5V_CPU']);
  });
});

describe('tegrastats of later JetPacks', () => {
  it('should read two-value temperatures, -256 as a sensor that is off, the timestamp and per-GPC clocks', () => {
    const s = parseTegrastats(
      '07-25-2026 09:08:28 RAM 20642/62817MB (lfb 1x2MB) CPU [23%@2201,10%@2201,off] EMC_FREQ 3%@3199 GR3D_FREQ 12%@[1300,1300] NVENC0 off APE 174 ' +
        'cpu@52.968C/52.968C soc2@48.406C/48.406C cv0@-256C cv1@-256.00C/-256.00C gpu@47.625C/47.625C VDD_GPU_SOC 5139mW/5139mW/5139mW VIN_SYS_5V0 5500mW/5400mW/5600mW',
    );
    expect(s.problems).toEqual([]);
    expect(s.ramUsedMB).toBe(20642);
    expect(s.cpus).toEqual([
      { online: true, loadPct: 23, freqMHz: 2201 },
      { online: true, loadPct: 10, freqMHz: 2201 },
      { online: false },
    ]);
    expect(s.gpu).toEqual({ loadPct: 12, freqMHz: 1300 });
    expect(s.temperaturesC).toEqual({ cpu: 52.968, soc2: 48.406, cv0: null, cv1: null, gpu: 47.625 });
    expect(s.rails).toEqual([
      { name: 'VDD_GPU_SOC', currentMW: 5139, averageMW: 5139 },
      { name: 'VIN_SYS_5V0', currentMW: 5500, averageMW: 5400 },
    ]);
    expect(tegrastatsTelemetry(s).temperatureC).toEqual({ a57: 52.968, gpu: 47.625 });
  });

  it('should give a sensor that is off as null on JetPack 4 too', () => {
    expect(parseTegrastats(SAMPLE.replace('GPU@30.5C', 'GPU@-256C')).temperaturesC.GPU).toBeNull();
    expect(
      tegrastatsTelemetry(parseTegrastats(SAMPLE.replace('GPU@30.5C', 'GPU@-256.00C'))).temperatureC.gpu,
    ).toBeNull();
  });

  it('should say what is wrong with a garbled line', () => {
    expect(parseTegrastats(SAMPLE).problems).toEqual([]);
    expect(parseTegrastats('RAM 2015/3964MB CPU [6%@102,5%@').problems).toEqual([
      "CPU block '[6%@102,5%@' is not closed with ']'",
    ]);
    expect(parseTegrastats(SAMPLE.replace('CPU@31.5C', 'CPU@3l.5C')).problems).toEqual([
      "'CPU@3l.5C' is not a temperature NAME@<number>C",
    ]);
    expect(parseTegrastats(SAMPLE.replace('1388/1388', '13#8/1388')).problems).toEqual([
      "rail POM_5V_IN '13#8/1388' is not current/average mW",
    ]);
    expect(parseTegrastats(SAMPLE.replace('[6%@102,', '[6%@1o2,')).problems).toEqual([
      "CPU entry 1 '6%@1o2' is not load%@MHz or off",
    ]);
    expect(parseTegrastats('Segmentation fault').problems).toEqual([
      "not a tegrastats line: no RAM, CPU [...], NAME@<T>C or rail entry in 'Segmentation fault'",
    ]);
    expect(parseTegrastats('').problems).toHaveLength(1);
  });
});

/** What a generated line is built from: the values a parse must give back. */
interface LineModel {
  later: boolean;
  ram: [number, number];
  cpus: TegrastatsCpu[];
  emc: { loadPct: number; freqMHz: number | null };
  gpu: { loadPct: number; freqMHz: number | null };
  temperatures: [string, number | null][];
  rails: [string, number, number][];
}

const TEMPERATURE_NAMES = [
  'PLL',
  'CPU',
  'PMIC',
  'GPU',
  'AO',
  'thermal',
  'cpu',
  'gpu',
  'soc0',
  'soc2',
  'tj',
  'CV0',
  'Tboard',
];
const RAIL_NAMES = ['POM_5V_IN', 'POM_5V_GPU', 'POM_5V_CPU', 'VDD_IN', 'VDD_CPU_GPU_CV', 'VDD_SOC', 'VIN_SYS_5V0'];

const lineModel: fc.Arbitrary<LineModel> = fc.record({
  later: fc.boolean(),
  ram: fc.tuple(fc.nat(65536), fc.integer({ min: 1, max: 65536 })),
  cpus: fc.array(
    fc.oneof(
      fc.constant<TegrastatsCpu>({ online: false }),
      fc.record({
        online: fc.constant(true as const),
        loadPct: fc.nat(100),
        freqMHz: fc.integer({ min: 1, max: 3000 }),
      }),
    ),
    { minLength: 1, maxLength: 12 },
  ),
  emc: fc.record({ loadPct: fc.nat(100), freqMHz: fc.option(fc.integer({ min: 1, max: 3200 }), { nil: null }) }),
  gpu: fc.record({ loadPct: fc.nat(100), freqMHz: fc.option(fc.integer({ min: 1, max: 1300 }), { nil: null }) }),
  temperatures: fc.uniqueArray(
    fc.tuple(
      fc.constantFrom(...TEMPERATURE_NAMES),
      fc.oneof(
        fc.constant(null),
        fc.integer({ min: -40000, max: 125000 }).map((milli) => milli / 1000),
      ),
    ),
    { selector: ([name]) => name, maxLength: 8 },
  ),
  rails: fc.uniqueArray(fc.tuple(fc.constantFrom(...RAIL_NAMES), fc.nat(60000), fc.nat(60000)), {
    selector: ([name]) => name,
    maxLength: 5,
  }),
});

/** Renders a model as JetPack 4 prints it, or as later releases do (timestamp, two-value temperatures, mW with a peak, GPC clocks). */
function render(m: LineModel): string {
  const cpu = m.cpus.map((c) => (c.online ? `${c.loadPct}%@${c.freqMHz}` : 'off')).join(',');
  const load = (l: { loadPct: number; freqMHz: number | null }, gpcs: boolean) =>
    l.freqMHz === null
      ? `${l.loadPct}%`
      : gpcs
        ? `${l.loadPct}%@[${l.freqMHz},${l.freqMHz}]`
        : `${l.loadPct}%@${l.freqMHz}`;
  const off = m.later ? '-256.00' : '-256';
  const temps = m.temperatures.map(([name, c]) => {
    const t = c === null ? off : String(c);
    return m.later ? `${name}@${t}C/${t}C` : `${name}@${t}C`;
  });
  const rails = m.rails.map(([name, cur, avg]) =>
    m.later ? `${name} ${cur}mW/${avg}mW/${Math.max(cur, avg)}mW` : `${name} ${cur}/${avg}`,
  );
  return [
    ...(m.later ? ['11-26-2026 08:06:01'] : []),
    `RAM ${m.ram[0]}/${m.ram[1]}MB (lfb 98x4MB)`,
    ...(m.later ? [] : ['SWAP 29/1982MB (cached 3MB)']),
    `CPU [${cpu}]`,
    `EMC_FREQ ${load(m.emc, false)}`,
    `GR3D_FREQ ${load(m.gpu, m.later)}`,
    ...(m.later ? ['NVENC off', 'APE 25'] : []),
    ...temps,
    ...rails,
  ].join(' ');
}

describe('tegrastats properties', () => {
  it('should parse any generated line, in either format, to the values it was built from', () => {
    fc.assert(
      fc.property(lineModel, (m) => {
        const s = parseTegrastats(render(m));
        expect(s.problems).toEqual([]);
        expect([s.ramUsedMB, s.ramTotalMB]).toEqual(m.ram);
        expect(s.cpus).toEqual(m.cpus);
        expect(s.emc).toEqual(m.emc);
        expect(s.gpu).toEqual(m.gpu);
        expect(s.temperaturesC).toEqual(Object.fromEntries(m.temperatures));
        expect(s.rails).toEqual(m.rails.map(([name, currentMW, averageMW]) => ({ name, currentMW, averageMW })));
      }),
    );
  });

  it('should report a problem, not crash, for a line cut inside its CPU block or with a garbled temperature', () => {
    fc.assert(
      fc.property(lineModel, fc.nat(), fc.nat(), (m, cutAt, which) => {
        const line = render(m);
        const open = line.indexOf('CPU [') + 5;
        const close = line.indexOf(']', open);
        const cut = parseTegrastats(line.slice(0, open + (cutAt % (close - open))));
        expect(cut.problems.some((p) => p.startsWith('CPU block'))).toBe(true);
        if (m.temperatures.length > 0) {
          const [name] = m.temperatures[which % m.temperatures.length]!;
          const garbled = parseTegrastats(line.replace(new RegExp(`(^|\\s)${name}@`), `$1${name}@x`));
          expect(garbled.problems.some((p) => p.startsWith(`'${name}@x`))).toBe(true);
        }
      }),
    );
  });

  it('should not take a cut line with only an unknown load for a reading', () => {
    const s = parseTegrastats('FREQ 10%@[100,100] NVENC off APE 25');
    expect(s.problems).toEqual([expect.stringMatching(/^not a tegrastats line/)]);
  });

  it('should never throw, whatever the line', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          lineModel.map(render).chain((l) => fc.nat(l.length).map((n) => l.slice(n))),
        ),
        (line) => {
          const s = parseTegrastats(line);
          expect(Array.isArray(s.problems)).toBe(true);
          const found =
            s.ramUsedMB !== null ||
            s.cpus.length > 0 ||
            s.rails.length > 0 ||
            Object.keys(s.temperaturesC).length > 0 ||
            s.emc !== null ||
            s.gpu !== null;
          if (!found) expect(s.problems.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});
