/**
 * The sysfs files twinrtm ever writes on a board: the one list, as data. The adapters write only
 * these (cpufreq.ts, gpuDevfreq.ts and ina231.ts take their file names from here), save() saves
 * only these, and a restore (`twinrtm hil restore`, the exit handlers, the agent's watchdog) writes
 * back nothing that does not match them, whatever a state file says.
 *
 * A pattern is a board path ('/sys/...') with placeholders:
 * - `{N}`: a whole number (a cpu or policy number);
 * - `{NAME}`: any one segment (a devfreq device name);
 * - `{I2C}`: an i2c device name, bus-00address ('3-0040');
 * - `{...}`: one or more segments (where the kernel puts a device in /sys/devices).
 * Paths are matched after every symlink is resolved (save() stores them so), because a restore
 * never writes through a symlink.
 */
import type { BoardProfile } from '../types.js';

/** A family of writable files: the directories they live in and their names. */
export interface WritableFamily {
  /** Directory patterns (see the file's comment). */
  readonly dirs: readonly string[];
  /** File names within those directories. */
  readonly files: readonly string[];
  /** What writes them, and why, for the README and error messages. */
  readonly why: string;
}

/** Every file family twinrtm writes. */
export const WRITABLE_FILES = {
  cpufreq: {
    dirs: ['/sys/devices/system/cpu/cpu{N}/cpufreq', '/sys/devices/system/cpu/cpufreq/policy{N}'],
    files: ['scaling_governor', 'scaling_setspeed', 'scaling_min_freq', 'scaling_max_freq'],
    why: "a cpu cluster's clock: the userspace governor and its setspeed (the limits are saved and restored, never changed)",
  },
  devfreq: {
    dirs: ['/sys/devices/{...}/devfreq/{NAME}', '/sys/class/devfreq/{NAME}'],
    files: ['min_freq', 'max_freq', 'governor'],
    why: "the Jetson Nano GPU's clock, pinned with min_freq = max_freq (the governor is saved, never changed)",
  },
  ina231: {
    dirs: ['/sys/bus/i2c/drivers/INA231/{I2C}', '/sys/devices/{...}/{I2C}'],
    files: ['enable'],
    why: "the Odroid-XU3's INA231 power sensors, enabled (Hardkernel's driver measures nothing until then)",
  },
} as const satisfies Record<string, WritableFamily>;

/** A family of writable files, by name (cpufreq, devfreq, ina231, ...). */
export type WritableFamilyName = keyof typeof WRITABLE_FILES;

/** The families each board profile may write. */
export const WRITABLE_BY_PROFILE: Readonly<Record<BoardProfile, readonly WritableFamilyName[]>> = {
  'odroid-xu3': ['cpufreq', 'ina231'],
  'jetson-nano': ['cpufreq', 'devfreq'],
  local: ['cpufreq'],
};

const PLACEHOLDERS: Record<string, string> = {
  '{N}': '\\d+',
  '{NAME}': '[^/]+',
  '{I2C}': '\\d+-00[0-9a-f]{2}',
  '{...}': '[^/]+(?:/[^/]+)*',
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A directory pattern and file names as one anchored regular expression. */
function familyPattern(family: WritableFamily): RegExp {
  const dirs = family.dirs.map((dir) =>
    dir
      .split(/(\{N\}|\{NAME\}|\{I2C\}|\{\.\.\.\})/)
      .map((part) => PLACEHOLDERS[part] ?? escapeRegExp(part))
      .join(''),
  );
  return new RegExp(`^(?:${dirs.join('|')})/(?:${family.files.map(escapeRegExp).join('|')})$`);
}

const PATTERNS = new Map<WritableFamilyName, RegExp>(
  (Object.keys(WRITABLE_FILES) as WritableFamilyName[]).map((name) => [name, familyPattern(WRITABLE_FILES[name])]),
);

/**
 * Whether a board profile's adapter would write this board path: it matches one of the profile's
 * families and has no '.', '..' or empty segment.
 */
export function isWritableFile(profile: BoardProfile, path: string): boolean {
  if (
    !path.startsWith('/sys/') ||
    path
      .split('/')
      .slice(1)
      .some((s) => s === '' || s === '.' || s === '..')
  )
    return false;
  return (WRITABLE_BY_PROFILE[profile] ?? []).some((family) => PATTERNS.get(family)!.test(path));
}
