/**
 * A co-workload as a real process: a busy loop pinned to given cpus with taskset, holding each core
 * at a utilisation by running for u x 10 ms of every 10 ms. One process per core, so "two cores at
 * 100 %" is two spinning processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** The busy loop, run by `node -e`: spin for the duty, sleep for the rest of each 10 ms period. */
const LOOP = `
const duty = Number(process.argv[1]);
const period = 10;
function tick() {
  const end = Date.now() + duty * period;
  while (Date.now() < end) {}
  setTimeout(tick, Math.max(0, period - duty * period));
}
tick();
`;

export interface BusyLoad {
  stop(): void;
  readonly pids: number[];
}

/**
 * Starts one busy process per cpu; without taskset (or cpus) the processes float.
 * @param utilisation busy share of each core, 0..1
 */
export function startBusyLoad(cpus: readonly number[], cores: number, utilisation: number, useTaskset: boolean): BusyLoad {
  const children: ChildProcess[] = [];
  for (let i = 0; i < cores; i++) {
    const cpu = cpus[i % Math.max(1, cpus.length)];
    const node = process.execPath;
    const args = ['-e', LOOP, String(Math.min(1, Math.max(0, utilisation)))];
    const child = useTaskset && cpu !== undefined ? spawn('taskset', ['-c', String(cpu), node, ...args], { stdio: 'ignore' }) : spawn(node, args, { stdio: 'ignore' });
    child.on('error', () => {});
    children.push(child);
  }
  return {
    pids: children.map((c) => c.pid ?? -1),
    stop: () => {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    },
  };
}
