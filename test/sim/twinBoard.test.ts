import { describe, expect, it } from 'vitest';
import type { Configuration, Contention } from '../../models/types.js';
import { boardPrediction, boardRig, COUNTER, sum } from './helpers.js';

/** The seed's everyday configuration: all four A15 cores at 2000 MHz, all groups. */
const A: Configuration = { groups: 4, unit: 'a15', cores: 4, freqMHz: { a15: 2000, a7: 200 } };
/** A slower A15 frequency: a frequency change, so a 140 us transition on the XU3. */
const B: Configuration = { groups: 4, unit: 'a15', cores: 4, freqMHz: { a15: 1000, a7: 200 } };
/** XU3 cpufreq transition latency (platform file), ms. */
const XU3_TRANSITION_MS = 0.14;

function relErr(got: number, want: number): number {
  return Math.abs(got - want) / Math.abs(want);
}

describe('TwinBoard serving requests', () => {
  it('should finish one request on an idle board after exactly the predicted time', () => {
    // Arrange
    const rig = boardRig({ initialConfig: A });
    const p = boardPrediction(rig.platform, rig.dnn, A, 25);
    // Act
    rig.board.request(null);
    rig.scheduler.flush();
    // Assert
    expect(rig.log.inferences).toHaveLength(1);
    const r = rig.log.inferences[0]!;
    expect(r.startMs).toBe(0);
    expect(relErr(r.endMs, p.timeMs)).toBeLessThan(1e-12);
    expect(relErr(r.serviceMs, p.timeMs)).toBeLessThan(1e-12);
  });

  it("should use the board's leakage at its rounded die temperature for the prediction", () => {
    const rig = boardRig({ initialConfig: A, ambientC: 40.6, powerSensor: COUNTER });
    const p = boardPrediction(rig.platform, rig.dnn, A, rig.startTemperatureC);
    rig.board.request(null);
    rig.scheduler.flush();
    expect(relErr(rig.log.inferences[0]!.energyMJ, p.energyMJ)).toBeLessThan(1e-9);
  });

  it("should charge one inference the prediction's energy where the sensors count energy", () => {
    const rig = boardRig({ initialConfig: A, powerSensor: COUNTER });
    const p = boardPrediction(rig.platform, rig.dnn, A, rig.startTemperatureC);
    rig.board.request(null);
    rig.scheduler.flush();
    expect(relErr(rig.log.inferences[0]!.energyMJ, p.energyMJ)).toBeLessThan(1e-9);
  });

  it('should report the configuration the inference ran with and the deadline verdict', () => {
    const rig = boardRig({ initialConfig: A });
    rig.board.request(5);
    rig.scheduler.flush();
    expect(rig.log.inferences[0]).toMatchObject({
      arrivalMs: 0,
      groups: 4,
      unit: 'a15',
      cores: 4,
      freqMHz: 2000,
      deadlineMet: false,
    });
  });

  it('should meet a deadline with no budget (null)', () => {
    const rig = boardRig({ initialConfig: A });
    rig.board.request(null);
    rig.scheduler.flush();
    expect(rig.log.inferences[0]!.deadlineMet).toBe(true);
  });

  it('should queue a request that arrives while busy and start it at the previous end', () => {
    const rig = boardRig({ initialConfig: A });
    rig.board.request(null);
    rig.at(2, () => rig.board.request(null));
    rig.scheduler.flush();
    const [first, second] = rig.log.inferences;
    expect(second!.arrivalMs).toBe(2);
    expect(second!.startMs).toBe(first!.endMs);
    expect(second!.latencyMs).toBeCloseTo(first!.endMs - 2 + second!.serviceMs, 9);
  });

  it('should count the waiting requests, not the one being served', () => {
    const rig = boardRig({ initialConfig: A });
    rig.board.request(null);
    rig.board.request(null);
    rig.board.request(null);
    expect(rig.board.queueLength).toBe(2);
  });

  it('should drop a request beyond queueLimit and report it', () => {
    const rig = boardRig({ initialConfig: A, queueLimit: 1 });
    rig.board.request(null); // served
    rig.board.request(null); // waits
    rig.at(1, () => rig.board.request(null)); // no room
    rig.scheduler.flush();
    expect(rig.log.drops).toEqual([1]);
    expect(rig.log.inferences).toHaveLength(2);
  });
});

