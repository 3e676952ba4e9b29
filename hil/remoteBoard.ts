/**
 * A real board on the other end of a network link: the control loop's Board, backed by a board
 * agent (hil/agent/) over HTTP with a bearer token. `twinrtm hil run --agent URL --token T` uses it
 * where RealBoard would drive a local adapter.
 *
 * It is the board core (sim/boardCore.ts), as the twin and RealBoard are, with plug-ins that talk to
 * the agent: the queue, the rule for when a configuration takes effect and the records are the
 * core's, here, and the agent only does what it is told. The Board interface is synchronous and the
 * network is not, so:
 * - sensors come from a cache fed by the agent's telemetry event stream; a read averages the
 *   snapshots that arrived since the previous one;
 * - configuration and co-workload changes are POSTed fire-and-forget, in order (a configuration
 *   before the workload restart it implies), and a failure becomes a note, not an exception;
 * - inferences go to the agent one at a time (POST /v1/infer), each once the workload it needs has
 *   started, not behind clock changes (which the core applies at once, an inference in flight going
 *   on at the new clock); the DNN's time is the workload's own measure, as on a local board.
 * A keepalive holds off the agent's watchdog while the loop has nothing to say.
 */
import { InputError } from '../dnn/inputError.js';
import type { Configuration, Contention } from '../models/types.js';
import { BoardCore, boardSetting, type BoardSetting } from '../sim/boardCore.js';
import type { Actuators, BoardReading, Executor, InferenceOutcome, Sensors } from '../sim/boardParts.js';
import type { InferenceResult, SessionStatus } from './agent/agentSession.js';
import { parseEventStream } from './agent/serverSentEvents.js';
import type { Capabilities, PowerSource, TelemetrySnapshot } from './types.js';
import { callAgent } from './agentCall.js';

/** What connect() learnt about an agent; RemoteBoard is built from it. */
export interface AgentConnection {
  /** Base URL without a trailing slash. */
  readonly url: string;
  /** Its bearer token. */
  readonly token: string;
  /** What the agent's board adapter found. */
  readonly capabilities: Capabilities;
  /** The agent's watchdog period, ms: the keepalive runs well inside it. */
  readonly watchdogMs: number;
  /** A first snapshot, so the loop's first readSensors() has one. */
  readonly telemetry: TelemetrySnapshot;
}

/** What a RemoteBoard needs besides the agent: the models and the loop's clock and callbacks, as RealBoard's options. */
export interface RemoteBoardOptions extends BoardSetting {
  /** Things the user should know (the agent's notes, a request it refused). */
  note(text: string): void;
  /** What {@link RemoteBoard.connect} gave. */
  connection: AgentConnection;
  /** Period asked of the agent's telemetry stream, ms (default 100). */
  telemetryPeriodMs?: number;
  /** How often to show the agent the controller is alive when nothing else is sent, ms (default a quarter of its watchdog). */
  keepaliveMs?: number;
}

interface Busy {
  cores: number;
  utilisation: number;
  /** The busiest cpu's share, where the contention carries one (an rt-app load's). */
  busiestShare?: number;
}

/** How long connect() waits for each answer, ms: an unreachable host should fail, not hang. */
const CONNECT_TIMEOUT_MS = 5000;

function messageOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, ...) is in its cause.
  const cause = (err as Error & { cause?: unknown }).cause;
  const detail = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : null;
  return detail ? `${err.message} (${detail})` : err.message;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isNumbers = (v: unknown): boolean =>
  Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** What is wrong with an answer to GET /v1/capabilities, in words (null: nothing the run reads). */
function capabilitiesProblem(b: Record<string, unknown>): string | null {
  if (typeof b.profile !== 'string' || typeof b.platform !== 'string') return 'no profile and platform names';
  if (b.power !== 'measured' && b.power !== 'modelled') return "a power that is neither 'measured' nor 'modelled'";
  if (!isStrings(b.notes) || !isStrings(b.measuredRails)) return 'no notes and measuredRails lists';
  const units = b.units;
  if (
    !Array.isArray(units) ||
    !units.every(
      (u) =>
        isRecord(u) &&
        typeof u.id === 'string' &&
        isNumbers(u.onlineCpus) &&
        isNumbers(u.availableMHz) &&
        typeof u.dvfs === 'boolean',
    )
  )
    return 'units that are not a list of {id, onlineCpus, availableMHz, dvfs}';
  return null;
}

