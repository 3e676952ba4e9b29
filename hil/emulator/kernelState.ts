/**
 * What the emulated board's kernel holds from the files a controller writes: each cpufreq policy's
 * governor, setspeed and limits, which cpus are online, the GPU's devfreq limits and whether each
 * INA231 is enabled; and the rule by which each write is taken or refused, as the kernel's store
 * functions take or refuse it (cpufreq.c store_scaling_governor/min/max, cpufreq_userspace.c
 * store_speed, devfreq.c min_freq/max_freq, the cpu online attribute, Hardkernel's INA231 enable).
 */
import type { BoardLayout, DevfreqLayout, PolicyLayout } from './boardLayout.js';
import { CPU_DIR } from './boardLayout.js';

interface PolicyState {
  governor: string;
  /** The userspace governor's request, kHz (null: none yet). */
  setspeedKHz: number | null;
  minKHz: number;
  maxKHz: number;
}

/** The verdict on one write: taken (the state changed or not), or refused (the file goes back). */
export type WriteVerdict = 'taken' | 'refused';

/** The emulated kernel's state and its rules for each write (see the file's comment). */
export class KernelState {
  private readonly policies = new Map<string, PolicyState>();
  private readonly online = new Map<number, boolean>();
  private gpu: { minHz: number; maxHz: number } | null = null;
  private readonly enabled = new Map<string, boolean>();

  constructor(
    private readonly layout: BoardLayout,
    files: Record<string, string>,
  ) {
    for (const p of layout.policies) {
      this.policies.set(p.dir, {
        governor: files[`${p.dir}/scaling_governor`] ?? 'performance',
        setspeedKHz: null,
        minKHz: Number(files[`${p.dir}/scaling_min_freq`]),
        maxKHz: Number(files[`${p.dir}/scaling_max_freq`]),
      });
    }
    for (const cpu of layout.cpus) this.online.set(cpu, true);
    if (layout.devfreq)
      this.gpu = {
        minHz: Number(files[`${layout.devfreq.dir}/min_freq`]),
        maxHz: Number(files[`${layout.devfreq.dir}/max_freq`]),
      };
    if (layout.sensors.kind === 'ina231')
      for (const r of layout.sensors.rails) this.enabled.set(r.dir, files[`${r.dir}/enable`] === '1');
  }

  /** Every file a controller may write, board paths. */
  writableFiles(): string[] {
    const files: string[] = [];
    for (const p of this.layout.policies)
      for (const name of ['scaling_governor', 'scaling_setspeed', 'scaling_min_freq', 'scaling_max_freq'])
        files.push(`${p.dir}/${name}`);
    for (const cpu of this.layout.hotplugCpus) files.push(`${CPU_DIR}/cpu${cpu}/online`);
    if (this.layout.devfreq)
      for (const name of ['min_freq', 'max_freq']) files.push(`${this.layout.devfreq.dir}/${name}`);
    if (this.layout.sensors.kind === 'ina231') for (const r of this.layout.sensors.rails) files.push(`${r.dir}/enable`);
    return files;
  }

  /**
   * A controller wrote `text` to `path`: takes it into the state, or refuses it as the kernel would
   * (the caller then puts the file back).
   */
  write(path: string, text: string): WriteVerdict {
    const value = text.trim();
    const slash = path.lastIndexOf('/');
    const dir = path.slice(0, slash);
    const name = path.slice(slash + 1);
    const policy = this.policies.get(dir);
    const layout = this.layout.policies.find((p) => p.dir === dir);
    if (policy && layout) return this.writePolicy(policy, layout, name, value);
    if (this.layout.devfreq && dir === this.layout.devfreq.dir)
      return this.writeDevfreq(this.layout.devfreq, name, value);
    const online = /\/cpu(\d+)\/online$/.exec(path);
    if (online) {
      if (value !== '0' && value !== '1') return 'refused';
      this.online.set(Number(online[1]), value === '1');
      return 'taken';
    }
    if (name === 'enable' && this.enabled.has(dir)) {
      if (value !== '0' && value !== '1') return 'refused';
      this.enabled.set(dir, value === '1');
      return 'taken';
    }
    return 'refused';
  }

