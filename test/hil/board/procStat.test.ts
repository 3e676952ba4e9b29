import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createBoardAdapter } from '../../../hil/board/adapter.js';
import { formatCpuList, isCpuOnline, onlineCpus, parseCpuList } from '../../../hil/board/cpuOnline.js';
import { busiestUtilisation, cpuUtilisation, parseProcStat } from '../../../hil/board/procStat.js';
import { createSysfsRoot } from '../../../hil/board/sysfsRoot.js';
import { fakeKernel } from './fakeKernel.js';
import { IDLE_ROW, makeRoot, nanoTree, procStat, removeTrees, writeFiles, xu3Tree } from './fakeTrees.js';

afterEach(removeTrees);

// user nice system idle iowait irq softirq steal guest guest_nice
const BEFORE = [100, 0, 50, 800, 50, 0, 0, 0, 10, 0];
// +300 user, +50 system, +100 idle, +50 iowait, +50 guest (already inside user)
const AFTER = [400, 0, 100, 900, 100, 0, 0, 0, 60, 0];

describe('/proc/stat utilisation', () => {
  it('should match the hand-computed jiffy deltas, counting iowait as idle and guest once', () => {
    // busy: (400 + 100) - (100 + 50) = 350; total: (400 + 100 + 900 + 100) - (100 + 50 + 800 + 50) = 500
    const before = parseProcStat(procStat([BEFORE]));
    const after = parseProcStat(procStat([AFTER]));
    expect(cpuUtilisation(before, after, 0)).toBe(350 / 500);
  });

  it('should skip the aggregate line and keep one entry per cpu', () => {
    const stat = parseProcStat(
      'cpu  10 0 10 80 0 0 0 0 0 0\ncpu0 5 0 5 40 0 0 0 0 0 0\ncpu1 5 0 5 40 0 0 0 0 0 0\nintr 1 2 3',
    );
    expect([...stat.keys()]).toEqual([0, 1]);
    expect(stat.get(1)).toEqual({ busy: 10, total: 50 });
  });

  it('should give null for a cpu absent from a read (offline) or when no jiffy passed', () => {
    const a = parseProcStat(procStat([BEFORE]));
    expect(cpuUtilisation(a, a, 0)).toBeNull();
    expect(cpuUtilisation(a, parseProcStat(procStat([AFTER])), 3)).toBeNull();
  });

  it("should report a unit's busiest cpu", () => {
    const before = parseProcStat(procStat([IDLE_ROW, BEFORE, IDLE_ROW]));
    const after = parseProcStat(
      procStat([
        IDLE_ROW.map((v, i) => (i === 3 ? v + 100 : v)),
        AFTER,
        IDLE_ROW.map((v, i) => (i === 0 ? v + 25 : i === 3 ? v + 75 : v)),
      ]),
    );
    expect(busiestUtilisation(before, after, [0, 1, 2])).toBe(0.7);
    expect(busiestUtilisation(before, after, [0, 2])).toBe(0.25);
  });

  it("should give each XU3 cluster its busiest cpu's share between two telemetry calls", () => {
    // Arrange: the adapter reads /proc/stat when created; cpu5 (A15) then runs 70 %, cpu1 (A7) 20 %.
    const root = xu3Tree('vendor');
    const rows = Array.from({ length: 8 }, () => [...IDLE_ROW]);
    writeFiles(root, { '/proc/stat': procStat(rows) });
    const board = createBoardAdapter('odroid-xu3', fakeKernel(root), { isRoot: true });
    rows.forEach((row, cpu) => {
      const busy = cpu === 5 ? 70 : cpu === 1 ? 20 : 0;
      row[0]! += busy;
      row[3]! += 100 - busy;
    });
    writeFiles(root, { '/proc/stat': procStat(rows) });
    // Act
    const u = board.telemetry().utilisation;
    // Assert
    expect(u.a15).toBeCloseTo(0.7, 12);
    expect(u.a7).toBeCloseTo(0.2, 12);
  });
});

describe('cpu online files', () => {
  it('should parse kernel cpu lists with ranges and spaces', () => {
    expect(parseCpuList('0-3,5,7-8')).toEqual([0, 1, 2, 3, 5, 7, 8]);
    expect(parseCpuList('0 1 2 3')).toEqual([0, 1, 2, 3]);
    expect(parseCpuList('')).toEqual([]);
    expect(parseCpuList('garbage')).toEqual([]);
  });

  it('should count cpu0 without an online file as online', () => {
    const sysfs = fakeKernel(nanoTree('gpu.0', 'iio', [2, 3]));
    expect([0, 1, 2, 3].map((cpu) => isCpuOnline(sysfs, cpu))).toEqual([true, true, false, false]);
  });

  it('should note offline cpus of a unit and leave them out of its online cpus', () => {
    const board = createBoardAdapter('jetson-nano', fakeKernel(nanoTree('gpu.0', 'iio', [2, 3])), { isRoot: true });
    const caps = board.capabilities();
    expect(caps.units.find((u) => u.id === 'a57')!.onlineCpus).toEqual([0, 1]);
    expect(caps.notes).toContain('a57: cpu 2, 3 offline (hotplug or a power mode)');
  });

  it('should fall back to /proc/stat for the online cpus', () => {
    const root = makeRoot();
    writeFiles(root, { '/proc/stat': procStat([IDLE_ROW, IDLE_ROW, IDLE_ROW]) });
    expect(onlineCpus(createSysfsRoot(root))).toEqual([0, 1, 2]);
  });
});

describe('formatCpuList', () => {
  it('writes ranges as the kernel does', () => {
    expect(formatCpuList([0, 1, 2, 3, 5, 7, 8])).toBe('0-3,5,7-8');
    expect(formatCpuList([4])).toBe('4');
    expect(formatCpuList([])).toBe('');
  });

  it('is the inverse of parseCpuList for any set of cpus', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 63 }), { maxLength: 20 }), (set) => {
        const cpus = [...set].sort((a, b) => a - b);
        expect(parseCpuList(formatCpuList(cpus))).toEqual(cpus);
      }),
    );
  });
});
