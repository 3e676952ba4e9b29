/**
 * The board emulator (`twinrtm emulate`): a sysfs tree in a real board's layout (boardLayout.ts),
 * kept alive by the twin's physics (sim/twin/twinPhysics.ts) on the wall clock, as the board's
 * kernel would keep its files. Writes to the controller's files are taken or refused as the kernel
 * takes them (kernelState.ts) and put in force at once, the DNN stalling for the clock's transition;
 * frequencies, utilisation (/proc/stat and cpuidle residency), temperatures and the power sensors
 * follow the physics, the power sensors at their own update period. The emulated workload
 * (emulatedWorkload.ts) runs an inference by asking the emulator over a unix socket, which times it
 * with the physics under the conditions of the moment; the scenario's co-workloads come in through
 * a file hil writes (COWORKLOADS_FILE). So the whole hardware-in-the-loop path runs on any machine,
 * and the twin against the emulated board must agree (the null test).
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  watch,
  writeFileSync,
  type FSWatcher,
} from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { networkById } from '../../dnn/builtinNetworks.js';
import { InputError } from '../../dnn/inputError.js';
import type { Dnn } from '../../dnn/types.js';
import { platformById } from '../../models/builtinPlatforms.js';
import type { Configuration, Contention, Platform } from '../../models/types.js';
import { TwinPhysics } from '../../sim/twin/twinPhysics.js';
import { formatCpuList } from '../board/cpuOnline.js';
import { wallClockLanes } from '../wallClockLanes.js';
import { monotonicMs } from '../workload/protocol.js';
import { boardLayout, CPU_DIR, type BoardLayout, type EmulatedBoardId } from './boardLayout.js';
import { processAlive } from '../processAlive.js';
import { anytimeProfileOf } from '../../dnn/anytimeProfile.js';
import { COWORKLOADS_FILE, MARKER_FILE, writeAtomically, type EmulatorMarker } from './emulatorMarker.js';
import { InPlaceFile } from './inPlaceFile.js';
import { KernelState } from './kernelState.js';
import { procStatText } from './procStatText.js';
import { checkBound, HIL_BOUNDS } from '../bounds.js';

/** Which board to emulate, where, and the physics' settings. */
export interface EmulatorOptions {
  /** The board to emulate. */
  board: EmulatedBoardId;
  /** The folder that stands for the board's '/'. */
  root: string;
  /** The DNN the emulated workload runs (default the platform's default network). */
  dnn?: string;
  /** Ambient temperature, °C (default 25). */
  ambientC?: number;
  /** How often the sensor files are rewritten, ms (default 2). */
  tickMs?: number;
  /** Stall when the DNN moves to another unit, ms (default 2, the scenarios' default). */
  migrationCostMs?: number;
  /** Clock transition latency where the platform gives none, us (default 100, the scenarios' default). */
  defaultTransitionLatencyUs?: number;
}

/** An emulator at work. */
export interface RunningEmulator {
  /** What it left at the top of its tree (see {@link readEmulatorMarker}). */
  marker: EmulatorMarker;
  /** Stops the emulator: its timers, watchers and socket; the marker goes, the tree stays. */
  stop(): Promise<void>;
}

/** A workload's request as it arrives on the socket. */
interface InferenceAsk {
  id: number;
  unit: string;
  cores: number;
  groups: number;
  /** Anytime inference: groups is the most it runs. */
  confidenceThreshold: number | undefined;
  /** When the controller sent it, on the system's monotonic clock (ms), if it said. */
  sentAtMs: number | null;
  reply(answer: Record<string, unknown>): void;
}

const DEFAULT_DNN = 'alexnet-cifar10-g4';

