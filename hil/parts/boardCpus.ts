/** The cpus of a unit on a real board: those it has online, else the platform model's. */
import type { Platform } from '../../models/types.js';
import type { BoardAdapter } from '../types.js';

/** A unit's cpus on the board: those the adapter reports online, else the platform model's. */
export function boardCpusOf(adapter: BoardAdapter, platform: Platform, unit: string): readonly number[] {
  const caps = adapter.capabilities().units.find((u) => u.id === unit);
  const model = platform.units.find((u) => u.id === unit)?.cpus ?? [];
  return caps && caps.onlineCpus.length > 0 ? caps.onlineCpus : model;
}