/** What is wrong with an answer to POST /v1/infer for `groups` groups, in words (null: nothing the run reads). */
function inferenceAnswerProblem(b: unknown, groups: number): string | null {
  if (!isRecord(b)) return 'no object';
  const latency = b.latencyMs;
  if (typeof latency !== 'number' || !Number.isFinite(latency) || latency < 0)
    return 'no latencyMs (a number of ms, 0 or more)';
  if (b.correct !== undefined && typeof b.correct !== 'boolean') return 'a correct that is not true or false';
  const confidence = b.confidence;
  if (confidence !== undefined && !(typeof confidence === 'number' && confidence >= 0 && confidence <= 1))
    return 'a confidence outside 0..1';
  const ran = b.groupsRun;
  if (ran !== undefined && !(Number.isInteger(ran) && (ran as number) >= 1 && (ran as number) <= groups))
    return `a groupsRun that is not 1..${groups}`;
  return null;
}

/** What is wrong with a telemetry snapshot (GET /v1/telemetry), in words. */
function telemetryProblem(b: Record<string, unknown>): string | null {
  if (!isRecord(b.freqMHz) || !isRecord(b.utilisation) || !isRecord(b.temperatureC))
    return 'no freqMHz, utilisation and temperatureC readings';
  if (
    !Array.isArray(b.rails) ||
    !b.rails.every((r) => isRecord(r) && typeof r.rail === 'string' && typeof r.watts === 'number')
  )
    return 'rails that are not a list of {rail, watts}';
  return null;
}

function mean(values: readonly (number | null | undefined)[]): number | null {
  const known = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return known.length === 0 ? null : known.reduce((s, v) => s + v, 0) / known.length;
}

/** The control loop's Board for a board served by a twinrtm agent (see the file's comment). */
export class RemoteBoard extends BoardCore {
  private readonly agent: AgentParts;
  /** Where the board's power comes from: 'measured' when the agent's board has a rail sensor. */
  readonly powerSource: PowerSource;

  /**
   * Fetches what it needs from the agent before the loop starts: capabilities (first, so a refused
   * token or an unreachable agent fails here), the watchdog period and a first snapshot.
   *
   * @param url - the agent's base URL, e.g. http://192.168.1.20:7070
   * @param token - its bearer token
   * @param timeoutMs - how long to wait for each answer (default 5000)
   * @throws InputError with one line saying what went wrong (bad URL, unreachable, token refused, not an agent)
   */
  static async connect(url: string, token: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<AgentConnection> {
    let base: string;
    try {
      base = new URL(url).href.replace(/\/+$/, '');
    } catch {
      throw new InputError(`--agent ${url} is not a URL (e.g. http://192.168.1.20:7070)`);
    }
    const get = async (path: string) => {
      try {
        return await callAgent(base, token, 'GET', path, undefined, AbortSignal.timeout(timeoutMs));
      } catch (err) {
        const status = (err as { status?: unknown }).status;
        if (status === 401) throw new InputError(`the agent at ${base} refused the token (401)`);
        if (typeof status === 'number')
          throw new InputError(`the agent at ${base} answered ${messageOf(err)}: is it a twinrtm agent?`);
        throw new InputError(`cannot reach the agent at ${base}: ${messageOf(err)}`);
      }
    };
    // What the run reads of each answer is checked first: a server that is no agent (or an agent of
    // another version) answering JSON of another shape is one line, not a TypeError mid-run.
    const answer = async <T>(path: string, problem: (body: Record<string, unknown>) => string | null): Promise<T> => {
      const body = await get(path);
      const found =
        typeof body !== 'object' || body === null || Array.isArray(body)
          ? `${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}, not an object`
          : problem(body as Record<string, unknown>);
      if (found !== null)
        throw new InputError(
          `the agent at ${base} answered GET ${path} with ${found}: is it a twinrtm agent of this version?`,
        );
      return body as T;
    };
    const capabilities = await answer<Capabilities>('/v1/capabilities', capabilitiesProblem);
    const session = await answer<SessionStatus>('/v1/session', (b) =>
      typeof b.watchdogMs === 'number' && Number.isFinite(b.watchdogMs) && b.watchdogMs > 0 ? null : 'no watchdogMs',
    );
    const telemetry = await answer<TelemetrySnapshot>('/v1/telemetry', telemetryProblem);
    return { url: base, token, capabilities, watchdogMs: session.watchdogMs, telemetry };
  }

  /** Puts the initial configuration in force on the agent, starts its workload and opens the telemetry stream. */
  constructor(o: RemoteBoardOptions) {
    const agent = new AgentParts(o);
    super({
      ...boardSetting(o),
      executor: agent,
      actuators: agent,
      sensors: agent,
      note: o.note,
    });
    this.agent = agent;
    this.powerSource = o.connection.capabilities.power;
  }

  /**
   * Stops the agent's workload and co-workloads and closes the stream. The board's frequencies stay
   * as set until the agent restores them (its watchdog, once this board falls silent, or its close).
   */
  close(): Promise<void> {
    this.shutDown();
    return this.agent.close();
  }
}

/**
 * Puts a configuration in force on the agent, starts its workload (the agent waits for it to be
 * ready) and runs a few untimed inferences, so a run's clock starts on a warm board, as on a local
 * one.
 * @throws InputError with the agent's reason when it refuses
 */
export async function warmAgent(connection: AgentConnection, config: Configuration, rounds = 2): Promise<void> {
  const post = async (path: string, body: unknown) => {
    try {
      await callAgent(connection.url, connection.token, 'POST', path, body, AbortSignal.timeout(60_000));
    } catch (err) {
      throw new InputError(`the agent at ${connection.url} refused the warm-up: ${messageOf(err)}`);
    }
  };
  await post('/v1/config', config);
  await post('/v1/workload/start', { unit: config.unit, cores: config.cores });
  for (let i = 0; i < rounds; i++) await post('/v1/infer', { groups: config.groups });
}

/** The board core's executor, actuators and sensors, each a call to the agent. */
class AgentParts implements Executor, Actuators, Sensors {
  private busy = new Map<string, Busy>();
  private latest: TelemetrySnapshot;
  private window: TelemetrySnapshot[] = [];
  /** Control requests in order: each is sent once the one before it is answered. */
  private chain: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();
  private readonly keepalive: NodeJS.Timeout;
  private keepaliveFailing = false;
  private closing = false;
  private readonly stream: Promise<void>;
  /** The first configure() starts the workload. */
  private started = false;
  /**
   * Settles once the last workload (re)start sent has been answered: an inference waits for the
   * workload it needs, but not for clock changes queued after it (those take effect at once, an
   * inference in flight going on at the new clock, as the board core's rule says).
   */
  private workloadReady: Promise<void> = Promise.resolve();

