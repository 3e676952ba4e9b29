/**
 * The sysfs layout of the boards the emulator can be (reference/boards.md, with the sources named
 * there): which files exist, what they hold at boot, and which of them a controller writes. The
 * Odroid-XU3 as Hardkernel's vendor kernel lays it out (cpufreq policies 0 and 4, the INA231 sysfs
 * driver on i2c bus 3, the TMU file); the Jetson Nano as JetPack 4's L4T does (cpufreq policy 0, the
 * GPU's devfreq under /sys/devices/57000000.gpu reached through /sys/class/devfreq, the INA3221's
 * IIO device, L4T's thermal zones). Per-cpu cpuidle residency files are there on both: the kernels
 * build cpuidle for both SoCs (arm big.LITTLE cpuidle on Exynos 5420/5800, tegra210 cpuidle).
 */
import type { Platform } from '../../models/types.js';

/** The boards the emulator can be. */
export type EmulatedBoardId = 'odroid-xu3' | 'jetson-nano';
/** Every {@link EmulatedBoardId}. */
export const EMULATED_BOARDS: readonly EmulatedBoardId[] = ['odroid-xu3', 'jetson-nano'];

/** Where the kernel puts the cpus' sysfs files. */
export const CPU_DIR = '/sys/devices/system/cpu';

/** One cpufreq policy of a cluster. */
export interface PolicyLayout {
  unit: string;
  dir: string;
  cpus: readonly number[];
  /** Operating points, kHz, ascending. */
  availableKHz: readonly number[];
  transitionLatencyNs: number;
}

/** The GPU's devfreq device. */
export interface DevfreqLayout {
  unit: string;
  dir: string;
  availableHz: readonly number[];
  /** Per-mille load file. */
  loadFile: string;
}

/** A power sensor: one rail's files. */
export interface RailLayout {
  rail: string;
  /** INA231 (vendor): the device directory; INA3221 (IIO): the iio device directory. */
  dir: string;
  /** INA3221 channel number; null for an INA231. */
  channel: number | null;
}

/** One emulated board's sysfs layout (see the file's comment). */
export interface BoardLayout {
  /** Which board. */
  board: EmulatedBoardId;
  /** Every file at boot: board path -> content (without the trailing newline). */
  files: Record<string, string>;
  /** Symlinks: board path -> board path it points to. */
  links: Record<string, string>;
  policies: PolicyLayout[];
  devfreq: DevfreqLayout | null;
  /** The cpus that can be taken offline (a cpuN/online file; never cpu0). */
  hotplugCpus: number[];
  sensors: { kind: 'ina231' | 'ina3221'; rails: RailLayout[]; updatePeriodUs: number };
  /** Where temperatures are shown. */
  thermal: { kind: 'tmu'; file: string } | { kind: 'zones'; zones: { dir: string; unit: string | null }[] };
  /** cpuidle states per cpu (names), under cpuN/cpuidle/stateK. */
  idleStates: readonly string[];
  cpus: readonly number[];
  governors: readonly string[];
}

/** kHz of a unit's operating points, ascending. */
function unitKHz(platform: Platform, unit: string): number[] {
  const u = platform.units.find((x) => x.id === unit)!;
  return u.opps.points.map((p) => Math.round(p.freqMHz * 1000)).sort((a, b) => a - b);
}

function writePolicy(layout: BoardLayout, policy: PolicyLayout, governor: string, descending: boolean): void {
  const max = Math.max(...policy.availableKHz);
  const min = Math.min(...policy.availableKHz);
  const list = descending ? [...policy.availableKHz].reverse() : policy.availableKHz;
  const f = (name: string, value: string | number) => (layout.files[`${policy.dir}/${name}`] = String(value));
  f('affected_cpus', policy.cpus.join(' '));
  f('related_cpus', policy.cpus.join(' '));
  // The kernel prints the list with a trailing space.
  f('scaling_available_frequencies', `${list.join(' ')} `);
  f('scaling_available_governors', layout.governors.join(' '));
  f('scaling_governor', governor);
  f('scaling_setspeed', '<unsupported>');
  f('scaling_cur_freq', max);
  f('cpuinfo_cur_freq', max);
  f('scaling_min_freq', min);
  f('scaling_max_freq', max);
  f('cpuinfo_min_freq', min);
  f('cpuinfo_max_freq', max);
  f('cpuinfo_transition_latency', policy.transitionLatencyNs);
  for (const cpu of policy.cpus) layout.links[`${CPU_DIR}/cpu${cpu}/cpufreq`] = policy.dir;
}

