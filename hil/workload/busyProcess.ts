/**
 * A co-workload as a real process: a busy loop pinned to given cpus with taskset, holding each core
 * at a utilisation by running for u x 10 ms of every 10 ms. One process per core, so "two cores at
 * 100 %" is two spinning processes.
 */
import type { ChildProcess } from 'node:child_process';
import { signalGroup, spawnChild } from './childProcesses.js';

/**
 * The busy loop, run by `node -e`: spin for the duty, sleep for the rest of each 10 ms period, and
 * end once the parent is gone (a SIGKILLed parent runs no handler to stop it): its stdin, a pipe
 * from the parent, closes; and its parent changes (re-parented) or is a zombie.
 */
const LOOP = `
const duty = Number(process.argv[1]);
const parent = process.ppid;
const period = 10;
let ticks = 0;
// The parent holds the other end of stdin: it closes when the parent dies, however it dies.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
function orphaned() {
  if (process.ppid !== parent) return true;
  try { return require('fs').readFileSync('/proc/' + parent + '/stat', 'utf8').split(') ')[1][0] === 'Z'; } catch { return false; }
}
function tick() {
  if (++ticks % 25 === 0 && orphaned()) process.exit(0);
  const end = Date.now() + duty * period;
  while (Date.now() < end) {}
  setTimeout(tick, Math.max(0, period - duty * period));
}
tick();
`;

/** Busy processes started together. */
export interface BusyLoad {
  /** Stops every one of them. */
  stop(): void;
  /** Their process ids. */
  readonly pids: number[];
}

/**
 * Starts one busy process per cpu; without taskset (or cpus) the processes float.
 * @param utilisation busy share of each core, 0..1
 */
export function startBusyLoad(
  cpus: readonly number[],
  cores: number,
  utilisation: number,
  useTaskset: boolean,
): BusyLoad {
  const children: ChildProcess[] = [];
  for (let i = 0; i < cores; i++) {
    const cpu = cpus[i % Math.max(1, cpus.length)];
    const node = process.execPath;
    const args = ['-e', LOOP, String(Math.min(1, Math.max(0, utilisation)))];
    // Each in a process group of its own, killed with this process (childProcesses.ts).
    const child =
      useTaskset && cpu !== undefined
        ? spawnChild('taskset', ['-c', String(cpu), node, ...args], { stdio: ['pipe', 'ignore', 'ignore'] })
        : spawnChild(node, args, { stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', () => {});
    children.push(child);
  }
  return {
    pids: children.map((c) => c.pid ?? -1),
    stop: () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) signalGroup(c, 'SIGKILL');
    },
  };
}