describe('TwinBoard.apply while idle', () => {
  it('should put the configuration in force at once', () => {
    const rig = boardRig({ initialConfig: A });
    rig.board.apply(B);
    expect(rig.board.config).toEqual(B);
    expect(rig.log.applies).toEqual([{ atMs: 0, config: B, stallMs: XU3_TRANSITION_MS }]);
  });

  it('should stall the DNN for the transition latency when its clock changes', () => {
    const rig = boardRig({ initialConfig: A });
    const p = boardPrediction(rig.platform, rig.dnn, B, 25);
    rig.board.apply(B);
    rig.board.request(null);
    rig.scheduler.flush();
    // The request is taken at once; the DNN's time includes the rest of the transition.
    const r = rig.log.inferences[0]!;
    expect(r.startMs).toBe(0);
    expect(r.endMs).toBeCloseTo(XU3_TRANSITION_MS + p.timeMs, 9);
    expect(r.serviceMs).toBeCloseTo(XU3_TRANSITION_MS + p.timeMs, 9);
    expect(r.freqMHz).toBe(1000);
  });

  it("should not stall the DNN for another unit's clock change", () => {
    const rig = boardRig({ initialConfig: A });
    rig.board.apply({ ...A, freqMHz: { a15: 2000, a7: 1400 } });
    expect(rig.log.applies[0]!.stallMs).toBe(0);
  });

  it('should add migrationCostMs when the unit changes', () => {
    const rig = boardRig({ initialConfig: A, migrationCostMs: 3 });
    const toA7: Configuration = { groups: 4, unit: 'a7', cores: 4, freqMHz: { a15: 2000, a7: 1400 } };
    rig.board.apply(toA7);
    expect(rig.log.applies[0]!.stallMs).toBeCloseTo(3 + XU3_TRANSITION_MS, 12);
  });

  it('should cost only migrationCostMs for a unit change with the same frequencies', () => {
    const rig = boardRig({ initialConfig: A, migrationCostMs: 3 });
    rig.board.apply({ ...A, unit: 'a7' });
    expect(rig.log.applies[0]!.stallMs).toBe(3);
  });

  it('should not stall for a group change alone', () => {
    const rig = boardRig({ initialConfig: A });
    const g2: Configuration = { ...A, groups: 2 };
    const p = boardPrediction(rig.platform, rig.dnn, g2, 25);
    rig.board.apply(g2);
    rig.board.request(null);
    rig.scheduler.flush();
    expect(rig.log.applies[0]!.stallMs).toBe(0);
    expect(rig.log.inferences[0]!.startMs).toBe(0);
    expect(relErr(rig.log.inferences[0]!.endMs, p.timeMs)).toBeLessThan(1e-12);
  });

  it('should ignore a configuration equal to the one in force', () => {
    const rig = boardRig({ initialConfig: A });
    rig.board.apply({ ...A, freqMHz: { ...A.freqMHz } });
    expect(rig.log.applies).toEqual([]);
  });

  it('should use the default transition latency for a unit whose platform gives none', () => {
    const nano: Configuration = { groups: 4, unit: 'a57', cores: 4, freqMHz: { a57: 1479, gpu: 76.8 } };
    const rig = boardRig({ platformId: 'jetson-nano', initialConfig: nano, defaultTransitionLatencyUs: 250 });
    rig.board.apply({ ...nano, freqMHz: { a57: 921.6, gpu: 76.8 } });
    expect(rig.log.applies[0]!.stallMs).toBeCloseTo(0.25, 12);
  });
});

