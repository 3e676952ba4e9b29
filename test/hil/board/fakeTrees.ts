/**
 * Fake sysfs trees in temp directories, shaped after boards.md: an Odroid-XU3 (vendor or mainline
 * kernel), a Jetson Nano (three GPU devfreq paths, with or without the devfreq class links, IIO or
 * hwmon INA3221), a container with almost nothing, and a PC with RAPL; cpuidle states can be added
 * to any of them. Files end with a newline, as the kernel prints them.
 */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

const made: string[] = [];

/** A new empty root; removeTrees() deletes every root made. */
export function makeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'twinrtm-sysfs-'));
  made.push(root);
  return root;
}

export function removeTrees(): void {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** Writes board paths ('/sys/...') under root, each with a trailing newline. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const real = join(root, path);
    mkdirSync(dirname(real), { recursive: true });
    writeFileSync(real, `${content}\n`);
  }
}

/** Makes board path `from` a symlink to board path `to`, relative like the kernel's. */
export function link(root: string, from: string, to: string): void {
  const real = join(root, from);
  mkdirSync(dirname(real), { recursive: true });
  symlinkSync(relative(dirname(real), join(root, to)), real);
}

export function mkdirs(root: string, ...dirs: string[]): void {
  for (const dir of dirs) mkdirSync(join(root, dir), { recursive: true });
}

/** Every regular file under root (symlinks to directories are not followed), board path -> bytes. */
export function snapshot(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const real = join(dir, entry.name);
      if (entry.isDirectory()) walk(real);
      else if (entry.isFile()) files.set(`/${relative(root, real)}`, readFileSync(real, 'latin1'));
    }
  };
  walk(root);
  return files;
}

/** The bytes of one board file. */
export function bytes(root: string, path: string): string {
  return readFileSync(join(root, path), 'latin1');
}

export function isFile(root: string, path: string): boolean {
  try {
    return statSync(join(root, path)).isFile();
  } catch {
    return false;
  }
}

const CPU = '/sys/devices/system/cpu';

/** XU3 operating points, kHz, descending as the vendor kernel prints them (boards.md: exynos5800). */
export const XU3_A7_KHZ = [1400, 1300, 1200, 1100, 1000, 900, 800, 700, 600, 500, 400, 300, 200].map((m) => m * 1000);
export const XU3_A15_KHZ = [
  2000, 1900, 1800, 1700, 1600, 1500, 1400, 1300, 1200, 1100, 1000, 900, 800, 700, 600, 500, 400, 300, 200,
].map((m) => m * 1000);

/** Nano CPU points, kHz, and GPU points, Hz (boards.md). */
export const NANO_CPU_KHZ = [
  102000, 204000, 307200, 403200, 518400, 614400, 710400, 825600, 921600, 1036800, 1132800, 1224000, 1326000, 1428000,
  1479000,
];
export const NANO_GPU_HZ = [
  76800000, 153600000, 230400000, 307200000, 384000000, 460800000, 537600000, 614400000, 691200000, 768000000,
  844800000, 921600000,
];

/** /proc/stat text from per-cpu [user nice system idle iowait irq softirq steal guest guest_nice]. */
export function procStat(cpus: number[][]): string {
  const sum = cpus.reduce((acc, row) => acc.map((v, i) => v + (row[i] ?? 0)), new Array<number>(10).fill(0));
  return [
    `cpu  ${sum.join(' ')}`,
    ...cpus.map((row, i) => `cpu${i} ${row.join(' ')}`),
    'intr 1255749 0 0',
    'ctxt 2870762',
    'btime 1700000000',
  ].join('\n');
}

/** An idle cpu's jiffies, the same for every cpu. */
export const IDLE_ROW = [1000, 0, 500, 8000, 100, 0, 10, 0, 0, 0];

/** One cpufreq policy directory with its cpus linked to it, as on kernels since 4.x. */
function writePolicy(
  root: string,
  policy: number,
  cpus: number[],
  kHz: number[],
  governor: string,
  governors: string,
  extra: Record<string, string> = {},
): void {
  const dir = `${CPU}/cpufreq/policy${policy}`;
  const max = Math.max(...kHz);
  const min = Math.min(...kHz);
  writeFiles(root, {
    [`${dir}/affected_cpus`]: cpus.join(' '),
    [`${dir}/related_cpus`]: cpus.join(' '),
    [`${dir}/scaling_available_frequencies`]: `${kHz.join(' ')} `,
    [`${dir}/scaling_available_governors`]: governors,
    [`${dir}/scaling_governor`]: governor,
    [`${dir}/scaling_setspeed`]: '<unsupported>',
    [`${dir}/scaling_cur_freq`]: String(max),
    [`${dir}/cpuinfo_cur_freq`]: String(max),
    [`${dir}/scaling_min_freq`]: String(min),
    [`${dir}/scaling_max_freq`]: String(max),
    [`${dir}/cpuinfo_min_freq`]: String(min),
    [`${dir}/cpuinfo_max_freq`]: String(max),
    [`${dir}/cpuinfo_transition_latency`]: '140000',
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`${dir}/${k}`, v])),
  });
  for (const cpu of cpus) link(root, `${CPU}/cpu${cpu}/cpufreq`, dir);
}

