/**
 * hil run on a board of this machine starts the real rt-app for a scenario's rt-app co-workloads, over
 * their windows, instead of busy loops for the twin's stretches of them. A stand-in rt-app (a Node
 * script, run by this Node through its #! line, that records its file and its stop) keeps the test
 * independent of Debian's package and of any other program.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { containerTree, removeTrees } from '../hil/board/fakeTrees.js';
import { expectOneLineRefusal, run, runJson } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-hil-rtapp-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  removeTrees();
});
const echo = fileURLToPath(new URL('../hil/fixtures/echoWorkload.mjs', import.meta.url));
const host = JSON.parse(readFileSync(fileURLToPath(new URL('../../scenarios/host-corunner.json', import.meta.url)), 'utf8'));

/** A host scenario of 2 s whose co-workload is an rt-app file: one thread, 2 ms of work every 10 ms. */
function scenarioFile(): string {
  writeFileSync(join(dir, 'tick.json'), JSON.stringify({ tasks: { tick: { loop: -1, run: 2000, timer: { ref: 't', period: 10000 } } }, global: { duration: -1, calibration: 'CPU0' } }));
  const path = join(dir, 'host-rtapp.json');
  const { $schema: _, ...rest } = host;
  writeFileSync(path, JSON.stringify({ ...rest, id: 'host-rtapp', durationS: 2, coworkloads: [{ name: 'tick', startS: 0.3, endS: 1.2, rtapp: 'tick.json' }] }));
  return path;
}

/** A stand-in rt-app: says which file it got, and that it was stopped by SIGINT (as rt-app is by hand). */
function fakeRtapp(): string {
  const path = join(dir, 'fake-rt-app');
  const script = [
    `#!${process.execPath}`,
    "const { appendFileSync } = require('node:fs');",
    "appendFileSync('marker', `started ${process.argv[2]}\\n`);",
    "process.on('SIGINT', () => { appendFileSync('marker', 'stopped\\n'); process.exit(0); });",
    'setInterval(() => {}, 50);',
  ].join('\n');
  writeFileSync(path, script + '\n');
  chmodSync(path, 0o755);
  return path;
}

describe('hil run with an rt-app co-workload', () => {
  it("runs rt-app over the co-workload's window with the scenario's file, and no busy loop for its stretches", async () => {
    const scenario = scenarioFile();
    const tree = containerTree();
    const trace = join(dir, 'run.jsonl');
    const j = await runJson('hil', 'run', scenario, '--board', 'local', '--sysfs-root', tree, '--no-taskset', '--workload-cmd', `${process.execPath} ${echo}`, '--rtapp-binary', fakeRtapp(), '--trace', trace, '--state-file', join(tree, 's.json'), '--json');
    const logs = `${trace}.rtapp`;
    expect(readFileSync(join(logs, 'marker'), 'utf8')).toBe(`started ${join(logs, 'tick.json')}\nstopped\n`);
    expect(JSON.parse(readFileSync(join(logs, 'tick.json'), 'utf8'))).toMatchObject({ tasks: { tick: { run: 2000 } } });
    expect(j.notes.join('\n')).toMatch(/rt-app workload tick started at 0\.\d\d s/);
    // The twin's stretches of the workload were not run as busy loops: no co-workload event for them.
    const events = readFileSync(trace, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(events.filter((e) => e.kind === 'coworkload')).toEqual([]);
    expect(existsSync(join(tree, 's.json'))).toBe(false);
  }, 60_000);

  it('refuses, before the board is touched, a scenario with rt-app workloads where rt-app is not a program', async () => {
    const tree = containerTree();
    const r = await run('hil', 'run', scenarioFile(), '--board', 'local', '--sysfs-root', tree, '--no-taskset', '--workload-cmd', `${process.execPath} ${echo}`, '--rtapp-binary', join(dir, 'no-such-rt-app'), '--state-file', join(tree, 's.json'));
    expectOneLineRefusal(r, 'runs rt-app workloads (tick)', 'apt-get install rt-app');
    expect(existsSync(join(tree, 's.json'))).toBe(false);
  });
});