  constructor(private readonly o: RemoteBoardOptions) {
    this.latest = o.connection.telemetry;
    const served = o.connection.capabilities.platform;
    if (served !== o.platform.id)
      o.note(
        `the agent's board is modelled by platform ${served}, but this run uses ${o.platform.id}: configurations may be refused`,
      );
    this.stream = this.readStream(o.telemetryPeriodMs ?? 100);
    const keepaliveMs = o.keepaliveMs ?? Math.max(10, o.connection.watchdogMs / 4);
    this.keepalive = setInterval(() => void this.ping(), keepaliveMs);
    // The loop's end, not this timer, decides when the process exits.
    this.keepalive.unref();
  }

  private call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    return callAgent(this.o.connection.url, this.o.connection.token, method, path, body, this.abort.signal);
  }

  /** Queues a control POST behind the ones before it; a failure becomes a note. */
  private send(path: string, body: unknown): void {
    this.enqueue(() => this.call('POST', path, body));
  }

  private enqueue(task: () => Promise<unknown>): void {
    this.chain = this.chain.then(task).then(
      () => {},
      (err: unknown) => this.failed(err),
    );
  }

  private failed(err: unknown): void {
    // Requests cut short by close() are not news.
    if (!this.abort.signal.aborted) this.o.note(`agent: ${messageOf(err)}`);
  }

  private async ping(): Promise<void> {
    try {
      await this.call('GET', '/v1/session');
      this.keepaliveFailing = false;
    } catch (err) {
      // One note per outage, not one per keepalive.
      if (!this.keepaliveFailing) this.failed(err);
      this.keepaliveFailing = true;
    }
  }

  private async readStream(periodMs: number): Promise<void> {
    const c = this.o.connection;
    try {
      const res = await fetch(`${c.url}/v1/telemetry/stream?periodMs=${periodMs}`, {
        headers: { authorization: `Bearer ${c.token}` },
        signal: this.abort.signal,
      });
      if (!res.ok || !res.body) throw new Error(`GET /v1/telemetry/stream: ${res.status}`);
      for await (const e of parseEventStream(res.body)) {
        if (e.event === 'telemetry') {
          const snapshot = JSON.parse(e.data) as TelemetrySnapshot;
          this.latest = snapshot;
          this.window.push(snapshot);
        } else if (e.event === 'watchdog') {
          this.o.note(`the agent's watchdog stopped the workloads and restored the board: ${e.data}`);
        } else if (e.event === 'telemetry-error') {
          this.o.note(`the agent could not read its sensors: ${e.data}`);
        }
      }
      if (!this.closing) this.o.note('the telemetry stream from the agent ended: sensors keep their last values');
    } catch (err) {
      if (!this.closing)
        this.o.note(`the telemetry stream from the agent failed: ${messageOf(err)}; sensors keep their last values`);
    }
  }