/**
 * Starts a board emulator (`twinrtm emulate`): lays out a sysfs tree in the board's layout under
 * `o.root`, keeps it alive with the twin's physics on the wall clock, and serves the emulated
 * workload, so the whole hardware-in-the-loop path runs on any machine.
 *
 * @throws InputError for a tick or ambient temperature out of range
 *
 * @example
 * An emulated XU3 read through its board adapter, as a real one would be:
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { createBoardAdapter, createSysfsRoot, startEmulator } from 'twinrtm/hil';
 *
 * const root = mkdtempSync(join(tmpdir(), 'xu3-'));
 * const emulator = await startEmulator({ board: 'odroid-xu3', root });
 * const adapter = createBoardAdapter('odroid-xu3', createSysfsRoot(root));
 * console.log(adapter.capabilities().units.map((u) => u.id), adapter.telemetry().freqMHz);
 * await emulator.stop();
 * ```
 */
export async function startEmulator(o: EmulatorOptions): Promise<RunningEmulator> {
  const platform = platformById(o.board);
  const dnn = networkById(o.dnn ?? DEFAULT_DNN);
  const ambientC = o.ambientC ?? 25;
  const tickMs = o.tickMs ?? 2;
  checkBound('--tick-ms', tickMs, HIL_BOUNDS.tickMs);
  if (!(ambientC > -50 && ambientC < 100))
    throw new InputError(`--ambient ${ambientC} C is not a room's temperature (valid: -50..100)`);
  const layout = boardLayout(o.board, platform, o.defaultTransitionLatencyUs ?? 100);
  prepareRoot(o.root);
  layOut(o.root, layout);
  const board = new EmulatedBoard(o, layout, platform, dnn, ambientC, tickMs);
  const marker = await board.start();
  return { marker, stop: () => board.stop() };
}

/** Refuses a root that holds anything but an earlier emulator's tree; empties that. */
function prepareRoot(root: string): void {
  if (existsSync(root)) {
    if (!statSync(root).isDirectory())
      throw new InputError(`--root ${root} is a file; give a folder (it is created if missing)`);
    const entries = readdirSync(root);
    const ours = entries.every((e) => ['sys', 'proc', '.twinrtm-emulator', MARKER_FILE.slice(1)].includes(e));
    if (entries.length > 0 && !ours)
      throw new InputError(
        `--root ${root} is not empty and not an emulator's tree (it holds ${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}): give an empty or new folder`,
      );
    if (existsSync(join(root, MARKER_FILE))) {
      const marker = JSON.parse(readFileSync(join(root, MARKER_FILE), 'utf8')) as EmulatorMarker;
      if (processAlive(marker.pid)) throw new InputError(`an emulator (pid ${marker.pid}) already runs on ${root}`);
    }
    for (const e of entries) rmSync(join(root, e), { recursive: true, force: true });
  }
  mkdirSync(root, { recursive: true });
}

function real(root: string, path: string): string {
  return join(root, posix.normalize(`/${path}`));
}

