import { afterEach, describe, expect, it } from 'vitest';
import { createBoardAdapter } from '../../../hil/board/adapter.js';
import {
  INA231_MAX_WAIT_MS,
  INA231_WORK_MARGIN_MS,
  ina231EnableWait,
  parseUpdatePeriodUs,
} from '../../../hil/board/ina231.js';
import { fakeClock } from './fakeClock.js';
import { fakeKernel } from './fakeKernel.js';
import { bytes, removeTrees, writeFiles, XU3_POWER_W, xu3Tree } from './fakeTrees.js';

afterEach(removeTrees);

const INA = '/sys/bus/i2c/drivers/INA231';
const ADDRESSES = ['3-0040', '3-0041', '3-0044', '3-0045'];
const RAILS = ['VDD_ARM', 'VDD_MEM', 'VDD_G3D', 'VDD_KFC'];
/** The fake XU3's update_period (263808 usec, boards.md) plus the work-queue margin, ms. */
const WAIT_MS = 263.808 + INA231_WORK_MARGIN_MS;

function xu3(root = xu3Tree('vendor')) {
  const clock = fakeClock();
  const sysfs = fakeKernel(root);
  const board = createBoardAdapter('odroid-xu3', sysfs, { isRoot: true, nowMs: clock.nowMs, sleep: clock.sleep });
  return { root, clock, sysfs, board };
}

describe('the XU3 INA231 after a fresh enable', () => {
  it('should report no rail as measured until one update period has passed, and say they are pending', () => {
    // Arrange
    const { clock, board } = xu3();
    // Act: the first telemetry enables the sensors (enable read 0).
    const first = board.telemetry();
    // Assert: the files hold a value from before the enable; it must not count.
    expect(first.rails).toEqual([]);
    expect(board.pendingRails()).toEqual(RAILS);
    expect(board.capabilities().notes.filter((n) => n.includes('not yet valid'))).toHaveLength(4);
    clock.advance(WAIT_MS - 1);
    expect(board.telemetry().rails).toEqual([]);
    clock.advance(1);
    expect(board.telemetry().rails.map((r) => [r.rail, r.watts, r.source])).toEqual(
      RAILS.map((rail) => [rail, XU3_POWER_W[rail as keyof typeof XU3_POWER_W], 'measured']),
    );
    expect(board.pendingRails()).toEqual([]);
    expect(board.capabilities().notes.some((n) => n.includes('not yet valid'))).toBe(false);
  });

  it('should make ready() enable every sensor once and wait one update period on the clock, not in real time', async () => {
    const { clock, sysfs, board } = xu3();
    const started = Date.now();
    await board.ready();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(clock.sleeps).toEqual([WAIT_MS]);
    expect(sysfs.writes).toEqual(ADDRESSES.map((d) => ({ path: `${INA}/${d}/enable`, value: '1' })));
    expect(board.telemetry().rails.map((r) => r.rail)).toEqual(RAILS);
    await board.ready(); // already valid: no wait, no write
    expect(clock.sleeps).toHaveLength(1);
    expect(sysfs.writes).toHaveLength(4);
  });

  it('should wait the update period the driver reports', async () => {
    const root = xu3Tree('vendor');
    for (const d of ADDRESSES) writeFiles(root, { [`${INA}/${d}/update_period`]: '50000 usec' });
    const { clock, board } = xu3(root);
    await board.ready();
    expect(clock.sleeps).toEqual([50 + INA231_WORK_MARGIN_MS]);
  });

  it('should wait the cap, with a note, when update_period is unreadable', async () => {
    const { clock, sysfs, board } = xu3();
    sysfs.unreadable.add(`${INA}/3-0044/update_period`);
    await board.ready();
    expect(clock.sleeps).toEqual([INA231_MAX_WAIT_MS]);
    expect(board.capabilities().notes).toContain(
      `${INA}/3-0044/update_period is unreadable: readings count ${INA231_MAX_WAIT_MS} ms after enable`,
    );
  });

  it('should count a sensor that was already enabled at once, writing nothing', async () => {
    const root = xu3Tree('vendor');
    for (const d of ADDRESSES) writeFiles(root, { [`${INA}/${d}/enable`]: '1' });
    const { clock, sysfs, board } = xu3(root);
    await board.ready();
    expect(clock.sleeps).toEqual([]);
    expect(sysfs.writes).toEqual([]);
    expect(board.telemetry().rails).toHaveLength(4);
  });

  it('should need no wait on the mainline hwmon driver', async () => {
    const { clock, sysfs, board } = xu3(xu3Tree('mainline'));
    await board.ready();
    expect([clock.sleeps, sysfs.writes]).toEqual([[], []]);
    expect(board.telemetry().rails).toHaveLength(4);
  });

  it('should save enable before, put 0 back on restore, and enable and wait again in the next session', async () => {
    // Arrange: a session (as the agent runs them) saves, readies and measures.
    const { root, clock, sysfs, board } = xu3();
    const saved = board.save();
    expect(Object.keys(saved.files).filter((p) => p.endsWith('/enable'))).toEqual(
      ADDRESSES.map((d) => `${INA}/${d}/enable`),
    );
    await board.ready();
    // Act: the session ends; the next one starts on the same adapter.
    board.restore(saved);
    expect(bytes(root, `${INA}/3-0040/enable`)).toBe('0\n');
    sysfs.writes.length = 0;
    const again = board.telemetry();
    // Assert: the disabled driver's value is not taken; the sensors are enabled and waited for again.
    expect(again.rails).toEqual([]);
    expect(sysfs.writes.map((w) => w.value)).toEqual(['1', '1', '1', '1']);
    await board.ready();
    expect(clock.sleeps).toEqual([WAIT_MS, WAIT_MS]);
    expect(board.telemetry().rails).toHaveLength(4);
  });
});

describe('update_period', () => {
  it('should parse the driver\'s "<N> usec" text and nothing else', () => {
    expect(parseUpdatePeriodUs('263808 usec')).toBe(263808);
    expect(parseUpdatePeriodUs(' 1000 usec\n')).toBe(1000);
    expect([null, '', '263808', '263 ms', 'usec'].map(parseUpdatePeriodUs)).toEqual([null, null, null, null, null]);
  });

  it('should cap a long period with a note', () => {
    expect(ina231EnableWait('9000000 usec', '/x')).toEqual({
      waitMs: INA231_MAX_WAIT_MS,
      note: `/x/update_period is 9000000 usec, above the ${INA231_MAX_WAIT_MS} ms cap: readings count after ${INA231_MAX_WAIT_MS} ms and may still be stale`,
    });
    expect(ina231EnableWait('garbage', '/x').note).toBe(
      `/x/update_period is 'garbage', not "<N> usec": readings count ${INA231_MAX_WAIT_MS} ms after enable`,
    );
  });
});