  private writePolicy(policy: PolicyState, layout: PolicyLayout, name: string, value: string): WriteVerdict {
    const kHz = /^\d+$/.test(value) ? Number(value) : null;
    const lowest = layout.availableKHz[0]!;
    const highest = layout.availableKHz.at(-1)!;
    switch (name) {
      case 'scaling_governor':
        // store_scaling_governor: only a governor the kernel has.
        if (!this.layout.governors.includes(value)) return 'refused';
        policy.governor = value;
        if (value !== 'userspace') policy.setspeedKHz = null;
        return 'taken';
      case 'scaling_setspeed':
        // cpufreq_userspace.c: the file exists only under userspace; anything else is -EINVAL.
        if (policy.governor !== 'userspace' || kHz === null) return 'refused';
        policy.setspeedKHz = kHz;
        return 'taken';
      case 'scaling_min_freq':
      case 'scaling_max_freq': {
        if (kHz === null) return 'refused';
        // Limits are clamped into the hardware's range, and the two never cross.
        const clamped = Math.min(highest, Math.max(lowest, kHz));
        if (name === 'scaling_min_freq') policy.minKHz = Math.min(clamped, policy.maxKHz);
        else policy.maxKHz = Math.max(clamped, policy.minKHz);
        return 'taken';
      }
      default:
        return 'refused';
    }
  }

  private writeDevfreq(devfreq: DevfreqLayout, name: string, value: string): WriteVerdict {
    if (!/^\d+$/.test(value) || this.gpu === null) return 'refused';
    const hz = Math.min(devfreq.availableHz.at(-1)!, Math.max(devfreq.availableHz[0]!, Number(value)));
    if (name === 'min_freq') this.gpu.minHz = hz;
    else if (name === 'max_freq') this.gpu.maxHz = hz;
    else return 'refused';
    return 'taken';
  }

  /**
   * The clock each unit runs at (before thermal caps), MHz. Under userspace, the requested speed
   * resolved to the lowest table entry at or above it (CPUFREQ_RELATION_L), within the limits; under
   * powersave the lower limit; under any other governor the upper one (the emulator does not run the
   * kernel's load-following governors: it holds their clock at the top, as `performance` does). The
   * GPU runs at its upper devfreq limit, resolved down to an available frequency.
   */
  clocksMHz(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const layout of this.layout.policies) {
      const p = this.policies.get(layout.dir)!;
      let target =
        p.governor === 'powersave'
          ? p.minKHz
          : p.governor === 'userspace' && p.setspeedKHz !== null
            ? p.setspeedKHz
            : p.maxKHz;
      target = Math.min(p.maxKHz, Math.max(p.minKHz, target));
      const entry = layout.availableKHz.find((k) => k >= target) ?? layout.availableKHz.at(-1)!;
      out[layout.unit] = entry / 1000;
    }
    if (this.layout.devfreq && this.gpu) {
      const limit = Math.max(this.gpu.minHz, this.gpu.maxHz);
      const entry =
        [...this.layout.devfreq.availableHz].reverse().find((h) => h <= limit) ?? this.layout.devfreq.availableHz[0]!;
      out[this.layout.devfreq.unit] = entry / 1e6;
    }
    return out;
  }

  /** The policy's governor (for what scaling_setspeed shows). */
  governorOf(dir: string): string | null {
    return this.policies.get(dir)?.governor ?? null;
  }

  isOnline(cpu: number): boolean {
    return this.online.get(cpu) ?? true;
  }

  /** Whether an INA231 has been enabled. */
  isEnabled(dir: string): boolean {
    return this.enabled.get(dir) ?? false;
  }
}
