/**
 * The entry to hil/board: a board adapter for a profile, over a sysfs root. `--sysfs-root DIR` in
 * the CLI maps to createSysfsRoot(DIR), so every adapter runs on a fake tree as well as on a board.
 */
import { unknownName } from '../../dnn/inputError.js';
import type { BoardProfile, SysfsRoot } from '../types.js';
import type { AdapterOptions } from './adapterOptions.js';
import { createJetsonNanoAdapter } from './jetsonNano.js';
import { createLocalAdapter } from './local.js';
import { createOdroidXu3Adapter } from './odroidXu3.js';
import type { SysfsBoardAdapter } from './sysfsBoardAdapter.js';
import { createSysfsRoot } from './sysfsRoot.js';

/** Every board profile. */
export const BOARD_PROFILES: readonly BoardProfile[] = ['odroid-xu3', 'jetson-nano', 'local'];

/**
 * Checks a profile name from the user.
 * @throws InputError listing the valid profiles
 */
export function parseBoardProfile(name: string): BoardProfile {
  if ((BOARD_PROFILES as readonly string[]).includes(name)) return name as BoardProfile;
  throw unknownName('board profile', name, BOARD_PROFILES);
}

/**
 * Creates the adapter of a profile. It only reads at creation; nothing is written until
 * setFrequencyMHz, ready() or the first telemetry() (both enable the XU3's INA231 sensors), so
 * call save() first, then await ready() before the run's clock starts.
 * @param profile odroid-xu3, jetson-nano or local (any Linux machine)
 * @param sysfs the root its files are under (default: the real "/")
 * @param options the clock, sleep and settle time (tests inject a fake clock)
 */
export function createBoardAdapter(
  profile: BoardProfile,
  sysfs: SysfsRoot = createSysfsRoot('/'),
  options: AdapterOptions = {},
): SysfsBoardAdapter {
  switch (profile) {
    case 'odroid-xu3':
      return createOdroidXu3Adapter(sysfs, options);
    case 'jetson-nano':
      return createJetsonNanoAdapter(sysfs, options);
    case 'local':
      return createLocalAdapter(sysfs, options);
    default:
      throw unknownName('board profile', String(profile), BOARD_PROFILES);
  }
}