/** cpuN directories with `online` files (none for cpu0, as on most ARM boards) and the online list. */
function writeCpus(root: string, count: number, offline: number[] = []): void {
  const online = Array.from({ length: count }, (_, i) => i).filter((i) => !offline.includes(i));
  writeFiles(root, {
    [`${CPU}/online`]: online.length === count ? `0-${count - 1}` : online.join(','),
    [`${CPU}/possible`]: `0-${count - 1}`,
  });
  mkdirs(root, `${CPU}/cpu0`);
  for (let cpu = 1; cpu < count; cpu++)
    writeFiles(root, { [`${CPU}/cpu${cpu}/online`]: offline.includes(cpu) ? '0' : '1' });
  writeFiles(root, {
    '/proc/stat': procStat(online.map(() => IDLE_ROW)).replace(
      /^cpu(\d+)/gm,
      (_m, i: string) => `cpu${online[Number(i)]}`,
    ),
  });
}

/** XU3 rail powers in the fake sensors, W. */
export const XU3_POWER_W = { VDD_ARM: 1.234567, VDD_MEM: 0.345678, VDD_G3D: 0.056, VDD_KFC: 0.123456 } as const;

/**
 * An Odroid-XU3. 'vendor': Hardkernel's INA231 sysfs driver (bus 3, enable = 0) and the TMU file;
 * 'mainline': ina2xx hwmon (hwmon numbers deliberately out of address order) and thermal zones.
 */
export function xu3Tree(kernel: 'vendor' | 'mainline'): string {
  const root = makeRoot();
  writeCpus(root, 8);
  const governors = 'interactive conservative ondemand userspace powersave performance';
  writePolicy(root, 0, [0, 1, 2, 3], XU3_A7_KHZ, 'ondemand', governors);
  writePolicy(root, 4, [4, 5, 6, 7], XU3_A15_KHZ, 'ondemand', governors);
  const sensors: [string, keyof typeof XU3_POWER_W, number][] = [
    ['0040', 'VDD_ARM', 3],
    ['0041', 'VDD_MEM', 0],
    ['0044', 'VDD_G3D', 2],
    ['0045', 'VDD_KFC', 1],
  ];
  if (kernel === 'vendor') {
    for (const [addr, rail] of sensors) {
      const dir = `/sys/bus/i2c/drivers/INA231/3-${addr}`;
      const watts = XU3_POWER_W[rail];
      writeFiles(root, {
        [`${dir}/enable`]: '0',
        [`${dir}/sensor_W`]: watts.toFixed(6),
        [`${dir}/sensor_A`]: (watts / 1.1).toFixed(6),
        [`${dir}/sensor_V`]: '1.100000',
        [`${dir}/update_period`]: '263808 usec',
      });
    }
    writeFiles(root, {
      '/sys/devices/10060000.tmu/temp':
        'sensor0 : 54000\nsensor1 : 56000\nsensor2 : 55000\nsensor3 : 53000\nsensor4 : 47000',
    });
  } else {
    for (const [addr, rail, hwmon] of sensors) {
      const device = `/sys/devices/platform/soc/12c60000.i2c/i2c-0/0-${addr}`;
      const dir = `${device}/hwmon/hwmon${hwmon}`;
      writeFiles(root, {
        [`${device}/name`]: 'ina231',
        [`${dir}/name`]: 'ina231',
        [`${dir}/power1_input`]: String(Math.round(XU3_POWER_W[rail] * 1e6)),
        [`${dir}/in1_input`]: '1100',
        [`${dir}/curr1_input`]: String(Math.round((XU3_POWER_W[rail] / 1.1) * 1000)),
        [`${dir}/update_interval`]: '1',
      });
      link(root, `/sys/bus/i2c/devices/0-${addr}`, device);
      link(root, `/sys/class/hwmon/hwmon${hwmon}`, dir);
    }
    // A hwmon that is not an INA231, to be ignored.
    writeFiles(root, { '/sys/devices/platform/pwm-fan/hwmon/hwmon4/name': 'pwmfan' });
    link(root, '/sys/class/hwmon/hwmon4', '/sys/devices/platform/pwm-fan/hwmon/hwmon4');
    const zones = [
      ['cpu0-thermal', 51000],
      ['cpu1-thermal', 52500],
      ['cpu2-thermal', 50000],
      ['cpu3-thermal', 49000],
      ['gpu-thermal', 45000],
    ] as const;
    zones.forEach(([type, temp], i) => {
      writeFiles(root, {
        [`/sys/class/thermal/thermal_zone${i}/type`]: type,
        [`/sys/class/thermal/thermal_zone${i}/temp`]: String(temp),
      });
    });
  }
  return root;
}

