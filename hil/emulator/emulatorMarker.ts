/**
 * The marker an emulator leaves at the top of its tree while it runs: what it emulates and how to
 * reach it. `hil` commands that find it use the emulated workload and emulated co-workloads, and
 * say so; a marker whose process is gone is a tree left behind, not a live board.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatedBoardId } from './boardLayout.js';
import { processAlive } from '../processAlive.js';

/** The marker's board path. */
export const MARKER_FILE = '/.twinrtm-emulator.json';
/** Where hil tells the emulator which co-workloads run (board path). */
export const COWORKLOADS_FILE = '/.twinrtm-emulator/coworkloads.json';

/** The JSON of the marker file ({@link readEmulatorMarker} reads it). */
export interface EmulatorMarker {
  /** Marks the file as an emulator's marker. */
  format: 'twinrtm-emulator';
  /** The marker's format version. */
  version: 1;
  /** The board it emulates. */
  board: EmulatedBoardId;
  /** The platform model the emulator's physics runs. */
  platform: string;
  /** The DNN its inferences are timed for. */
  dnn: string;
  /** The emulator's process id (a marker whose process is gone is a tree left behind). */
  pid: number;
  /** The unix socket the emulated workload connects to (absolute path). */
  socket: string;
  /** When it started, as an ISO 8601 date and time. */
  startedAt: string;
  /** The physics' ambient temperature, °C. */
  ambientC: number;
}

/** The live emulator's marker under root, or null (none, unreadable, or its process has ended). */
export function readEmulatorMarker(root: string): EmulatorMarker | null {
  const path = join(root, MARKER_FILE);
  if (!existsSync(path)) return null;
  let marker: EmulatorMarker;
  try {
    marker = JSON.parse(readFileSync(path, 'utf8')) as EmulatorMarker;
  } catch {
    return null;
  }
  if (marker.format !== 'twinrtm-emulator' || typeof marker.pid !== 'number') return null;
  return processAlive(marker.pid) ? marker : null;
}

/** Writes a file by a temporary file and a rename, so a reader never sees half of it. */
export function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
