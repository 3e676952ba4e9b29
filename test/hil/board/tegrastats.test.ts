import { describe, expect, it } from 'vitest';
import { parseTegrastats, tegrastatsTelemetry } from '../../../hil/board/tegrastats.js';

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
    const s = parseTegrastats('RAM 2519/3956MB (lfb 3x4MB) SWAP 0/1978MB CPU [12%@1479,off,7%@1479,20%@1479] EMC_FREQ 9%@1600 GR3D_FREQ 45%@921 PLL@33C CPU@36.5C PMIC@100C GPU@34C POM_5V_IN 3187/3100 POM_5V_GPU 450/440 POM_5V_CPU 612/600');
    expect(s.cpus[1]).toEqual({ online: false });
    expect(s.emc).toEqual({ loadPct: 9, freqMHz: 1600 });
    const t = tegrastatsTelemetry(s);
    expect(t.freqMHz).toEqual({ a57: 1479, gpu: 921 });
    expect(t.utilisation).toEqual({ a57: 0.2, gpu: 0.45 });
    expect(t.rails[0]).toEqual({ rail: 'POM_5V_IN', watts: 3.187, source: 'measured' });
  });

  it('should accept the later spelling with mW units, a peak value and per-GPC clocks', () => {
    const s = parseTegrastats('RAM 1800/3964MB CPU [1%@1479,2%@1479,off,off] GR3D_FREQ 10%@[614,614] cpu@40C gpu@38.5C VDD_IN 4000mW/3900mW/4200mW VDD_CPU 900mW/850mW');
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
