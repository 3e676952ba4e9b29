/**
 * hil compare and the run's inference runtime: the twin predicts with the time profile of the
 * runtime the trace's board names (or --runtime's), says which in its header and JSON, notes a
 * runtime the platform has no profile for, and reads older traces as before. The traces are the
 * twin's own runs (simulate), given a real board's run event, so the right profile agrees exactly.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { platformById } from '../../models/builtinPlatforms.js';
import { withRuntime } from '../../models/runtimes.js';
import type { Platform, RuntimeName } from '../../models/types.js';
import { createRtm } from '../../policies/rtm.js';
import { scenarioById } from '../../scenarios/builtinScenarios.js';
import { simulate } from '../../sim/simulate.js';
import type { TraceEvent } from '../../sim/traceEvents.js';
import { containerTree, removeTrees } from '../hil/board/fakeTrees.js';
import { expectOneLineRefusal, run, runJson } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-compare-runtime-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  removeTrees();
});

/** The host with an onnxruntime block beside its own ts-engine one: every layer kind 4x the compute rate. */
function hostWithOnnx(): Platform {
  const host = structuredClone(platformById('host'));
  const cpu = host.units[0]!;
  const perf = Object.fromEntries(
    Object.entries(cpu.perf).map(([kind, p]) => [
      kind,
      { ...p, workPerCycle: 4 * p.workPerCycle, prior: 'a test block: the ts-engine prior at 4x the compute rate' },
    ]),
  );
  cpu.runtimes = { onnxruntime: { perf: perf as typeof cpu.perf } };
  return host;
}

const hostFile = join(dir, 'host-onnx.json');
writeFileSync(hostFile, JSON.stringify(hostWithOnnx()));

/**
 * host-corunner under rtm in the twin on `platform`, 6 s, its run event a real board's with this
 * board record, written as a trace file.
 */