function layOut(root: string, layout: BoardLayout): void {
  for (const [path, content] of Object.entries(layout.files)) {
    const file = real(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${content}\n`);
  }
  for (const [from, to] of Object.entries(layout.links)) {
    const file = real(root, from);
    mkdirSync(dirname(file), { recursive: true });
    symlinkSync(relative(dirname(file), real(root, to)), file);
  }
  mkdirSync(real(root, dirname(COWORKLOADS_FILE)), { recursive: true });
  writeFileSync(real(root, COWORKLOADS_FILE), '{}\n');
}

class EmulatedBoard {
  private readonly lanes = wallClockLanes();
  private readonly kernel: KernelState;
  private readonly physics: TwinPhysics;
  /** What each writable file held when last seen, so the emulator's own writes are not taken for a controller's. */
  private readonly seen = new Map<string, string>();
  private clocks: Record<string, number>;
  /** The physics' configuration: the clocks, and the mapping of the last inference. */
  private config: Configuration;
  private contentionText = '{}';
  /** When each unit's new clock shows in scaling_cur_freq (after its transition latency), ms. */
  private readonly showFrom = new Map<string, { mhz: number; atMs: number; before: number }>();
  private readonly queue: InferenceAsk[] = [];
  private busy = false;
  private timer: NodeJS.Timeout | null = null;
  private poll: NodeJS.Timeout | null = null;
  private readonly watchers: FSWatcher[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private socketPath = '';
  private lastTickMs = 0;
  private lastUnitBusy: Record<string, number> = {};
  /** The physics' time at its start, ms. */
  private readonly physicsStartMs: number;
  /** Each cpu's idle residency last shown, us. */
  private readonly idleUs = new Map<number, number>();
  /** What each sensor file holds, so a tick rewrites only what changed. */
  private readonly written = new Map<string, string>();
  private readonly files = new Map<string, InPlaceFile>();
  /** When each INA231 was last enabled, ms. */
  private readonly enabledAt = new Map<string, number>();

  constructor(
    private readonly o: EmulatorOptions,
    private readonly layout: BoardLayout,
    private readonly platform: Platform,
    private readonly dnn: Dnn,
    private readonly ambientC: number,
    private readonly tickMs: number,
  ) {
    // The emulated board's time runs from its start.
    this.lanes.start!();
    this.kernel = new KernelState(layout, layout.files);
    for (const path of this.kernel.writableFiles()) this.seen.set(path, layout.files[path] ?? '');
    this.clocks = this.kernel.clocksMHz();
    const first = platform.units[0]!;
    this.config = { groups: dnn.groups, unit: first.id, cores: 1, freqMHz: { ...this.clocks } };
    this.physics = new TwinPhysics({
      platform,
      dnn,
      truth: { timeFactor: 1, powerFactor: 1 },
      ambientC,
      initialConfig: this.config,
      migrationCostMs: o.migrationCostMs ?? 2,
      defaultTransitionLatencyUs: o.defaultTransitionLatencyUs ?? 100,
      scheduler: this.lanes.lane(0),
      perCpu: true,
    });
    this.physicsStartMs = this.physics.snapshot().timeMs;
  }

  private path(boardPath: string): string {
    return real(this.o.root, boardPath);
  }

  async start(): Promise<EmulatorMarker> {
    this.tick();
    for (const path of this.kernel.writableFiles()) {
      try {
        this.watchers.push(watch(this.path(path), () => this.takeWrites()));
      } catch {
        // A file the platform lacks: the poll below still looks at it.
      }
    }
    const coworkloads = this.path(COWORKLOADS_FILE);
    this.watchers.push(watch(dirname(coworkloads), () => this.takeContention()));
    // inotify can miss a burst; a slow poll catches what it missed.
    this.poll = setInterval(() => {
      this.takeWrites();
      this.takeContention();
    }, 50);
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.socketPath = socketPathFor(this.o.root);
    rmSync(this.socketPath, { force: true });
    this.server = createServer((socket) => this.serve(socket));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.socketPath, () => resolve());
    });
    const marker: EmulatorMarker = {
      format: 'twinrtm-emulator',
      version: 1,
      board: this.o.board,
      platform: this.platform.id,
      dnn: this.dnn.id,
      pid: process.pid,
      socket: this.socketPath,
      startedAt: new Date().toISOString(),
      ambientC: this.ambientC,
    };
    writeAtomically(this.path(MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);
    return marker;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.poll) clearInterval(this.poll);
    for (const w of this.watchers) w.close();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    for (const f of this.files.values()) f.close();
    rmSync(this.path(MARKER_FILE), { force: true });
    rmSync(this.socketPath, { force: true });
  }

  // ---- the controller's writes --------------------------------------------------------------------

  /** Reads every writable file; takes or refuses what changed; puts new clocks in force. */
  private takeWrites(): void {
    for (const path of this.kernel.writableFiles()) {
      let text: string;
      try {
        text = readFileSync(this.path(path), 'utf8');
      } catch {
        continue;
      }
      // A write caught between its truncate and its data: the next event brings the rest.
      if (text === '' || text === this.seen.get(path)) continue;
      if (this.kernel.write(path, text) === 'refused') {
        this.putBack(path);
        continue;
      }
      this.seen.set(path, text);
      if (path.endsWith('/enable') && text.trim() === '1')
        this.enabledAt.set(path.slice(0, -'/enable'.length), this.lanes.now());
      if (path.endsWith('/scaling_governor') && text.trim() !== 'userspace')
        this.show(path.replace(/scaling_governor$/, 'scaling_setspeed'), '<unsupported>\n');
    }
    const clocks = this.kernel.clocksMHz();
    if (Object.keys(clocks).some((u) => clocks[u] !== this.clocks[u])) this.setClocks(clocks);
  }

  /** The kernel refused a write: the file reads as before, as -EINVAL leaves it. */
  private putBack(path: string): void {
    this.show(path, this.seen.get(path) ?? '');
  }

  /** Writes a controller file from the emulator's side, remembering it so it is not taken as a write. */
  private show(path: string, text: string): void {
    writeFileSync(this.path(path), text);
    this.seen.set(path, text);
  }

  private setClocks(clocks: Record<string, number>): void {
    const now = this.lanes.now();
    for (const unit of Object.keys(clocks)) {
      if (clocks[unit] === this.clocks[unit]) continue;
      const latencyUs =
        this.platform.units.find((u) => u.id === unit)!.transitionLatency.us ??
        this.o.defaultTransitionLatencyUs ??
        100;
      this.showFrom.set(unit, { mhz: clocks[unit]!, atMs: now + latencyUs / 1000, before: this.clocks[unit]! });
    }
    this.clocks = clocks;
    const next = { ...this.config, freqMHz: { ...clocks } };
    this.physics.configure(next, this.config);
    this.config = next;
  }

  private takeContention(): void {
    let text: string;
    try {
      text = readFileSync(this.path(COWORKLOADS_FILE), 'utf8');
    } catch {
      return;
    }
    if (text === '' || text === this.contentionText) return;
    let contention: Contention;
    try {
      contention = (JSON.parse(text) as { contention?: Contention }).contention ?? {};
    } catch {
      return; // half-written: the next event has it whole
    }
    this.contentionText = text;
    this.physics.setContention(contention);
  }

  // ---- inferences ---------------------------------------------------------------------------------

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const lines = createInterface({ input: socket });
    lines.on('line', (line) => {
      const reply = (answer: Record<string, unknown>) => {
        if (!socket.destroyed) socket.write(`${JSON.stringify(answer)}\n`);
      };
      let ask: {
        id?: unknown;
        unit?: unknown;
        cores?: unknown;
        groups?: unknown;
        sentAtMs?: unknown;
        confidenceThreshold?: unknown;
      };
      try {
        ask = JSON.parse(line) as typeof ask;
      } catch {
        return reply({ error: `not JSON: ${line.slice(0, 80)}` });
      }
      const problem = this.check(ask);
      if (problem) return reply({ id: ask.id, error: problem });
      const sentAtMs = typeof ask.sentAtMs === 'number' && Number.isFinite(ask.sentAtMs) ? ask.sentAtMs : null;
      const confidenceThreshold = typeof ask.confidenceThreshold === 'number' ? ask.confidenceThreshold : undefined;
      this.queue.push({
        id: Number(ask.id),
        unit: String(ask.unit),
        cores: Number(ask.cores),
        groups: Number(ask.groups),
        confidenceThreshold,
        sentAtMs,
        reply,
      });
      this.next();
    });
  }

  private check(ask: {
    unit?: unknown;
    cores?: unknown;
    groups?: unknown;
    confidenceThreshold?: unknown;
  }): string | null {
    const unit = this.platform.units.find((u) => u.id === ask.unit);
    if (!unit)
      return `unit ${String(ask.unit)} is not a unit of ${this.platform.id} (valid: ${this.platform.units.map((u) => u.id).join(', ')})`;
    const cores = Number(ask.cores);
    if (!Number.isInteger(cores) || cores < 1 || cores > unit.cores)
      return `cores ${String(ask.cores)} is not valid for ${unit.id} (valid: 1..${unit.cores})`;
    const groups = Number(ask.groups);
    if (!Number.isInteger(groups) || groups < 1 || groups > this.dnn.groups)
      return `groups must be an integer 1..${this.dnn.groups}`;
    const threshold = ask.confidenceThreshold;
    if (threshold !== undefined && !(typeof threshold === 'number' && threshold >= 0))
      return 'confidenceThreshold must be a number >= 0';
    if (threshold !== undefined && anytimeProfileOf(this.dnn) === null)
      return `${this.dnn.id} has no measured images, so the emulator cannot run it anytime`;
    return null;
  }

  /** Runs the next waiting inference: the board runs one DNN inference at a time. */
  private next(): void {
    if (this.busy) return;
    const ask = this.queue.shift();
    if (!ask) return;
    this.busy = true;
    // Writes and co-workloads the controller made before it asked come first, as on a board.
    this.takeWrites();
    this.takeContention();
    const config: Configuration = {
      groups: ask.groups,
      ...(ask.confidenceThreshold === undefined ? {} : { confidenceThreshold: ask.confidenceThreshold }),
      unit: ask.unit,
      cores: ask.cores,
      freqMHz: { ...this.clocks },
    };
    this.physics.configure(config, this.config);
    this.config = config;
    // The request took a millisecond or two through the workload process and this socket; on a board
    // the inference would have started when the controller sent it, and its record says so.
    const sinceMs = ask.sentAtMs === null ? Infinity : this.lanes.now() - (monotonicMs() - ask.sentAtMs);
    this.physics.runSince(sinceMs, (outcome) => {
      ask.reply(
        'error' in outcome
          ? { id: ask.id, error: outcome.error }
          : {
              id: ask.id,
              latencyMs: outcome.serviceMs,
              // Anytime inference: the measured image the physics drew, as a workload would report it.
              ...(outcome.groups === undefined ? {} : { groupsRun: outcome.groups }),
              ...(outcome.confidence === undefined ? {} : { confidence: outcome.confidence }),
            },
      );
      this.busy = false;
      this.next();
    });
  }

  // ---- the sensors' files -------------------------------------------------------------------------

  private tick(): void {
    const now = this.lanes.now();
    const s = this.physics.snapshot();
    // The busy times are the physics' up to its own time: count the elapsed time from the same clock,
    // or an idle counter could step back by the microseconds between two readings of the clock.
    const sinceMs = s.timeMs - this.physicsStartMs + this.tickMs / 2;
    // Clocks: the new one shows once its transition is over; a thermal cap shows as the kernel's.
    for (const p of this.layout.policies) {
      const pending = this.showFrom.get(p.unit);
      const mhz = pending && now < pending.atMs ? pending.before : s.freqMHz[p.unit]!;
      const kHz = String(Math.round(mhz * 1000));
      this.file(`${p.dir}/scaling_cur_freq`, kHz);
      this.file(`${p.dir}/cpuinfo_cur_freq`, kHz);
    }
    const d = this.layout.devfreq;
    if (d) {
      this.file(`${d.dir}/cur_freq`, String(Math.round(s.freqMHz[d.unit]! * 1e6)));
      const busy = s.unitBusyMs[d.unit]! - (this.lastUnitBusy[d.unit] ?? 0);
      const windowMs = now - this.lastTickMs;
      this.file(d.loadFile, String(windowMs > 0 ? Math.round((1000 * busy) / windowMs) : 0));
    }
    this.lastUnitBusy = { ...s.unitBusyMs };
    this.lastTickMs = now;
    // Utilisation: cpuidle residency in microseconds and /proc/stat in jiffies, from the busy time.
    const online = s.cpus.filter((cpu) => this.kernel.isOnline(cpu));
    // Shown as they will be half a tick on: a reader comes at any moment until the next tick, so the
    // counter it finds is then as often ahead as behind (a stale one would read as busy time).
    const aheadMs = this.tickMs / 2;
    const busyByCpu = new Map(s.cpus.map((cpu, i) => [cpu, s.cpuBusyMs[i]! + s.cpuShare[i]! * aheadMs]));
    for (const cpu of online) {
      // Never backwards (a counter that went back would read as a cpu taken offline): an inference
      // booked from its send time can add busy time the last tick showed as idle.
      const idleUs = Math.max(this.idleUs.get(cpu) ?? 0, Math.round((sinceMs - busyByCpu.get(cpu)!) * 1000));
      this.idleUs.set(cpu, idleUs);
      this.file(`${CPU_DIR}/cpu${cpu}/cpuidle/state0/time`, String(idleUs));
    }
    // /proc/stat from the same never-backwards idle time, its busy time the rest of the elapsed time.
    this.file(
      '/proc/stat',
      procStatText(
        online.map((cpu) => ({
          cpu,
          busyMs: Math.max(0, sinceMs - this.idleUs.get(cpu)! / 1000),
          idleMs: this.idleUs.get(cpu)! / 1000,
        })),
      ),
    );
    this.file(`${CPU_DIR}/online`, formatCpuList(online));
    this.writeTemperatures(s.temperatureC);
    this.writePower(s.railsW, s.freqMHz, now);
  }

  private writeTemperatures(temperatureC: Record<string, number>): void {
    const milli = (c: number) => String(Math.round(c * 1000));
    const t = this.layout.thermal;
    if (t.kind === 'tmu') {
      // The XU3's TMU: four CPU sensors and the GPU's; the twin keeps one die temperature for the CPUs
      // and none for the GPU, so every line shows the die's.
      const die = Math.max(...Object.values(temperatureC));
      this.file(t.file, [0, 1, 2, 3, 4].map((i) => `sensor${i} : ${milli(die)}`).join('\n'));
    } else {
      for (const z of t.zones) {
        if (z.unit !== null) this.file(`${z.dir}/temp`, milli(temperatureC[z.unit]!));
      }
      // The zones the twin has no model for (AO, PLL, the fan's estimate) show the ambient; PMIC-Die stays at 100 C.
      for (const z of t.zones)
        if (z.unit === null && !/zone4$/.test(z.dir)) this.file(`${z.dir}/temp`, milli(this.ambientC));
    }
  }

  private writePower(railsW: Record<string, number>, freqMHz: Record<string, number>, nowMs: number): void {
    const sensors = this.layout.sensors;
    if (sensors.kind === 'ina231') {
      for (const r of sensors.rails) {
        // Hardkernel's driver: no reading until enabled, and the first one an update period after it.
        const enabledAt = this.enabledAt.get(r.dir);
        const ready =
          this.kernel.isEnabled(r.dir) && enabledAt !== undefined && nowMs - enabledAt >= sensors.updatePeriodUs / 1000;
        const watts = ready ? (railsW[r.rail] ?? 0) : 0;
        const volts = ready ? this.railVolts(r.rail, freqMHz) : 0;
        this.file(`${r.dir}/sensor_W`, watts.toFixed(6));
        this.file(`${r.dir}/sensor_V`, volts.toFixed(6));
        this.file(`${r.dir}/sensor_A`, (volts > 0 ? watts / volts : 0).toFixed(6));
      }
    } else {
      for (const r of sensors.rails) {
        const mW = Math.round((railsW[r.rail] ?? 0) * 1000);
        this.file(`${r.dir}/in_power${r.channel}_input`, String(mW));
        // The POM_5V rails are the 5 V input's: the current is the power over 5 V.
        this.file(`${r.dir}/in_current${r.channel}_input`, String(Math.round(mW / 5)));
      }
    }
  }

  /** The voltage of a rail whose unit the platform gives voltages for (0 where it gives none). */
  private railVolts(rail: string, freqMHz: Record<string, number>): number {
    const components = this.platform.rails.find((r) => r.name === rail)?.components ?? [];
    const unit = this.platform.units.find((u) => components.includes(u.id));
    if (!unit) return 0;
    return unit.opps.points.find((p) => p.freqMHz === freqMHz[unit.id])?.voltageV ?? 0;
  }

  /** Writes a sensor file when its text changed, in place (inPlaceFile.ts: no reader sees it half-written). */
  private file(path: string, text: string): void {
    if (this.written.get(path) === text) return;
    let f = this.files.get(path);
    if (!f) {
      f = new InPlaceFile(this.path(path));
      this.files.set(path, f);
    }
    f.write(text);
    this.written.set(path, text);
  }
}

/** The socket's path: in the tree where it fits a unix socket's 107 bytes, else in the temp folder. */
function socketPathFor(root: string): string {
  const inTree = join(root, '.twinrtm-emulator', 'workload.sock');
  return Buffer.byteLength(inTree) < 100 ? inTree : join(tmpdir(), `twinrtm-emulator-${process.pid}.sock`);
}