describe('TwinBoard.apply while busy', () => {
  // The inference starts at 0 under A; the change comes halfway through layer K.
  const K = 2;

  it('should put a change of clocks only in force at once, stalling the inference for the transition', () => {
    // Arrange
    const rig = boardRig({ initialConfig: A });
    const old = boardPrediction(rig.platform, rig.dnn, A, 25).layers.map((l) => l.timeMs);
    const next = boardPrediction(rig.platform, rig.dnn, B, 25).layers.map((l) => l.timeMs);
    const applyAt = sum(old.slice(0, K)) + 0.5 * old[K]!;
    // Act
    rig.board.request(null);
    rig.at(applyAt, () => rig.board.apply(B));
    rig.scheduler.flush();
    // Assert: half of layer K at the old clock, a stall, the rest at the new one.
    expect(rig.log.applies).toEqual([{ atMs: applyAt, config: B, stallMs: XU3_TRANSITION_MS }]);
    expect(rig.log.inferences[0]!.endMs).toBeCloseTo(
      applyAt + XU3_TRANSITION_MS + 0.5 * next[K]! + sum(next.slice(K + 1)),
      9,
    );
    expect(rig.log.inferences[0]!.freqMHz).toBe(1000);
  });

  it('should hold a change of groups until the inference in flight ends', () => {
    const rig = boardRig({ initialConfig: A });
    const p = boardPrediction(rig.platform, rig.dnn, A, 25);
    const g2: Configuration = { ...A, groups: 2, freqMHz: { a15: 1000, a7: 200 } };
    rig.board.request(null);
    rig.at(0.5 * p.timeMs, () => rig.board.apply(g2));
    rig.scheduler.flush();
    // The inference runs as it started, all four groups at 2000 MHz; the change comes at its end.
    expect(rig.log.inferences[0]!).toMatchObject({ groups: 4, freqMHz: 2000 });
    expect(relErr(rig.log.inferences[0]!.endMs, p.timeMs)).toBeLessThan(1e-12);
    expect(rig.log.applies).toHaveLength(1);
    expect(rig.log.applies[0]!.atMs).toBeCloseTo(p.timeMs, 9);
    expect(rig.log.applies[0]!.config).toEqual(g2);
  });

  it('should show the waiting configuration as the board config until it is in force', () => {
    const rig = boardRig({ initialConfig: A });
    const old = boardPrediction(rig.platform, rig.dnn, A, 25).layers.map((l) => l.timeMs);
    rig.board.request(null);
    rig.scheduler.flush(0.5 * old[0]!);
    const g3: Configuration = { ...A, groups: 3 };
    rig.board.apply(g3);
    expect(rig.board.config).toEqual(g3);
    expect(rig.log.applies).toEqual([]);
  });

  it('should let a later decision replace one still waiting', () => {
    const rig = boardRig({ initialConfig: A });
    const p = boardPrediction(rig.platform, rig.dnn, A, 25);
    rig.board.request(null);
    rig.at(0.2 * p.timeMs, () => rig.board.apply({ ...A, groups: 2 }));
    rig.at(0.4 * p.timeMs, () => rig.board.apply({ ...A, groups: 3 }));
    rig.scheduler.flush();
    expect(rig.log.applies.map((a) => a.config.groups)).toEqual([3]);
  });

  it('should move the DNN between inferences, and charge the move to the next one', () => {
    // Arrange: move to the A7 cluster halfway through the first inference; a second request waits.
    const rig = boardRig({ initialConfig: A, migrationCostMs: 2 });
    const toA7: Configuration = { groups: 4, unit: 'a7', cores: 4, freqMHz: { a15: 2000, a7: 1400 } };
    const first = boardPrediction(rig.platform, rig.dnn, A, 25).timeMs;
    const second = boardPrediction(rig.platform, rig.dnn, toA7, 25).timeMs;
    // Act
    rig.board.request(null);
    rig.board.request(null);
    rig.at(0.5 * first, () => rig.board.apply(toA7));
    rig.scheduler.flush();
    // Assert: the move (2 ms and the A7's transition) stalls the second inference, which runs on the A7.
    expect(rig.log.applies[0]!.stallMs).toBeCloseTo(2 + XU3_TRANSITION_MS, 12);
    expect(rig.log.inferences[1]!.unit).toBe('a7');
    expect(rig.log.inferences[1]!.endMs).toBeCloseTo(first + 2 + XU3_TRANSITION_MS + second, 9);
  });
});

describe('TwinBoard.setContention', () => {
  const contention: Contention = {
    busyCores: { a15: 2 },
    busyUtilisation: { a15: 1 },
    memoryPressure: 0.3,
    gpuShare: 0,
  };

  it('should slow the rest of a running inference from the moment co-workloads arrive', () => {
    // Arrange: co-runners take two A15 cores halfway through layer K.
    const K = 4;
    const rig = boardRig({ initialConfig: A });
    const free = boardPrediction(rig.platform, rig.dnn, A, 25).layers.map((l) => l.timeMs);
    const shared = boardPrediction(rig.platform, rig.dnn, A, 25, contention).layers.map((l) => l.timeMs);
    const at = sum(free.slice(0, K)) + 0.5 * free[K]!;
    // Act
    rig.board.request(null);
    rig.at(at, () => rig.board.setContention(contention));
    rig.scheduler.flush();
    // Assert: half of layer K and the layers after it at the contended times.
    const end = rig.log.inferences[0]!.endMs;
    expect(end).toBeCloseTo(at + 0.5 * shared[K]! + sum(shared.slice(K + 1)), 9);
    expect(end).toBeGreaterThan(sum(free));
  });

  it('should report the cores co-workloads leave free', () => {
    const rig = boardRig({ initialConfig: A });
    rig.board.setContention(contention);
    expect(rig.board.freeCores()).toEqual({ a7: 4, a15: 2 });
  });
});