function traceFile(name: string, platform: Platform, board: Record<string, unknown> | null): string {
  const events: TraceEvent[] = [];
  simulate(scenarioById('host-corunner'), createRtm(), { platform, durationS: 6, trace: (e) => events.push(e) });
  const lines = events.map((e) => JSON.stringify(e.kind === 'run' && board !== null ? { ...e, board } : e));
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const real = (runtime?: RuntimeName | string) => ({
  kind: 'real',
  profile: 'local',
  power: 'modelled',
  ...(runtime !== undefined ? { runtime } : {}),
});

// The twin's run on the onnxruntime block, as a board running ONNX Runtime would leave it.
const onOnnx = traceFile('onnx.jsonl', withRuntime(hostWithOnnx(), 'onnxruntime'), real('onnxruntime'));

describe('hil compare with the run runtime', () => {
  it('should predict with the profile of the runtime the trace names, and name it in the JSON and header', async () => {
    const c = await runJson('hil', 'compare', onOnnx, '--platform-file', hostFile, '--json');
    expect(c.runtime).toBe('onnxruntime');
    expect(c.runRuntime).toBe('onnxruntime');
    expect(c.runtimeNote).toBeNull();
    // The twin against its own run on that profile: the same service times.
    expect(c.latency.n).toBeGreaterThan(0);
    expect(c.latency.mape).toBeLessThan(0.01);
    const text = await run('hil', 'compare', onOnnx, '--platform-file', hostFile);
    expect(text.code).toBe(0);
    expect(text.out.split('\n')[0]).toBe(
      "host-corunner under rtm on host: twin against the run (power modelled; runtime onnxruntime, the run's)",
    );
  });

  it("should let --runtime override the trace, and the own profile then miss by the blocks' ratio", async () => {
    const c = await runJson('hil', 'compare', onOnnx, '--platform-file', hostFile, '--runtime', 'ts-engine', '--json');
    expect(c.runtime).toBe('ts-engine');
    expect(c.runRuntime).toBe('onnxruntime');
    // ts-engine's compute rate is a quarter of the run's, so every prediction is longer than it ran.
    expect(c.latency.mape).toBeGreaterThan(10);
    for (const w of c.windows) if (w.inferences > 0) expect(w.predictedLatencyMs).toBeGreaterThan(w.measuredLatencyMs);
    const text = await run('hil', 'compare', onOnnx, '--platform-file', hostFile, '--runtime', 'ts-engine');
    expect(text.out).toContain("(power modelled; runtime ts-engine (--runtime; the run's: onnxruntime))");
  });

  it('should refuse in one line a --runtime the platform has no profile for, and an unknown one', async () => {
    expectOneLineRefusal(
      await run('hil', 'compare', onOnnx, '--platform-file', hostFile, '--runtime', 'ncnn'),
      'runtime ncnn: no unit of host has a time profile for it (profiles: ts-engine, onnxruntime)',
    );
    expectOneLineRefusal(
      await run('hil', 'compare', onOnnx, '--runtime', 'tvm'),
      "unknown runtime 'tvm' (valid: ts-engine, onnxruntime, pytorch, ncnn, tensorrt)",
    );
  });

  it('should refuse --runtime when a unit the run used has no profile for it', async () => {
    // The XU3's A7 has an ncnn block, its A15 none; xu3-default starts on the A15.
    expect(scenarioById('xu3-default').initialConfig.unit).toBe('a15');
    const events: TraceEvent[] = [];
    simulate(scenarioById('xu3-default'), createRtm(), { durationS: 2, trace: (e) => events.push(e) });
    const path = join(dir, 'xu3.jsonl');
    writeFileSync(path, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
    expectOneLineRefusal(
      await run('hil', 'compare', path, '--runtime', 'ncnn'),
      '--runtime ncnn: unit a15 of odroid-xu3, which the run used, has no time profile for it (its profiles: onnxruntime)',
    );
  });

  it("should compare with each unit's own profile, and say so, when the platform lacks the run's runtime", async () => {
    // The built-in host has only ts-engine priors; the run says it ran ONNX Runtime (hil run's default).
    const lacking = await runJson('hil', 'compare', onOnnx, '--json');
    const own = await runJson('hil', 'compare', onOnnx, '--runtime', 'ts-engine', '--json');
    expect(lacking.runtime).toBeNull();
    expect(lacking.runRuntime).toBe('onnxruntime');
    expect(lacking.runtimeNote).toBe(
      "the run's runtime is onnxruntime, and host has no onnxruntime time profile for cpu (profiles: ts-engine): the twin times the DNN with each unit's own profile, priors for another runtime; give --runtime NAME, or calibrate one (twinrtm hil sweep, then twinrtm calibrate --runtime onnxruntime) and pass --platform-file",
    );
    // The own profile is ts-engine's: the same predictions as asking for it.
    expect(lacking.latency).toEqual(own.latency);
    expect(lacking.windows).toEqual(own.windows);
    const text = await run('hil', 'compare', onOnnx);
    expect(text.code).toBe(0);
    const lines = text.out.split('\n');
    expect(lines[0]).toBe(
      "host-corunner under rtm on host: twin against the run (power modelled; each unit's own time profile: the platform has none for the run's onnxruntime)",
    );
    expect(lines[1]).toBe(`note: ${lacking.runtimeNote}`);
  });

  it('should read a trace without a runtime as before: own profiles, no runtime in the header', async () => {
    for (const [name, board] of [
      ['twin.jsonl', null],
      ['real.jsonl', real()],
    ] as const) {
      const path = traceFile(name, hostWithOnnx(), board);
      const c = await runJson('hil', 'compare', path, '--platform-file', hostFile, '--json');
      expect([c.runtime, c.runRuntime, c.runtimeNote]).toEqual([null, null, null]);
      // The trace ran on the own (ts-engine) block, which the twin uses: exact again.
      expect(c.latency.mape).toBeLessThan(0.01);
      const text = await run('hil', 'compare', path, '--platform-file', hostFile);
      expect(text.out.split('\n')[0]).toBe(
        `host-corunner under rtm on host: twin against the run (power ${board === null ? 'twin' : 'modelled'})`,
      );
      expect(text.out).not.toContain('runtime');
    }
  });

  it("should refuse a trace whose board.runtime is not a runtime's name, naming the line", async () => {
    const path = traceFile('bad.jsonl', platformById('host'), real('tvm'));
    expectOneLineRefusal(
      await run('hil', 'compare', path),
      `${path}:1: the run event's board.runtime is string "tvm"; expected one of ts-engine, onnxruntime, pytorch, ncnn, tensorrt`,
    );
  });
});

describe.concurrent('hil run names the runtime in the trace', () => {
  it("should write the built-in engine's runtime into the board record, which hil compare then uses", async () => {
    const root = containerTree();
    const trace = join(root, 'run.jsonl');
    const j = await runJson(
      'hil',
      'run',
      'host-corunner',
      '--board',
      'local',
      '--sysfs-root',
      root,
      '--no-taskset',
      '--engine',
      'ts',
      '--weights',
      'random',
      '--duration',
      '2',
      '--trace',
      trace,
      '--state-file',
      join(root, 's.json'),
      '--json',
    );
    // The host's own profile is ts-engine's: nothing to note.
    expect(j.notes.some((n: string) => /time profile/.test(n))).toBe(false);
    const first = JSON.parse(readFileSync(trace, 'utf8').split('\n')[0]!);
    expect(first.board).toMatchObject({ kind: 'real', profile: 'local', runtime: 'ts-engine' });
    const c = await runJson('hil', 'compare', trace, '--json');
    expect([c.runtime, c.runRuntime, c.runtimeNote]).toEqual(['ts-engine', 'ts-engine', null]);
  });

  it('should refuse an unknown --runtime, and one the built-in engine does not run, in one line', async () => {
    const root = containerTree();
    const base = ['hil', 'run', 'host-corunner', '--board', 'local', '--sysfs-root', root, '--no-taskset'];
    expectOneLineRefusal(
      await run(...base, '--runtime', 'tvm'),
      "unknown runtime 'tvm' (valid: ts-engine, onnxruntime, pytorch, ncnn, tensorrt)",
    );
    expectOneLineRefusal(
      await run(...base, '--engine', 'ts', '--runtime', 'onnxruntime', '--state-file', join(root, 's.json')),
      "--runtime onnxruntime: the built-in ts engine runs ts-engine; --runtime names the runtime of a --workload-cmd or of the emulator's workload",
    );
  });
});