/** Nano rail powers in the fake sensors, mW. */
export const NANO_POWER_MW = { POM_5V_IN: 1388, POM_5V_GPU: 122, POM_5V_CPU: 163 } as const;

/** Where the fake Nano's devfreq directory is, per variant (boards.md; the host1x one from later L4T). */
export const NANO_DEVFREQ = {
  'gpu.0': '/sys/devices/gpu.0/devfreq/57000000.gpu',
  '57000000.gpu': '/sys/devices/57000000.gpu/devfreq/57000000.gpu',
  host1x: '/sys/devices/platform/host1x/57000000.gpu/devfreq/57000000.gpu',
} as const;

/** The GPU's load in the fake Nano, per-mille, in the device directory (the parent of devfreq/). */
export const NANO_GPU_LOAD = 250;

/**
 * How /sys/class/devfreq shows the fake Nano's GPU: 'name' links /sys/class/devfreq/57000000.gpu
 * (L4T), 'numbered' links /sys/class/devfreq/devfreq1 and only its `device` names the GPU
 * (mainline), 'none' has no class entry (trees made before the class was read).
 */
export type DevfreqClassLayout = 'name' | 'numbered' | 'none';

/** Options of nanoTree beyond the devfreq path and the power driver. */
export interface NanoTreeOptions {
  offline?: number[];
  devfreqClass?: DevfreqClassLayout;
}

/**
 * Writes a devfreq device's class entry and its `device` link, and a decoy devfreq device (another
 * engine, listed first) that must not be taken for the GPU.
 */
function writeDevfreqClass(root: string, dir: string, layout: DevfreqClassLayout): void {
  if (layout === 'none') return;
  const decoy = '/sys/devices/platform/17000000.vic/devfreq/17000000.vic';
  writeFiles(root, { [`${decoy}/available_frequencies`]: '115200000 140800000', [`${decoy}/cur_freq`]: '115200000' });
  link(root, `${decoy}/device`, '/sys/devices/platform/17000000.vic');
  link(root, `/sys/class/devfreq/${layout === 'name' ? '17000000.vic' : 'devfreq0'}`, decoy);
  link(root, `${dir}/device`, dirname(dirname(dir)));
  link(root, `/sys/class/devfreq/${layout === 'name' ? '57000000.gpu' : 'devfreq1'}`, dir);
}

/**
 * A Jetson Nano. The INA3221's channels 1 and 2 hold CPU and GPU in the opposite order to L4T's
 * usual one (GPU on 1), so only mapping by rail name gets the values right. The devfreq class links
 * to the GPU (options.devfreqClass, default 'name'), and the GPU's `load` sits in its device
 * directory.
 */
