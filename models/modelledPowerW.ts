/**
 * Power where a board has no sensor: the twin's prediction for what the board did over a
 * window, the DNN busy for a share of it and idle for the rest. Reported as modelled, never measured.
 */
import type { Dnn } from '../dnn/types.js';
import { idlePowerByComponentW } from './idlePower.js';
import { evaluate } from './predict.js';
import type { Configuration, Contention, Platform } from './types.js';

/**
 * The twin's power for a window in which the DNN was busy for busyShare of the time: the running
 * configuration's predicted power for that share, idle power for the rest.
 *
 * @returns the board's power and each rail's, W
 */
export function modelledPowerW(
  platform: Platform,
  dnn: Dnn,
  config: Configuration,
  contention: Contention,
  busyShare: number,
): { board: number; rails: Record<string, number> } {
  const busy = evaluate(platform, dnn, config, { contention }, true);
  const idle = idlePowerByComponentW(platform, config.freqMHz, contention);
  const ids = [...platform.units.map((u) => u.id), ...platform.others.map((o) => o.id)];
  const component = (c: number) => busyShare * busy.powerByComponentW![ids[c]!]! + (1 - busyShare) * idle[c]!;
  const rails: Record<string, number> = {};
  for (const r of platform.rails) rails[r.name] = r.components.reduce((s, id) => s + component(ids.indexOf(id)), 0);
  return { board: ids.reduce((s, _, c) => s + component(c), 0), rails };
}
