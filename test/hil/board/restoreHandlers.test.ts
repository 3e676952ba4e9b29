import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBoardAdapter } from '../../../hil/board/adapter.js';
import { installRestoreHandlers, writeStateFile } from '../../../hil/board/safety.js';
import type { BoardAdapter, SavedState } from '../../../hil/types.js';
import { fakeKernel } from './fakeKernel.js';
import { bytes, makeRoot, removeTrees, xu3Tree } from './fakeTrees.js';

afterEach(removeTrees);

const GOVERNOR = '/sys/devices/system/cpu/cpufreq/policy4/scaling_governor';

/** A process stand-in: real events, an exit that records its code instead of ending the tests. */
class FakeProcess extends EventEmitter {
  readonly exits: (number | undefined)[] = [];
  exit(code?: number): void {
    this.exits.push(code);
  }
}

interface Rig {
  root: string;
  board: BoardAdapter;
  state: SavedState;
  statePath: string;
  proc: FakeProcess;
  logs: string[];
  uninstall: () => void;
}

/** A run in progress: state saved to its file, handlers installed, the A15 moved to 1800 MHz. */
function runInProgress(): Rig {
  const root = xu3Tree('vendor');
  const board = createBoardAdapter('odroid-xu3', fakeKernel(root), { isRoot: true });
  const state = board.save();
  const statePath = join(makeRoot(), 'state.json');
  writeStateFile(statePath, state);
  const proc = new FakeProcess();
  const logs: string[] = [];
  const uninstall = installRestoreHandlers(board, state, statePath, { process: proc, log: (line) => logs.push(line) });
  board.setFrequencyMHz('a15', 1800);
  return { root, board, state, statePath, proc, logs, uninstall };
}

describe('restore handlers', () => {
  it('should restore the board on SIGTERM, remove the state file and exit with 143', () => {
    // Arrange
    const rig = runInProgress();
    expect(bytes(rig.root, GOVERNOR)).toBe('userspace\n');
    // Act
    rig.proc.emit('SIGTERM', 'SIGTERM');
    // Assert
    expect(bytes(rig.root, GOVERNOR)).toBe('ondemand\n');
    expect(existsSync(rig.statePath)).toBe(false);
    expect(rig.proc.exits).toEqual([143]);
    expect(rig.proc.listenerCount('SIGTERM')).toBe(0);
    expect(rig.proc.listenerCount('exit')).toBe(0);
  });

  it('should restore on SIGINT and exit with 130', () => {
    const rig = runInProgress();
    rig.proc.emit('SIGINT', 'SIGINT');
    expect(bytes(rig.root, GOVERNOR)).toBe('ondemand\n');
    expect(rig.proc.exits).toEqual([130]);
  });

  it('should restore on an uncaught error, print it and exit with 1', () => {
    const rig = runInProgress();
    rig.proc.emit('uncaughtException', new Error('boom'));
    expect(bytes(rig.root, GOVERNOR)).toBe('ondemand\n');
    expect(rig.proc.exits).toEqual([1]);
    expect(rig.logs.join('\n')).toMatch(/uncaught error, restoring the board: Error: boom/);
  });

  it('should restore on a plain process exit', () => {
    const rig = runInProgress();
    rig.proc.emit('exit', 0);
    expect(bytes(rig.root, GOVERNOR)).toBe('ondemand\n');
    expect(existsSync(rig.statePath)).toBe(false);
  });

  it('should keep the state file when the restore fails, for hil restore', () => {
    const rig = runInProgress();
    const broken = { ...rig.state, profile: 'jetson-nano' as const };
    rig.uninstall();
    installRestoreHandlers(rig.board, broken, rig.statePath, { process: rig.proc, log: (line) => rig.logs.push(line) });
    rig.proc.emit('SIGTERM', 'SIGTERM');
    expect(existsSync(rig.statePath)).toBe(true);
    expect(rig.logs.at(-1)).toMatch(/run 'twinrtm hil restore'/);
    expect(rig.proc.exits).toEqual([143]);
  });

  it('should do nothing on signals once uninstalled', () => {
    const rig = runInProgress();
    rig.uninstall();
    for (const event of ['SIGINT', 'SIGTERM', 'exit', 'uncaughtException'])
      expect(rig.proc.listenerCount(event)).toBe(0);
    expect(bytes(rig.root, GOVERNOR)).toBe('userspace\n');
  });
});