function writeCpus(layout: BoardLayout): void {
  const n = layout.cpus.length;
  layout.files[`${CPU_DIR}/online`] = `0-${n - 1}`;
  layout.files[`${CPU_DIR}/possible`] = `0-${n - 1}`;
  layout.files[`${CPU_DIR}/present`] = `0-${n - 1}`;
  for (const cpu of layout.hotplugCpus) layout.files[`${CPU_DIR}/cpu${cpu}/online`] = '1';
  for (const cpu of layout.cpus) {
    layout.idleStates.forEach((name, k) => {
      const dir = `${CPU_DIR}/cpu${cpu}/cpuidle/state${k}`;
      layout.files[`${dir}/name`] = name;
      layout.files[`${dir}/time`] = '0';
      layout.files[`${dir}/usage`] = '0';
    });
  }
  layout.files['/proc/stat'] = '';
}

function transitionNs(platform: Platform, unit: string, defaultUs: number): number {
  const us = platform.units.find((u) => u.id === unit)!.transitionLatency.us ?? defaultUs;
  return Math.round(us * 1000);
}

/** The XU3 as Hardkernel's vendor kernel lays it out. */
export function xu3Layout(platform: Platform, defaultTransitionUs: number): BoardLayout {
  const layout: BoardLayout = {
    board: 'odroid-xu3',
    files: {},
    links: {},
    policies: [
      {
        unit: 'a7',
        dir: `${CPU_DIR}/cpufreq/policy0`,
        cpus: [0, 1, 2, 3],
        availableKHz: unitKHz(platform, 'a7'),
        transitionLatencyNs: transitionNs(platform, 'a7', defaultTransitionUs),
      },
      {
        unit: 'a15',
        dir: `${CPU_DIR}/cpufreq/policy4`,
        cpus: [4, 5, 6, 7],
        availableKHz: unitKHz(platform, 'a15'),
        transitionLatencyNs: transitionNs(platform, 'a15', defaultTransitionUs),
      },
    ],
    devfreq: null,
    hotplugCpus: [1, 2, 3, 4, 5, 6, 7],
    // Hardkernel's driver names the devices <bus>-00<addr>; bus 3 on the 3.10 kernel (boards.md).
    sensors: {
      kind: 'ina231',
      updatePeriodUs: 263808,
      rails: [
        { rail: 'VDD_ARM', dir: '/sys/bus/i2c/drivers/INA231/3-0040', channel: null },
        { rail: 'VDD_MEM', dir: '/sys/bus/i2c/drivers/INA231/3-0041', channel: null },
        { rail: 'VDD_G3D', dir: '/sys/bus/i2c/drivers/INA231/3-0044', channel: null },
        { rail: 'VDD_KFC', dir: '/sys/bus/i2c/drivers/INA231/3-0045', channel: null },
      ],
    },
    thermal: { kind: 'tmu', file: '/sys/devices/10060000.tmu/temp' },
    idleStates: ['WFI', 'C1'],
    cpus: [0, 1, 2, 3, 4, 5, 6, 7],
    governors: ['interactive', 'conservative', 'ondemand', 'userspace', 'powersave', 'performance'],
  };
  writeCpus(layout);
  for (const p of layout.policies) writePolicy(layout, p, 'ondemand', true);
  for (const r of layout.sensors.rails) {
    layout.files[`${r.dir}/enable`] = '0';
    layout.files[`${r.dir}/sensor_W`] = '0.000000';
    layout.files[`${r.dir}/sensor_A`] = '0.000000';
    layout.files[`${r.dir}/sensor_V`] = '0.000000';
    layout.files[`${r.dir}/update_period`] = `${layout.sensors.updatePeriodUs} usec`;
  }
  layout.files['/sys/devices/10060000.tmu/temp'] = '';
  return layout;
}

