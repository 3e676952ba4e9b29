/**
 * rt-app's calibration run before a run's clock starts (hil run --rtapp-calibrate): rt-app 1.0 on a
 * one-event workload calibrated on the cpu asked, its "pLoad = N ns" line read from its output. rt-app
 * measures its busy loop in trials a second apart until two agree within 2 % (src/rt-app.c,
 * calibrate_cpu_cycles), so this takes a second or more, which the run then does not spend inside a
 * workload's window.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRtapp } from '../../scenarios/rtapp/readRtapp.js';
import type { RtappRun } from '../../scenarios/rtapp/rtappRuns.js';
import { withCalibration } from '../../scenarios/rtapp/setCalibration.js';
import { signalGroup, spawnChild } from '../workload/childProcesses.js';
import { BoardFailure } from '../boardFailure.js';

/** How long a calibration may take, ms: rt-app gives up after 1000 trials, which no board needs. */
const CALIBRATION_TIMEOUT_MS = 120_000;

/** The task of the calibration run: a workload of one microsecond of work, ended at once. */
export const CALIBRATION_TASK = 'twinrtm-calibration';

/**
 * Runs rt-app to calibrate on a cpu, in a folder of its own under `dir`.
 * @returns rt-app's ns per loop
 * @throws Error naming the program and what it printed, when it prints no pLoad
 */
export function calibrateRtapp(binary: string, dir: string, cpu: number): Promise<number> {
  const folder = join(dir, `calibration-cpu${cpu}`);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'calibration.json');
  writeFileSync(
    file,
    `${JSON.stringify({ global: { calibration: `CPU${cpu}`, duration: 5 }, tasks: { [CALIBRATION_TASK]: { loop: 1, run: 1 } } }, null, 2)}\n`,
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawnChild(binary, [file], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
    const take = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8192);
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), CALIBRATION_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${binary} to calibrate rt-app on cpu ${cpu}: ${err.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const m = /pLoad = (\d+)\s*ns/.exec(output);
      if (m && Number(m[1]) > 0) resolve(Number(m[1]));
      else
        reject(
          new Error(
            `${binary} printed no "pLoad = N ns" calibrating on cpu ${cpu} (${signal ?? `exit code ${code}`}): ${output.trim().split('\n').slice(-2).join(' / ') || 'no output'}`,
          ),
        );
    });
  });
}

/**
 * Calibrates rt-app once on each cpu the runs' files calibrate on (their cpus as the board numbers
 * them) and gives each such file the ns per loop measured there.
 * @param calibrate - runs the calibration on a cpu: here, or on an agent's machine
 */
export async function calibrateRuns(
  runs: readonly RtappRun[],
  calibrate: (cpu: number) => Promise<number>,
): Promise<{ runs: RtappRun[]; notes: string[] }> {
  const cpuOf = (run: RtappRun) => {
    const c = readRtapp(run.text, run.file, { unsupported: run.options.unsupported ?? 'approximate' }).global
      .calibration;
    return 'cpu' in c ? c.cpu : null;
  };
  const cpus = [...new Set(runs.map(cpuOf).filter((c): c is number => c !== null))].sort((a, b) => a - b);
  const ns = new Map<number, number>();
  // One at a time: two calibrations at once would each see the other's load.
  for (const cpu of cpus) {
    try {
      ns.set(cpu, await calibrate(cpu));
    } catch (err) {
      // rt-app or the agent failed, not the user's input: the message alone, after the board is restored.
      throw new BoardFailure(`--rtapp-calibrate: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const notes = cpus.map(
    (cpu) =>
      `rt-app calibrated on cpu ${cpu} before the run: ${ns.get(cpu)} ns per loop, given to ${runs
        .filter((r) => cpuOf(r) === cpu)
        .map((r) => r.name)
        .join(', ')} as global.calibration`,
  );
  return {
    runs: runs.map((run) => {
      const cpu = cpuOf(run);
      return cpu === null ? run : { ...run, text: withCalibration(run.text, ns.get(cpu)!) };
    }),
    notes,
  };
}
