/**
 * Merging the results of a sweep's shards into one file: every line from the same matrix (the hash
 * on each line), every run of the matrix present exactly once. The merged lines are those of the
 * whole matrix run at once: sorted by key, stamped shard 0/1.
 */
import { InputError } from '../../dnn/inputError.js';
import { compareKeys, keyId } from './keys.js';
import type { ResultLine } from './resultLine.js';

export interface ShardFile {
  /** The path as the user gave it. */
  file: string;
  lines: readonly ResultLine[];
}

export type MergeResult = { complete: true; lines: ResultLine[] } | { complete: false; missing: string };

/**
 * Checks the files and merges them.
 *
 * @returns the merged lines, or (when runs are missing and nothing else is wrong) what is missing
 * @throws InputError, one line, for files from different matrices, a key given twice, or no lines at all
 */
export function mergeShards(files: readonly ShardFile[]): MergeResult {
  const first = files.flatMap((f) => f.lines.slice(0, 1).map((line) => ({ file: f.file, line })))[0];
  if (first === undefined) throw new InputError(`no result lines in ${files.map((f) => f.file).join(', ')}`);
  const { matrix, runs } = first.line.sweep;
  const where = new Map<string, string>();
  for (const f of files) {
    f.lines.forEach((line, i) => {
      if (line.sweep.matrix !== matrix || line.sweep.runs !== runs) {
        throw new InputError(
          `${f.file}:${i + 1} is from another matrix (hash ${line.sweep.matrix}, ${line.sweep.runs} runs) than ${first.file} (hash ${matrix}, ${runs} runs): merge only the shards of one sweep`,
        );
      }
      const id = keyId(line.key);
      const earlier = where.get(id);
      if (earlier !== undefined)
        throw new InputError(
          `the run ${id} is in ${earlier} and again in ${f.file}:${i + 1}: each run must be in exactly one shard file`,
        );
      where.set(id, `${f.file}:${i + 1}`);
    });
  }
  const all = files.flatMap((f) => f.lines);
  if (all.length > runs) throw new InputError(`the files hold ${all.length} runs but their matrix has ${runs}`);
  if (all.length < runs) return { complete: false, missing: describeMissing(all, runs) };
  return {
    complete: true,
    lines: [...all]
      .sort((a, b) => compareKeys(a.key, b.key))
      .map((line) => ({ ...line, sweep: { matrix, shard: '0/1', runs, shardRuns: runs } })),
  };
}

/** "shard 1/3 is missing; shard 2/3 has 4 of 5 runs" (or a count when the lines' shards disagree). */
function describeMissing(lines: readonly ResultLine[], runs: number): string {
  const total = `${runs - lines.length} of ${runs} runs missing`;
  const counts = new Set(lines.map((l) => l.sweep.shard.split('/')[1]));
  if (counts.size !== 1) return total;
  const count = Number([...counts][0]);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const mine = lines.filter((l) => l.sweep.shard === `${i}/${count}`);
    if (mine.length === 0) parts.push(`shard ${i}/${count} is missing`);
    else if (mine.length < mine[0]!.sweep.shardRuns)
      parts.push(`shard ${i}/${count} has ${mine.length} of ${mine[0]!.sweep.shardRuns} runs`);
  }
  return `${total}: ${parts.join('; ')}`;
}
