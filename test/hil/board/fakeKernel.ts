/**
 * A SysfsRoot over a fake tree that answers writes the way the kernel would, and records them:
 * - scaling_governor accepts only a listed governor; leaving userspace makes scaling_setspeed read
 *   "<unsupported>", entering it sets setspeed to the current clock (cpufreq_userspace.c start);
 * - scaling_setspeed refuses anything but a number, and any write when the governor is not
 *   userspace (EINVAL), and moves the clock within [scaling_min_freq, scaling_max_freq]; setspeed
 *   then reads that clock, as show_speed prints policy->cur;
 * - devfreq min_freq above max_freq, or max_freq below min_freq, is refused (EINVAL, L4T 4.9), and
 *   cur_freq follows the limits.
 * Kernel-side effects go straight to the files and are not recorded: the log holds only what the
 * code under test wrote.
 */
import { posix } from 'node:path';
import type { SysfsRoot } from '../../../hil/types.js';
import { createSysfsRoot } from '../../../hil/board/sysfsRoot.js';

export interface Write {
  path: string;
  value: string;
}

export interface FakeKernel extends SysfsRoot {
  readonly writes: Write[];
  /** Files whose reads fail (as EACCES would), by exact board path. */
  readonly unreadable: Set<string>;
}

function einval(path: string, value: string, why: string): Error {
  return new Error(`cannot write '${value}' to ${path} (EINVAL: ${why})`);
}

export function fakeKernel(root: string): FakeKernel {
  const fs = createSysfsRoot(root);
  const writes: Write[] = [];
  const unreadable = new Set<string>();
  const num = (path: string) => Number(fs.read(path));

  function write(path: string, value: string): void {
    const dir = posix.dirname(path);
    const name = posix.basename(path);
    const v = value.trim();
    if (name === 'scaling_governor') {
      const governors = (fs.read(`${dir}/scaling_available_governors`) ?? '').split(/\s+/);
      if (!governors.includes(v)) throw einval(path, value, 'no such governor');
      fs.write(path, v);
      fs.write(
        `${dir}/scaling_setspeed`,
        v === 'userspace' ? (fs.read(`${dir}/scaling_cur_freq`) ?? '0') : '<unsupported>',
      );
    } else if (name === 'scaling_setspeed') {
      if (fs.read(`${dir}/scaling_governor`) !== 'userspace') throw einval(path, value, 'governor is not userspace');
      if (!/^\d+$/.test(v)) throw einval(path, value, 'not a number');
      // cpufreq_userspace.c show_speed prints policy->cur: the clamped clock, not the request.
      const cur = Math.min(Math.max(Number(v), num(`${dir}/scaling_min_freq`)), num(`${dir}/scaling_max_freq`));
      fs.write(path, String(cur));
      fs.write(`${dir}/scaling_cur_freq`, String(cur));
      fs.write(`${dir}/cpuinfo_cur_freq`, String(cur));
    } else if (name === 'min_freq' || name === 'max_freq') {
      if (!/^\d+$/.test(v)) throw einval(path, value, 'not a number');
      const min = name === 'min_freq' ? Number(v) : num(`${dir}/min_freq`);
      const max = name === 'max_freq' ? Number(v) : num(`${dir}/max_freq`);
      if (min > max) throw einval(path, value, `min ${min} > max ${max}`);
      fs.write(path, v);
      const cur = Math.min(Math.max(num(`${dir}/cur_freq`), min), max);
      fs.write(`${dir}/cur_freq`, String(cur));
    } else {
      fs.write(path, value);
    }
    writes.push({ path, value });
  }

  return {
    ...fs,
    writes,
    unreadable,
    read: (path) => (unreadable.has(path) ? null : fs.read(path)),
    write,
  };
}
