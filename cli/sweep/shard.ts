/**
 * Shards: `--shard i/n` runs the i-th of n parts of a matrix (0-based, as Kubernetes'
 * JOB_COMPLETION_INDEX and a Slurm array `--array=0-(n-1)` count). The split is deterministic (it
 * depends only on the runs and their costs) and balanced by expected cost: runs are taken from the
 * costliest down (ties in key order) and each goes to the shard with the least cost so far (ties to
 * the lower index), so no two shards differ by more than the cost of one run.
 */
import { InputError } from '../../dnn/inputError.js';

export interface ShardSpec {
  /** 0-based. */
  index: number;
  count: number;
}

/** The whole matrix as one shard. */
export const WHOLE: ShardSpec = Object.freeze({ index: 0, count: 1 });

export function formatShard(shard: ShardSpec): string {
  return `${shard.index}/${shard.count}`;
}

/**
 * "1/3" -> { index: 1, count: 3 }.
 *
 * @param option - names the option in messages ("--shard")
 * @throws InputError for anything but i/n with whole numbers 0 <= i < n
 */
export function parseShard(option: string, text: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new InputError(`${option} '${text}' must be INDEX/COUNT, e.g. 0/4 (0-based: the first of four shards)`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw new InputError(`${option} ${text}: the count must be at least 1`);
  if (index >= count)
    throw new InputError(
      `${option} ${text}: the index must be 0..${count - 1} (0-based: ${count} shards are 0/${count} to ${count - 1}/${count})`,
    );
  if (!Number.isSafeInteger(count)) throw new InputError(`${option} ${text}: the count is too large`);
  return { index, count };
}

/**
 * The shard of each run.
 *
 * @param costs - the expected cost of each run (> 0), in the runs' key order
 * @param count - the number of shards (at most costs.length, so no shard is empty)
 * @returns shard index of each run, in the same order
 */
export function assignShards(costs: readonly number[], count: number): number[] {
  if (!(Number.isInteger(count) && count >= 1))
    throw new RangeError(`shard count ${count} must be a whole number >= 1`);
  const order = costs.map((_, i) => i).sort((a, b) => costs[b]! - costs[a]! || a - b);
  const shardOf = new Array<number>(costs.length);
  // A binary min-heap of shards by (load, index).
  const load = new Array<number>(count).fill(0);
  const heap = Array.from({ length: count }, (_, i) => i);
  const less = (a: number, b: number) => load[a]! < load[b]! || (load[a] === load[b] && a < b);
  const siftDown = (at: number) => {
    for (;;) {
      const l = 2 * at + 1;
      const r = l + 1;
      let m = at;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === at) return;
      [heap[at], heap[m]] = [heap[m]!, heap[at]!];
      at = m;
    }
  };
  for (const run of order) {
    const shard = heap[0]!;
    shardOf[run] = shard;
    load[shard]! += costs[run]!;
    siftDown(0);
  }
  return shardOf;
}

/** The positions of the runs that fall in `shard`, in key order. */
export function runsOfShard(costs: readonly number[], shard: ShardSpec): number[] {
  const shardOf = assignShards(costs, shard.count);
  return shardOf.flatMap((s, i) => (s === shard.index ? [i] : []));
}