describe('TwinBoard.setPowerMode', () => {
  const maxn: Configuration = { groups: 4, unit: 'a57', cores: 4, freqMHz: { a57: 1479, gpu: 76.8 } };

  it("should clamp a 4-core 1479 MHz configuration to 2 cores and 825.6 MHz in the Nano's 5W mode", () => {
    const rig = boardRig({ platformId: 'jetson-nano', initialConfig: maxn, powerMode: 'MAXN' });
    rig.board.setPowerMode('5W');
    expect(rig.board.powerMode).toBe('5W');
    expect(rig.board.config).toEqual({ groups: 4, unit: 'a57', cores: 2, freqMHz: { a57: 825.6, gpu: 76.8 } });
  });

  it('should clamp a configuration waiting for the inference in flight too', () => {
    const rig = boardRig({ platformId: 'jetson-nano', initialConfig: maxn, powerMode: 'MAXN' });
    rig.board.request(null);
    rig.scheduler.flush(0.01);
    rig.board.apply({ ...maxn, groups: 3, freqMHz: { a57: 1428, gpu: 76.8 } });
    rig.board.setPowerMode('5W');
    expect(rig.board.config).toEqual({ groups: 3, unit: 'a57', cores: 2, freqMHz: { a57: 825.6, gpu: 76.8 } });
  });

  it('should run inferences within the new mode after the switch', () => {
    const rig = boardRig({ platformId: 'jetson-nano', initialConfig: maxn, powerMode: 'MAXN' });
    rig.board.setPowerMode('5W');
    rig.board.request(null);
    rig.scheduler.flush();
    expect(rig.log.inferences[0]).toMatchObject({ cores: 2, freqMHz: 825.6 });
    expect(rig.board.readSensors().freqMHz.a57).toBe(825.6);
  });
});

