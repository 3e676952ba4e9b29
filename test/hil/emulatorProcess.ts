/**
 * An emulator in a process of its own, for tests that run hil against it as a user would (the
 * emulator and the controller on one event loop would time each other): `node --import tsx
 * emulatorProcess.ts BOARD ROOT` prints "ready" and runs until SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../../hil/emulator/emulator.js';
import type { EmulatedBoardId } from '../../hil/emulator/boardLayout.js';

/** Starts the emulator process and resolves once it is ready; stop() ends it (and may be called again). */
export function emulatorProcess(
  board: EmulatedBoardId,
  root: string,
): Promise<{ child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), fileURLToPath(import.meta.url), board, root],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready'))
        resolve({
          child,
          // Idempotent: a second stop() of an emulator that has exited resolves at once.
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
    });
    child.once('exit', (code) => reject(new Error(`the emulator process exited (${code}) before it was ready`)));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [board, root] = process.argv.slice(2) as [EmulatedBoardId, string];
  const emulator = await startEmulator({ board, root });
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => void emulator.stop().then(() => process.exit(0)));
}
