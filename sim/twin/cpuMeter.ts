/**
 * Busy time of every cpu of the board, for a twin that must show it cpu by cpu (the board emulator's
 * /proc/stat and cpuidle files). The DNN's threads take a unit's first cpus, co-workloads its last
 * ones (as a real board pins them); a cpu both want is busy all the time.
 */
import type { CompiledPlatform } from '../../models/compilePlatform.js';
import type { Configuration, Contention } from '../../models/types.js';

/** Each cpu's busy share now and busy time since the start (see the file's comment). */
export class CpuMeter {
  /** Platform cpu numbers, in unit order. */
  readonly cpus: readonly number[];
  private readonly share: Float64Array;
  private readonly busy: Float64Array;

  constructor(private readonly cp: CompiledPlatform) {
    this.cpus = cp.units.flatMap((cu) => cu.unit.cpus);
    this.share = new Float64Array(this.cpus.length);
    this.busy = new Float64Array(this.cpus.length);
  }

  /** The busy share of each cpu while the DNN runs `config` (or not) under `contention`. */
  setShares(config: Configuration, dnnRunning: boolean, contention: Contention): void {
    let k = 0;
    for (const cu of this.cp.units) {
      const n = cu.unit.cpus.length;
      const held = Math.min(n, contention.busyCores?.[cu.unit.id] ?? 0);
      const util = contention.busyUtilisation?.[cu.unit.id] ?? 1;
      const busiest = held > 0 ? contention.busiestShare?.[cu.unit.id] : undefined;
      const dnn = dnnRunning && config.unit === cu.unit.id ? config.cores : 0;
      // With a busiest cpu's share (rt-app), the held cores' busy time is laid out from the last cpu
      // down, none busier than that cpu: the same busy time, the busiest cpu as the threads had it.
      const total = held * util;
      for (let i = 0; i < n; i++, k++) {
        const mine = i < dnn ? 1 : 0;
        let theirs = i >= n - held ? util : 0;
        if (busiest !== undefined && busiest > 0) {
          const fromLast = n - 1 - i;
          theirs = Math.max(0, Math.min(busiest, total - fromLast * busiest));
        }
        this.share[k] = Math.min(1, mine + theirs);
      }
    }
  }

  /** Books dtMs more at the current shares. */
  advance(dtMs: number): void {
    for (let k = 0; k < this.share.length; k++) this.busy[k]! += this.share[k]! * dtMs;
  }

  /** Books the last gapMs at the current shares instead of `before` (a run that began in the past). */
  credit(gapMs: number, before: Float64Array): void {
    for (let k = 0; k < this.share.length; k++) this.busy[k]! += (this.share[k]! - before[k]!) * gapMs;
  }

  /** Each cpu's busy share now (in `cpus` order). */
  shares(): Float64Array {
    return this.share;
  }

  /** Busy time of each cpu (in `cpus` order) since the start, ms. */
  busyMs(): Float64Array {
    return this.busy;
  }
}
