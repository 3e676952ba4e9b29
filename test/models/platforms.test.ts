import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFileError } from '../../dnn/schemaCheck.js';
import { builtinPlatforms, platformById } from '../../models/builtinPlatforms.js';
import { checkPlatform } from '../../models/checkPlatform.js';
import { loadPlatformFile } from '../../models/loadPlatformFile.js';
import xu3File from '../../models/platforms/odroid-xu3.json' with { type: 'json' };

/** A fresh, mutable copy of the XU3 file to break in one place. */
function xu3(): any {
  return structuredClone(xu3File);
}

function refusal(data: unknown): string {
  try {
    checkPlatform(data, 'broken.json');
  } catch (err) {
    expect(err).toBeInstanceOf(DataFileError);
    return (err as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('built-in platforms', () => {
  it('should load odroid-xu3, jetson-nano, raspberry-pi-4 and host', () => {
    expect(builtinPlatforms().map((p) => p.id)).toEqual(['odroid-xu3', 'jetson-nano', 'raspberry-pi-4', 'host']);
  });

  it('should carry the XU3 operating points of exynos5800.dtsi: 13 A7 points and 19 A15 points', () => {
    const p = platformById('odroid-xu3');
    const a7 = p.units.find((u) => u.id === 'a7')!.opps.points;
    const a15 = p.units.find((u) => u.id === 'a15')!.opps.points;
    expect(a7.map((o) => o.freqMHz)).toEqual([200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200, 1300, 1400]);
    expect(a15).toHaveLength(19);
    expect(a15.at(-1)).toEqual({ freqMHz: 2000, voltageV: 1.3125 });
  });

  it('should map the XU3 INA231 rails to their clusters', () => {
    const rails = Object.fromEntries(platformById('odroid-xu3').rails.map((r) => [r.name, r.components]));
    expect(rails).toEqual({ VDD_ARM: ['a15'], VDD_MEM: ['mem'], VDD_G3D: ['g3d'], VDD_KFC: ['a7'] });
  });

  it('should limit the Nano in 5W mode to two cores at 918 MHz and the GPU to 640 MHz', () => {
    const mode = platformById('jetson-nano').powerModes.find((m) => m.id === '5W')!;
    expect(mode.limits).toEqual({ a57: { maxCores: 2, maxFreqMHz: 918 }, gpu: { maxFreqMHz: 640 } });
  });

  it('should refuse an unknown platform id and list the valid ones', () => {
    expect(() => platformById('nope')).toThrow(
      "unknown platform 'nope' (valid: odroid-xu3, jetson-nano, raspberry-pi-4, host)",
    );
  });
});

describe('platform file checks', () => {
  it('should name the file and field of an unknown field', () => {
    const p = xu3();
    p.units[1].perf.conv.speed = 3;
    expect(refusal(p)).toBe('broken.json: units[1].perf.conv.speed: unknown field (check its spelling)');
  });

  it('should refuse a block of numbers with no provenance', () => {
    const p = xu3();
    delete p.units[0].thermal.prior;
    expect(refusal(p)).toBe(
      'broken.json: units[0].thermal: must say where its numbers come from with exactly one of source, prior, calibration',
    );
  });

  it('should refuse a block that claims both a source and a prior', () => {
    const p = xu3();
    p.units[0].opps.prior = 'a guess';
    expect(refusal(p)).toMatch(/^broken\.json: units\[0\]\.opps: must say where its numbers come from/);
  });

  it('should refuse a missing required field', () => {
    const p = xu3();
    delete p.units[1].cores;
    expect(refusal(p)).toMatch(/^broken\.json: units\[1\]\.cores: is required but missing/);
  });

  it('should refuse operating points out of order', () => {
    const p = xu3();
    p.units[1].opps.points[3].freqMHz = 250;
    expect(refusal(p)).toBe(
      'broken.json: units[1].opps.points[3].freqMHz: operating points must be in strictly ascending frequency order',
    );
  });

  it('should refuse a rail that names an unknown component', () => {
    const p = xu3();
    p.rails[0].components = ['a16'];
    expect(refusal(p)).toBe("broken.json: rails[0].components[0]: unknown component 'a16' (valid: a7, a15, mem, g3d)");
  });

  it('should refuse events per cycle for an event the model has no beta for', () => {
    const p = xu3();
    p.units[1].power.eventsPerCycle.fc.values.l3Access = 0.1;
    expect(refusal(p)).toMatch(/units\[1\]\.power\.eventsPerCycle\.fc\.values\.l3Access: no beta for this event/);
  });

  it('should refuse a power model that gives negative static power', () => {
    const p = xu3();
    p.units[0].power.static.coefficients[0] = -100;
    expect(refusal(p)).toMatch(/^broken\.json: units\[0\]\.power: static power at 200 MHz is -\d/);
  });

  it("should refuse a power-mode limit above the unit's core count", () => {
    const p = structuredClone(platformById('jetson-nano')) as any;
    p.powerModes[0].limits.a57.maxCores = 6;
    expect(refusal(p)).toBe("broken.json: powerModes[0].limits.a57.maxCores: exceeds the unit's 4 cores");
  });

  it('should report a missing file and a file that is not JSON by path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinrtm-'));
    expect(() => loadPlatformFile(join(dir, 'none.json'))).toThrow(/none\.json: cannot be read \(ENOENT\)/);
    writeFileSync(join(dir, 'bad.json'), '{ "id": ');
    expect(() => loadPlatformFile(join(dir, 'bad.json'))).toThrow(/bad\.json: is not valid JSON/);
  });

  it('should load a valid platform file from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twinrtm-'));
    writeFileSync(join(dir, 'xu3.json'), JSON.stringify(xu3()));
    expect(loadPlatformFile(join(dir, 'xu3.json')).id).toBe('odroid-xu3');
  });
});