/** The Nano as JetPack 4 (L4T 32) lays it out. */
export function nanoLayout(platform: Platform, defaultTransitionUs: number): BoardLayout {
  const gpuDevice = '/sys/devices/57000000.gpu';
  const gpuHz = platform.units
    .find((u) => u.id === 'gpu')!
    .opps.points.map((p) => Math.round(p.freqMHz * 1e6))
    .sort((a, b) => a - b);
  const layout: BoardLayout = {
    board: 'jetson-nano',
    files: {},
    links: {},
    policies: [
      {
        unit: 'a57',
        dir: `${CPU_DIR}/cpufreq/policy0`,
        cpus: [0, 1, 2, 3],
        availableKHz: unitKHz(platform, 'a57'),
        transitionLatencyNs: transitionNs(platform, 'a57', defaultTransitionUs),
      },
    ],
    devfreq: {
      unit: 'gpu',
      dir: `${gpuDevice}/devfreq/57000000.gpu`,
      availableHz: gpuHz,
      loadFile: `${gpuDevice}/load`,
    },
    hotplugCpus: [1, 2, 3],
    sensors: {
      kind: 'ina3221',
      // The INA3221's power-on configuration over three channels (the platform file's prior).
      updatePeriodUs: Math.round(
        (platform.powerSensor?.kind === 'sampled' ? platform.powerSensor.updatePeriodMs : 6.6) * 1000,
      ),
      rails: ['POM_5V_IN', 'POM_5V_GPU', 'POM_5V_CPU'].map((rail, channel) => ({
        rail,
        dir: '/sys/bus/i2c/drivers/ina3221x/6-0040/iio:device0',
        channel,
      })),
    },
    thermal: {
      kind: 'zones',
      zones: [
        { dir: '/sys/class/thermal/thermal_zone0', unit: null },
        { dir: '/sys/class/thermal/thermal_zone1', unit: 'a57' },
        { dir: '/sys/class/thermal/thermal_zone2', unit: 'gpu' },
        { dir: '/sys/class/thermal/thermal_zone3', unit: null },
        { dir: '/sys/class/thermal/thermal_zone4', unit: null },
        { dir: '/sys/class/thermal/thermal_zone5', unit: null },
      ],
    },
    idleStates: ['WFI', 'C7'],
    cpus: [0, 1, 2, 3],
    governors: ['interactive', 'conservative', 'ondemand', 'userspace', 'powersave', 'performance', 'schedutil'],
  };
  writeCpus(layout);
  writePolicy(layout, layout.policies[0]!, 'schedutil', false);
  const d = layout.devfreq!;
  const f = (path: string, value: string | number) => (layout.files[path] = String(value));
  f(`${d.dir}/available_frequencies`, d.availableHz.join(' '));
  f(`${d.dir}/min_freq`, d.availableHz[0]!);
  f(`${d.dir}/max_freq`, d.availableHz.at(-1)!);
  f(`${d.dir}/cur_freq`, d.availableHz.at(-1)!);
  f(`${d.dir}/governor`, 'nvhost_podgov');
  f(`${d.dir}/available_governors`, 'wmark_active nvhost_podgov userspace performance simple_ondemand');
  f(d.loadFile, '0');
  layout.links['/sys/class/devfreq/57000000.gpu'] = d.dir;
  layout.links['/sys/devices/gpu.0'] = gpuDevice;
  layout.sensors.rails.forEach((r) => {
    f(`${r.dir}/rail_name_${r.channel}`, r.rail);
    f(`${r.dir}/in_power${r.channel}_input`, 0);
    f(`${r.dir}/in_voltage${r.channel}_input`, 5000);
    f(`${r.dir}/in_current${r.channel}_input`, 0);
  });
  // L4T's zone types; PMIC-Die reads a constant 100 C (boards.md).
  const types = ['AO-therm', 'CPU-therm', 'GPU-therm', 'PLL-therm', 'PMIC-Die', 'thermal-fan-est'];
  if (layout.thermal.kind === 'zones') {
    layout.thermal.zones.forEach((z, i) => {
      f(`${z.dir}/type`, types[i]!);
      f(`${z.dir}/temp`, types[i] === 'PMIC-Die' ? 100000 : 25000);
    });
  }
  return layout;
}

/** The layout of a board. */
export function boardLayout(board: EmulatedBoardId, platform: Platform, defaultTransitionUs: number): BoardLayout {
  return board === 'odroid-xu3' ? xu3Layout(platform, defaultTransitionUs) : nanoLayout(platform, defaultTransitionUs);
}