  run(config: Configuration, done: (outcome: InferenceOutcome) => void): void {
    // Sent once the workload it needs has started; clock changes before or after it do not hold it up.
    void this.workloadReady.then(() =>
      this.call('POST', '/v1/infer', {
        groups: config.groups,
        ...(config.confidenceThreshold === undefined ? {} : { confidenceThreshold: config.confidenceThreshold }),
      }).then(
        (reply) => this.answered(done, reply, config.groups),
        (err: unknown) => this.answered(done, err instanceof Error ? err : new Error(String(err)), config.groups),
      ),
    );
  }

  private answered(done: (outcome: InferenceOutcome) => void, answer: unknown, groups: number): void {
    // An inference cut short by close() is neither a result nor a drop.
    if (this.closing) return;
    if (answer instanceof Error) {
      done({ error: messageOf(answer) });
      return;
    }
    // An answer the run cannot use (a server that is no agent, another version) fails the inference,
    // rather than entering NaN into the metrics.
    const problem = inferenceAnswerProblem(answer, groups);
    if (problem !== null) {
      done({ error: `the agent answered POST /v1/infer with ${problem}: is it a twinrtm agent of this version?` });
      return;
    }
    const reply = answer as InferenceResult;
    done({
      serviceMs: reply.latencyMs,
      ...(typeof reply.correct === 'boolean' ? { correct: reply.correct } : {}),
      ...(typeof reply.confidence === 'number' ? { confidence: reply.confidence } : {}),
      ...(typeof reply.groupsRun === 'number' ? { groups: reply.groupsRun } : {}),
    });
  }

  configure(config: Configuration, previous: Configuration): number {
    const remap = !this.started || config.unit !== previous.unit || config.cores !== previous.cores;
    this.send('/v1/config', config);
    if (remap) {
      this.send('/v1/workload/start', { unit: config.unit, cores: config.cores });
      this.workloadReady = this.chain;
    }
    this.started = true;
    return 0;
  }

  /** Busy cores per unit become one named co-workload per unit on the agent; only changes are sent. */
  setContention(contention: Contention): void {
    const want = new Map<string, Busy>();
    for (const [unit, cores] of Object.entries(contention.busyCores ?? {})) {
      const busiestShare = contention.busiestShare?.[unit];
      if (cores > 0)
        want.set(unit, {
          cores,
          utilisation: contention.busyUtilisation?.[unit] ?? 1,
          ...(busiestShare === undefined ? {} : { busiestShare }),
        });
    }
    for (const unit of this.busy.keys())
      if (!want.has(unit)) this.send('/v1/coworkload/stop', { name: `contention-${unit}` });
    for (const [unit, b] of want) {
      const was = this.busy.get(unit);
      if (!was || was.cores !== b.cores || was.utilisation !== b.utilisation || was.busiestShare !== b.busiestShare)
        this.send('/v1/coworkload/start', { name: `contention-${unit}`, unit, ...b });
    }
    this.busy = want;
  }

  /** The agent does not switch power modes (nvpmodel). */
  setPowerMode(): boolean {
    return false;
  }

  /** The snapshots since the previous read averaged (frequency: the latest, as the unit runs now). */
  read(): BoardReading {
    const snaps = this.window.length > 0 ? this.window.splice(0) : [this.latest];
    const freqMHz: Record<string, number | null> = {};
    const utilisation: Record<string, number | null> = {};
    const temperatureC: Record<string, number | null> = {};
    for (const u of this.o.platform.units) {
      freqMHz[u.id] = this.latest.freqMHz[u.id] ?? null;
      utilisation[u.id] = mean(snaps.map((s) => s.utilisation[u.id]));
      temperatureC[u.id] = mean(snaps.map((s) => s.temperatureC[u.id]));
    }
    const railsW: Record<string, number> = {};
    const rails = new Set(snaps.flatMap((s) => s.rails.filter((r) => r.source === 'measured').map((r) => r.rail)));
    for (const rail of rails)
      railsW[rail] = mean(snaps.map((s) => s.rails.find((r) => r.rail === rail && r.source === 'measured')?.watts))!;
    return { freqMHz, utilisation, temperatureC, railsW };
  }

  /** Stops the agent's workload and co-workloads and closes the stream. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.keepalive);
    for (const unit of this.busy.keys()) this.send('/v1/coworkload/stop', { name: `contention-${unit}` });
    this.busy.clear();
    this.send('/v1/workload/stop', {});
    await this.chain;
    this.abort.abort();
    await this.stream;
  }
}
