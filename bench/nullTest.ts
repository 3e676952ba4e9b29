/**
 * `npm run bench:null`: the null test at length. For each board, an emulator (`twinrtm emulate`, its
 * own process); for each scenario and policy, `twinrtm hil run` on the emulated tree (its own process,
 * as a user runs it) and the same scenario, policy and seed in the twin; the two runs compared
 * (hil/compareRuns.ts). The board runs twice, and the second run is compared with the first too: how
 * far a board is from itself is the wall clock's jitter, the floor under the twin's agreement with it.
 * One JSON line per run, then a Markdown table for BENCHMARKS.md. Real time:
 * each run lasts its scenario's duration (or --duration).
 *
 * node dist/bench/nullTest.js [--duration S] [--only SCENARIO]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareRuns, type RunAgreement } from '../hil/compareRuns.js';
import { controlLatency, type ControlLatency } from '../hil/controlLatency.js';
import { createPolicy } from '../policies/registry.js';
import { scenarioById } from '../scenarios/builtinScenarios.js';
import { simulate } from '../sim/simulate.js';
import type { TraceEvent } from '../sim/traceEvents.js';
import { readTrace } from '../cli/files.js';
import { fixed } from '../cli/table.js';

const BIN = fileURLToPath(new URL('../../bin/twinrtm.js', import.meta.url));
const RUNS: { board: 'odroid-xu3' | 'jetson-nano'; scenario: string; policies: string[] }[] = [
  { board: 'odroid-xu3', scenario: 'xu3-default', policies: ['rtm', 'schedutil', 'ondemand'] },
  { board: 'odroid-xu3', scenario: 'xu3-corunner', policies: ['rtm', 'schedutil', 'ondemand'] },
  { board: 'jetson-nano', scenario: 'nano-gpu-coworkload', policies: ['rtm', 'schedutil', 'ondemand'] },
];

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Starts `twinrtm emulate` and resolves once it prints its ready line. */
function emulate(board: string, root: string): Promise<{ stop(): Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'emulate', board, '--root', root], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready:')) {
        resolve({
          stop: () =>
            new Promise<void>((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`twinrtm emulate ${board} exited (${code}) before it was ready`)));
  });
}

const durationArg = argument('duration');
const only = argument('only');
const rows: {
  board: string;
  scenario: string;
  policy: string;
  durationS: number;
  agreement: RunAgreement;
  withLatency: RunAgreement;
  latency: ControlLatency | null;
  again: RunAgreement;
}[] = [];
process.stdout.write(
  `${JSON.stringify({ bench: 'machine', node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, date: new Date().toISOString() })}\n`,
);
for (const group of RUNS) {
  if (only !== undefined && group.scenario !== only) continue;
  const root = mkdtempSync(join(tmpdir(), `twinrtm-null-${group.board}-`));
  const emulator = await emulate(group.board, root);
  try {
    for (const policy of group.policies) {
      const scenario = scenarioById(group.scenario);
      const durationS = durationArg !== undefined ? Number(durationArg) : scenario.durationS;
      const hilRun = (n: number): TraceEvent[] => {
        const tracePath = join(root, `${group.scenario}-${policy}-${n}.jsonl`);
        const hil = spawnSync(
          process.execPath,
          [
            BIN,
            'hil',
            'run',
            group.scenario,
            '--board',
            group.board,
            '--sysfs-root',
            root,
            '--policy',
            policy,
            '--duration',
            String(durationS),
            '--trace',
            tracePath,
            '--json',
          ],
          { encoding: 'utf8' },
        );
        if (hil.status !== 0)
          throw new Error(`hil run ${group.scenario} ${policy}: exit ${hil.status}: ${hil.stderr.trim()}`);
        return readTrace(tracePath);
      };
      const run = hilRun(1);
      // The board again, unchanged: how far two runs of the same board differ is the wall clock's
      // jitter, the floor under any agreement of the twin with it.
      const again = compareRuns(hilRun(2), run);
      // The twin twice: deciding at once, and with the run's own median control latency.
      const latency = controlLatency(run, scenario.controlPeriodMs);
      const twinRun = (controlLatencyMs: number) => {
        const twin: TraceEvent[] = [];
        simulate({ ...scenario, durationS }, createPolicy(policy), { trace: (e) => twin.push(e), controlLatencyMs });
        return compareRuns(twin, run);
      };
      const agreement = twinRun(0);
      const withLatency = twinRun(latency?.medianMs ?? 0);
      rows.push({
        board: group.board,
        scenario: group.scenario,
        policy,
        durationS,
        agreement,
        withLatency,
        latency,
        again,
      });
      process.stdout.write(
        `${JSON.stringify({ bench: 'null-test', board: group.board, scenario: group.scenario, policy, durationS, controlLatency: latency, ...agreement, withControlLatency: withLatency, runAgain: again })}\n`,
      );
    }
  } finally {
    await emulator.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

const f = fixed;
const misses = (x: number | null) => f(x === null ? null : 100 * x, 1);
process.stdout.write(
  '\n| scenario | policy | control latency ms, median (p5-p95) | inferences twin / run | mean latency ms twin / twin+lat / run / run again | energy mJ/inf twin / twin+lat / run / run again | misses % twin / twin+lat / run / run again | same configuration, % of time (twin+lat / run again) |\n|---|---|---|---|---|---|---|---|\n',
);
for (const r of rows) {
  const a = r.agreement;
  const b = r.withLatency;
  const l = r.latency;
  const g = r.again;
  process.stdout.write(
    `| ${r.scenario} | ${r.policy} | ${l ? `${f(l.medianMs, 2)} (${f(l.p5Ms, 2)}-${f(l.p95Ms, 2)})` : '-'} | ${a.inferences.twin} / ${a.inferences.board} | ${f(a.meanLatencyMs.twin, 2)} / ${f(b.meanLatencyMs.twin, 2)} / ${f(a.meanLatencyMs.board, 2)} / ${f(g.meanLatencyMs.twin, 2)} | ${f(a.energyPerInferenceMJ.twin, 2)} / ${f(b.energyPerInferenceMJ.twin, 2)} / ${f(a.energyPerInferenceMJ.board, 2)} / ${f(g.energyPerInferenceMJ.twin, 2)} | ${misses(a.deadlineMissRate.twin)} / ${misses(b.deadlineMissRate.twin)} / ${misses(a.deadlineMissRate.board)} / ${misses(g.deadlineMissRate.twin)} | ${f(b.sameConfigurationTimePct, 1)} / ${f(g.sameConfigurationTimePct, 1)} |\n`,
  );
}