describe('TwinBoard.readSensors', () => {
  it('should read zero utilisation on an idle board', () => {
    const rig = boardRig({ initialConfig: A });
    rig.scheduler.flush(1000);
    const s = rig.board.readSensors();
    expect(s.windowMs).toBe(1000);
    expect(s.utilisation).toEqual({ a7: 0, a15: 0 });
  });

  it('should read utilisation ~1 on the DNN unit when the DNN runs back to back on all its cores', () => {
    const rig = boardRig({ initialConfig: A, queueLimit: 1000 });
    for (let i = 0; i < 200; i++) rig.board.request(null);
    rig.scheduler.flush(1000);
    const s = rig.board.readSensors();
    expect(s.utilisation.a15).toBeCloseTo(1, 9);
    expect(s.utilisation.a7).toBe(0);
  });

  it('should average utilisation over the window since the last read', () => {
    // One inference in a window twice its length: half busy.
    const rig = boardRig({ initialConfig: A });
    const t = boardPrediction(rig.platform, rig.dnn, A, 25).timeMs;
    rig.board.request(null);
    rig.scheduler.flush(2 * t);
    expect(rig.board.readSensors().utilisation.a15).toBeCloseTo(0.5, 9);
  });

  it('should read the average board power of the window where the sensors count energy', () => {
    const rig = boardRig({ initialConfig: A, queueLimit: 1000, powerSensor: COUNTER });
    const p = boardPrediction(rig.platform, rig.dnn, A, rig.startTemperatureC);
    for (let i = 0; i < 20; i++) rig.board.request(null);
    rig.scheduler.flush(5 * p.timeMs);
    const s = rig.board.readSensors();
    expect(relErr(s.powerW, p.avgPowerW)).toBeLessThan(1e-9);
    expect(relErr(sum(Object.values(s.powerByRailW)), p.avgPowerW)).toBeLessThan(1e-9);
  });

  it("should show the average over the sensor's last completed update period, as an INA231 does", () => {
    // The XU3's INA231s update every 263.808 ms; the DNN runs back to back from 0.
    const rig = boardRig({ initialConfig: A, queueLimit: 1000 });
    const period = 263.808;
    const idle = rig.board.readSensors().powerW;
    const p = boardPrediction(rig.platform, rig.dnn, A, rig.startTemperatureC);
    for (let i = 0; i < 400; i++) rig.board.request(null);
    // Before the first update the sensor still shows the idle board.
    rig.scheduler.flush(period - 1);
    expect(rig.board.readSensors().powerW).toBeCloseTo(idle, 9);
    // After it, the average over the first period: the DNN ran all of it, but for the transitions.
    rig.scheduler.flush(period + 1);
    const first = rig.board.readSensors().powerW;
    expect(relErr(first, p.avgPowerW)).toBeLessThan(0.01);
    // It holds until the next update, whatever the reader's window.
    rig.scheduler.flush(period + 100);
    expect(rig.board.readSensors().powerW).toBe(first);
  });

  it('should start at its idle steady state, rise while the DNN runs and settle at ambient + R * P', () => {
    // 1400 MHz keeps the A15 below the 70 C trip, so power stays put apart from leakage.
    const c: Configuration = { ...A, freqMHz: { a15: 1400, a7: 200 } };
    const rig = boardRig({ initialConfig: c, queueLimit: 100_000 });
    for (let i = 0; i < 10_000; i++) rig.board.request(null);
    const temps: number[] = [];
    let last = rig.board.readSensors();
    for (let t = 1000; t <= 100_000; t += 1000) {
      rig.scheduler.flush(t);
      last = rig.board.readSensors();
      temps.push(last.temperatureC.a15!);
    }
    // Rising from ambient, monotonically...
    expect(temps[0]).toBeGreaterThan(25);
    for (let i = 1; i < temps.length; i++) expect(temps[i]!).toBeGreaterThanOrEqual(temps[i - 1]!);
    // ...to ambient + R P after ten time constants (R = 9 C/W on the XU3's A15).
    const rCPerW = rig.platform.units.find((u) => u.id === 'a15')!.thermal.resistanceCPerW;
    expect(temps.at(-1)!).toBeCloseTo(25 + rCPerW * last.powerByRailW.VDD_ARM!, 1);
  });

  it('should cap the A15 at 1800 MHz at the first read past the 70 C trip', () => {
    // At a 62 C room the idle board settles between the 70 C and the 85 C trips.
    const rig = boardRig({ initialConfig: A, ambientC: 62 });
    expect(rig.startTemperatureC).toBeGreaterThanOrEqual(70);
    expect(rig.startTemperatureC).toBeLessThan(85);
    rig.scheduler.flush(10);
    expect(rig.board.readSensors().freqMHz.a15).toBe(1800);
  });

  it('should cap the A15 at 600 MHz or less at once after a sensor read past 85 C', () => {
    // Arrange: xu3-thermal-like, but a 65 C ambient (the idle board below 85 C), the DNN back to back on four A15 cores.
    const rig = boardRig({ initialConfig: A, ambientC: 65, queueLimit: 100_000 });
    expect(rig.startTemperatureC).toBeLessThan(85);
    for (let i = 0; i < 3000; i++) rig.board.request(null);
    // Act: read every 10 ms until the die passes 85 C.
    let hot = null;
    for (let t = 10; t <= 20_000 && hot === null; t += 10) {
      rig.scheduler.flush(t);
      const s = rig.board.readSensors();
      if (Math.max(...Object.values(s.temperatureC)) >= 85) hot = { t, s };
    }
    // Assert
    expect(hot).not.toBeNull();
    expect(hot!.s.freqMHz.a15).toBeLessThanOrEqual(600);
    expect(rig.log.throttles.at(-1)).toMatchObject({ atMs: hot!.t });
    expect(rig.log.throttles.at(-1)!.effectiveFreqMHz.a15).toBeLessThanOrEqual(600);
  });

  it('should run inferences that start after a trip at the capped frequency', () => {
    const rig = boardRig({ initialConfig: A, ambientC: 80, queueLimit: 100_000 });
    for (let i = 0; i < 3000; i++) rig.board.request(null);
    let trippedAt: number | null = null;
    for (let t = 10; t <= 20_000 && trippedAt === null; t += 10) {
      rig.scheduler.flush(t);
      if (Math.max(...Object.values(rig.board.readSensors().temperatureC)) >= 85) trippedAt = t;
    }
    rig.scheduler.flush(trippedAt! + 200);
    const after = rig.log.inferences.filter((r) => r.startMs >= trippedAt!);
    expect(after.length).toBeGreaterThan(0);
    for (const r of after) expect(r.freqMHz).toBeLessThanOrEqual(600);
  });

  it('should keep the configuration the policy set while the trip caps the effective frequency', () => {
    const rig = boardRig({ initialConfig: A, ambientC: 62 });
    rig.scheduler.flush(10);
    rig.board.readSensors();
    expect(rig.board.config.freqMHz.a15).toBe(2000);
  });
});
