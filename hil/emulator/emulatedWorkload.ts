/**
 * The emulated board's workload: a process speaking the workload protocol (hil/workload/protocol.ts)
 * on stdin and stdout, as the engine runner does, that runs each inference by asking the board
 * emulator over its unix socket; the emulator times it with the twin's physics under the conditions
 * of the moment and answers when it ends. So it needs none of the board's cpus.
 *
 * `node emulatedWorkload.js --root DIR --unit U --cores N [--dnn ID]`
 */
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { readEmulatorMarker } from './emulatorMarker.js';
import { watchParent } from '../workload/parentWatch.js';

// A parent killed with SIGKILL cannot stop this process: it ends itself (parentWatch.ts).
watchParent();

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function reply(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function fail(message: string): never {
  process.stderr.write(`emulated workload: ${message}\n`);
  process.exit(1);
}

const root = argument('root') ?? fail('--root DIR is needed: the emulated tree');
const unit = argument('unit') ?? fail('--unit is needed');
const cores = Number(argument('cores') ?? fail('--cores is needed'));
const dnn = argument('dnn');
const marker =
  readEmulatorMarker(root) ?? fail(`no emulator runs on ${root} (start one: twinrtm emulate BOARD --root ${root})`);
if (dnn !== undefined && dnn !== marker.dnn)
  fail(`the emulator on ${root} times ${marker.dnn}, not ${dnn} (restart it with --dnn ${dnn})`);

const socket = connect(marker.socket);
const waiting = new Map<number, true>();
let nextId = 0;
socket.on('error', (err) => fail(`cannot reach the emulator at ${marker.socket}: ${err.message}`));
socket.on('close', () => {
  // Every request still out gets an answer: the board is gone.
  for (const _ of waiting.keys()) reply({ error: 'the emulator stopped' });
  process.exit(waiting.size > 0 ? 1 : 0);
});
socket.once('connect', () => {
  reply({ ready: true, engine: 'emulated', board: marker.board, dnn: marker.dnn, unit, cores, root });
  createInterface({ input: socket }).on('line', (line) => {
    const answer = JSON.parse(line) as {
      id?: number;
      latencyMs?: number;
      error?: string;
      groupsRun?: number;
      confidence?: number;
    };
    if (typeof answer.id === 'number') waiting.delete(answer.id);
    const { id: _, ...rest } = answer;
    reply(answer.error !== undefined ? { error: answer.error } : rest);
  });
  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    if (line.trim() === '') return;
    let request: { groups?: unknown; sentAtMs?: unknown; confidenceThreshold?: unknown };
    try {
      request = JSON.parse(line) as typeof request;
    } catch {
      reply({ error: `not JSON: ${line.slice(0, 80)}` });
      return;
    }
    const id = nextId++;
    waiting.set(id, true);
    socket.write(
      `${JSON.stringify({ id, unit, cores, groups: request.groups, sentAtMs: request.sentAtMs, confidenceThreshold: request.confidenceThreshold })}\n`,
    );
  });
  input.on('close', () => socket.end());
});
