/**
 * The hil commands end to end on fake sysfs trees: the real engine runs (unpinned: the fake XU3 names
 * cpus this machine may not have), frequencies land in the fake cpufreq files, power comes from the
 * fake INA231 files, and the board is put back afterwards.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bytes, containerTree, removeTrees, snapshot, xu3Tree, XU3_POWER_W } from '../hil/board/fakeTrees.js';
import { expectOneLineRefusal, run, runJson } from './run.js';

afterAll(() => removeTrees());

// Each test has a fake tree of its own and asserts nothing about timing, and most of them wait on
// workload processes or the wall clock (hil run lasts its 5 s), so they run at once.

describe.concurrent('twinrtm hil sweep', () => {
  it('should measure the TypeScript engine on a container tree into the calibration CSV, layers too, which calibrate fits', async () => {
    const root = containerTree();
    const out = join(root, 'sweep.csv');
    const r = await run(
      'hil',
      'sweep',
      '--board',
      'local',
      '--sysfs-root',
      root,
      '--no-taskset',
      '--engine',
      'ts',
      '--groups',
      '1,2,3,4',
      '--cores',
      '1,2',
      '--repeat',
      '2',
      '--warmup',
      '1',
      '--out',
      out,
      '--state-file',
      join(root, 'state.json'),
    );
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('platform,unit,dnn,groups,cores,freqMHz,busyCores,temperatureC,layer,timeMs');
    // 8 configurations (calibrate needs at least 6 for its 5 time terms) x 2 repeats x (1 whole + 11 layers).
    expect(lines).toHaveLength(1 + 8 * 2 * 12);
    expect(lines[1]).toMatch(/^host,cpu,alexnet-cifar10-g4,1,1,2000,0,,,\d/);
    expect(existsSync(`${out}.partial`)).toBe(false);
    const cal = await runJson(
      'calibrate',
      out,
      '--platform',
      'host',
      '--out',
      join(root, 'host.json'),
      '--folds',
      '2',
      '--json',
    );
    // Every row is either validated or reported as an outlier.
    expect(cal.validation.time.n + cal.outliers.length).toBe(192);
  });

  it('should run ONNX Runtime by default, say so, and say why there are no per-layer rows', async () => {
    const root = containerTree();
    const out = join(root, 'sweep.csv');
    const r = await run(
      'hil',
      'sweep',
      '--board',
      'local',
      '--sysfs-root',
      root,
      '--no-taskset',
      '--groups',
      '2',
      '--cores',
      '1',
      '--repeat',
      '2',
      '--warmup',
      '1',
      '--out',
      out,
      '--state-file',
      join(root, 'state.json'),
    );
    expect(r.code).toBe(0);
    expect(r.err).toMatch(
      /the DNN runs in the built-in ONNX Runtime executor \(trained weights; the default engine: ONNX Runtime over the per-group files, on onnxruntime-node/,
    );
    expect(r.err).toContain('no per-layer rows: the workload reports no layer times');
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(1 + 2);
  });

  it('should refuse --engine beside --workload-cmd, and a negative --gap-ms, in one line', async () => {
    const root = containerTree();
    expectOneLineRefusal(
      await run(
        'hil',
        'sweep',
        '--board',
        'local',
        '--sysfs-root',
        root,
        '--engine',
        'onnx',
        '--workload-cmd',
        'node x.js',
        '--out',
        join(root, 'x.csv'),
        '--state-file',
        join(root, 'state.json'),
      ),
      '--engine and --workload-cmd both say what runs the DNN: give one of them',
    );
    expectOneLineRefusal(
      await run(
        'hil',
        'sweep',
        '--board',
        'local',
        '--sysfs-root',
        root,
        '--gap-ms',
        '-5',
        '--out',
        join(root, 'x.csv'),
        '--state-file',
        join(root, 'state.json'),
      ),
      '--gap-ms -5 must be 0..60000',
    );
  });

  it('should write frequencies to the fake XU3, read its INA231 power, and restore every file', async () => {
    const root = xu3Tree('vendor');
    const before = snapshot(root);
    const out = join(root, 'xu3.csv');
    const r = await run(
      'hil',
      'sweep',
      '--board',
      'odroid-xu3',
      '--sysfs-root',
      root,
      '--no-taskset',
      '--unit',
      'a15',
      '--cores',
      '1',
      '--groups',
      '1',
      '--freq',
      '1400',
      '--repeat',
      '1',
      '--warmup',
      '0',
      '--no-layers',
      '--out',
      out,
      '--state-file',
      join(root, 'state.json'),
    );
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'platform,unit,dnn,groups,cores,freqMHz,busyCores,temperatureC,layer,timeMs,power_VDD_ARM_W,power_VDD_MEM_W,power_VDD_G3D_W,power_VDD_KFC_W',
    );
    const cells = lines[1]!.split(',');
    expect(cells.slice(0, 6)).toEqual(['odroid-xu3', 'a15', 'alexnet-cifar10-g4', '1', '1', '1400']);
    expect(Number(cells[10])).toBeCloseTo(XU3_POWER_W.VDD_ARM, 6);
    // Every cpufreq file the sweep wrote is back as it was; scaling_setspeed reads <unsupported> under
    // any governor but userspace, and a real kernel brings that back with the governor.
    const after = snapshot(root);
    expect(after.get('/sys/devices/system/cpu/cpu4/cpufreq/scaling_governor')).toBe(
      before.get('/sys/devices/system/cpu/cpu4/cpufreq/scaling_governor'),
    );
    for (const [path, text] of before)
      if (path.includes('cpufreq') && !text.startsWith('<unsupported>')) expect(after.get(path)).toBe(text);
    expect(existsSync(join(root, 'state.json'))).toBe(false);
  });

  it('should refuse a frequency the board does not offer, writing nothing', async () => {
    const root = xu3Tree('vendor');
    const r = await run(
      'hil',
      'sweep',
      '--board',
      'odroid-xu3',
      '--sysfs-root',
      root,
      '--no-taskset',
      '--unit',
      'a15',
      '--freq',
      '1450',
      '--out',
      join(root, 'x.csv'),
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/1450 MHz is not available on a15 of this board \(valid: .*2000/);
    expect(bytes(root, '/sys/devices/system/cpu/cpu4/cpufreq/scaling_governor')).not.toBe('userspace\n');
  });
});

describe.concurrent('twinrtm hil run and compare', () => {
  it('should run host-corunner on the engine under rtm, trace it, and compare the twin with it', async () => {
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
      '--duration',
      '5',
      '--trace',
      trace,
      '--state-file',
      join(root, 's.json'),
      '--json',
    );
    expect(j.power).toBe('modelled');
    // The clock starts once the workload processes are warm, so start-up cannot eat the run: at 10
    // requests a second, 5 s leave room for inferences many times slower than this engine's ~0.1 s.
    expect(
      j.notes.some((n: string) =>
        /workload processes warm and sensors ready after [\d.]+ s, before the run's clock started/.test(n),
      ),
    ).toBe(true);
    const m = j.results[0].metrics;
    expect(m.inferences).toBeGreaterThan(0);
    expect(m.simulatedS).toBeGreaterThanOrEqual(5);
    const events = readFileSync(trace, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({
      kind: 'run',
      scenario: 'host-corunner',
      policy: 'rtm',
      board: { kind: 'real', profile: 'local', power: 'modelled' },
    });
    expect(events.at(-1).kind).toBe('end');
    // The trace and the metrics tell the same story: every finished inference and every drop is a line,
    // and no more were served or dropped than arrived (10 a second for 5 s).
    const inferences = events.filter((e) => e.kind === 'inference');
    const drops = events.filter((e) => e.kind === 'drop');
    expect([inferences.length, drops.length]).toEqual([m.inferences, m.dropped]);
    expect(inferences.length + drops.length).toBeLessThanOrEqual(50);
    for (const e of inferences) expect(e.endMs - e.startMs).toBeGreaterThan(0);
    // The trained weights ran real test images: every inference says whether its class was right.
    for (const e of inferences) expect(typeof e.correct).toBe('boolean');
    const measured = j.results[0].measuredTop1;
    expect(measured).toEqual({
      images: m.inferences,
      correct: inferences.filter((e) => e.correct).length,
      top1: expect.any(Number),
    });
    // The board was put back and its state file removed.
    expect(existsSync(join(root, 's.json'))).toBe(false);
    const c = await runJson('hil', 'compare', trace, '--json');
    expect(c.power).toBe('modelled');
    expect(c.latency.n).toBe(m.inferences);
    expect(c.powerAccuracy).toBeNull();
    expect(c.top1.measured).toEqual(measured);
    expect(c.top1.table).toBeGreaterThanOrEqual(0.9213);
    expect(c.top1.table).toBeLessThanOrEqual(0.9269 + 1e-9);
  });

  it('should stop in one line, with the board restored, when the workload dies before the run starts', async () => {
    const root = containerTree();
    const r = await run(
      'hil',
      'run',
      'host-corunner',
      '--board',
      'local',
      '--sysfs-root',
      root,
      '--no-taskset',
      '--duration',
      '2',
      '--workload-cmd',
      'false',
      '--state-file',
      join(root, 's.json'),
      '--json',
    );
    expectOneLineRefusal(r, /the workload for cpu x\d failed while warming up: workload exited \(code 1\)/);
    expect(existsSync(join(root, 's.json'))).toBe(false);
  });

  it('should refuse a scenario for another platform', async () => {
    const root = containerTree();
    const r = await run('hil', 'run', 'xu3-default', '--board', 'local', '--sysfs-root', root, '--duration', '1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/runs on 'odroid-xu3' but board local is 'host'/);
  });

  it("should refuse the agent's own options beside --agent, before connecting", async () => {
    expectOneLineRefusal(
      await run(
        'hil',
        'run',
        'host-corunner',
        '--agent',
        'http://127.0.0.1:9',
        '--token',
        't',
        '--engine',
        'ts',
        '--no-taskset',
      ),
      '--engine, --no-taskset: options of `twinrtm agent` on the board; with --agent they would be ignored',
    );
  });

  it('should refuse a run with neither a board nor an agent', async () => {
    const r = await run('hil', 'run', 'host-corunner');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/give --board PROFILE/);
  });
});

describe.concurrent('twinrtm hil restore', () => {
  it('should say clearly that there is no state file to restore from', async () => {
    const root = containerTree();
    const r = await run('hil', 'restore', '--state-file', join(root, 'none.json'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/none\.json/);
  });
});