export function nanoTree(
  devfreq: keyof typeof NANO_DEVFREQ,
  sensors: 'iio' | 'hwmon',
  offlineOrOptions: number[] | NanoTreeOptions = [],
): string {
  const options = Array.isArray(offlineOrOptions) ? { offline: offlineOrOptions } : offlineOrOptions;
  const root = makeRoot();
  writeCpus(root, 4, options.offline ?? []);
  writePolicy(
    root,
    0,
    [0, 1, 2, 3],
    NANO_CPU_KHZ,
    'schedutil',
    'interactive conservative ondemand userspace powersave performance schedutil',
  );
  const gpu = NANO_DEVFREQ[devfreq];
  writeFiles(root, {
    [`${gpu}/available_frequencies`]: NANO_GPU_HZ.join(' '),
    [`${gpu}/min_freq`]: String(NANO_GPU_HZ[0]),
    [`${gpu}/max_freq`]: String(NANO_GPU_HZ.at(-1)),
    [`${gpu}/cur_freq`]: String(NANO_GPU_HZ[0]),
    [`${gpu}/governor`]: 'nvhost_podgov',
    [`${gpu}/available_governors`]: 'wmark_active nvhost_podgov userspace performance simple_ondemand',
    [`${dirname(dirname(gpu))}/load`]: String(NANO_GPU_LOAD),
  });
  writeDevfreqClass(root, gpu, options.devfreqClass ?? 'name');
  const channels = [
    ['POM_5V_IN', 5000, 278],
    ['POM_5V_CPU', 5000, 33],
    ['POM_5V_GPU', 5000, 24],
  ] as const;
  if (sensors === 'iio') {
    const dir = '/sys/bus/i2c/drivers/ina3221x/6-0040/iio:device0';
    channels.forEach(([rail, mV], i) => {
      writeFiles(root, {
        [`${dir}/rail_name_${i}`]: rail,
        [`${dir}/in_power${i}_input`]: String(NANO_POWER_MW[rail]),
        [`${dir}/in_voltage${i}_input`]: String(mV),
        [`${dir}/in_current${i}_input`]: String(Math.round(NANO_POWER_MW[rail] / 5)),
      });
    });
  } else {
    const dir = '/sys/devices/platform/7000c400.i2c/i2c-1/1-0040/hwmon/hwmon1';
    writeFiles(root, { [`${dir}/name`]: 'ina3221' });
    channels.forEach(([rail, mV, mA], i) => {
      writeFiles(root, {
        [`${dir}/in${i + 1}_label`]: rail,
        [`${dir}/in${i + 1}_input`]: String(mV),
        [`${dir}/curr${i + 1}_input`]: String(mA),
        [`${dir}/in${i + 4}_input`]: '12',
      });
    });
    // The summation channel the mainline driver always adds: a label, a voltage, no current.
    writeFiles(root, {
      [`${dir}/in7_label`]: 'sum of shunt voltages',
      [`${dir}/in7_input`]: '36',
      [`${dir}/curr4_input`]: '335',
    });
    link(root, '/sys/class/hwmon/hwmon1', dir);
    writeFiles(root, { '/sys/devices/virtual/hwmon/hwmon0/name': 'thermal-fan-est' });
    link(root, '/sys/class/hwmon/hwmon0', '/sys/devices/virtual/hwmon/hwmon0');
  }
  const zones = [
    ['AO-therm', 36000],
    ['CPU-therm', 31500],
    ['GPU-therm', 30500],
    ['PLL-therm', 28000],
    ['PMIC-Die', 100000],
    ['thermal-fan-est', 31250],
  ] as const;
  zones.forEach(([type, temp], i) => {
    writeFiles(root, {
      [`/sys/class/thermal/thermal_zone${i}/type`]: type,
      [`/sys/class/thermal/thermal_zone${i}/temp`]: String(temp),
    });
  });
  return root;
}

/** One cpuidle state's counters (Documentation/admin-guide/pm/cpuidle.rst). */
export interface IdleState {
  name: string;
  /** Total time in the state, µs. */
  timeUs: number;
  /** Times entered; omitted leaves the `usage` file out. */
  usage?: number;
}

/** Writes cpuN/cpuidle/stateK/{name,time,usage} for each cpu (the same states on every cpu). */
export function writeCpuIdle(root: string, cpus: readonly number[], states: readonly IdleState[]): void {
  for (const cpu of cpus) {
    states.forEach((state, k) => {
      const dir = `${CPU}/cpu${cpu}/cpuidle/state${k}`;
      writeFiles(root, {
        [`${dir}/name`]: state.name,
        [`${dir}/time`]: String(state.timeUs),
        ...(state.usage === undefined ? {} : { [`${dir}/usage`]: String(state.usage) }),
      });
    });
  }
}

/** A container: two online cpus, /proc/stat, an empty cpufreq directory, no sensors, no zones. */
export function containerTree(): string {
  const root = makeRoot();
  writeCpus(root, 2);
  mkdirs(root, `${CPU}/cpufreq`);
  return root;
}

/** The largest value of the fake RAPL package counter, µJ (a typical max_energy_range_uj). */
export const RAPL_MAX_UJ = 262143328850;

/** A PC: the container's files plus a RAPL package zone (with a core subzone) and x86_pkg_temp. */
export function raplTree(energyUj: number): string {
  const root = containerTree();
  writeFiles(root, {
    '/sys/class/powercap/intel-rapl:0/name': 'package-0',
    '/sys/class/powercap/intel-rapl:0/energy_uj': String(energyUj),
    '/sys/class/powercap/intel-rapl:0/max_energy_range_uj': String(RAPL_MAX_UJ),
    '/sys/class/powercap/intel-rapl:0:0/name': 'core',
    '/sys/class/powercap/intel-rapl:0:0/energy_uj': '5000',
    '/sys/class/powercap/intel-rapl:0:0/max_energy_range_uj': String(RAPL_MAX_UJ),
    '/sys/class/thermal/thermal_zone0/type': 'acpitz',
    '/sys/class/thermal/thermal_zone0/temp': '27800',
    '/sys/class/thermal/thermal_zone1/type': 'x86_pkg_temp',
    '/sys/class/thermal/thermal_zone1/temp': '48000',
  });
  return root;
}
