/**
 * The control loop, one for simulation and hardware in the loop (DESIGN.md, "The runner"):
 * sources (requests, co-workloads, budget and power-mode changes) -> board -> sensors -> an
 * observation every control period -> policy.decide -> the checked decision -> board.
 *
 * Time comes only from the injected lanes: a HeapScheduler in virtual time, or the wall clock for a
 * real board. The loop itself never reads a clock, except the injected wall clock that times
 * decide() (a measurement, kept out of the trace).
 */
import { EMPTY, merge, Observable, Subject, timer, type SchedulerLike, type Subscription } from 'rxjs';
import { mergeMap } from 'rxjs/operators';
import type { Dnn } from '../dnn/types.js';
import type { Configuration, Platform } from '../models/types.js';
import type { Budgets, InferenceRecord, Observation, Policy } from '../policies/types.js';
import type { Coworkload, Scenario } from '../scenarios/types.js';
import type { Board, BoardEvents } from './board.js';
import { InputError } from '../dnn/inputError.js';
import { decisionChecker } from './checkDecision.js';
import { DecisionSampler } from './decisionSampler.js';
import { configCopy, OwnTelemetry } from './policyView.js';
import { PRIORITY, type Lanes } from './heapScheduler.js';
import { every, periodic, type PeriodicOptions } from './periodic.js';
import { MetricsCollector, type Metrics } from './metrics.js';
import { observationOf } from './observation.js';
import type { Random } from './random.js';
import {
  activeAt,
  applyBudgetChange,
  budgetsAt,
  ContentionTally,
  contentionOf,
  powerModeAt,
  requestRateAt,
} from './scenarioTimeline.js';
import { TelemetryFeed } from './sensors.js';
import type { TraceEvent, TraceSink } from './traceEvents.js';
import { sameConfig } from '../policies/sameConfig.js';

/** The control loop's inputs: one scenario, one policy, one board built on the loop's clock. */
export interface RunLoopOptions {
  /** The scenario: its requests, timelines, sensor period and control period drive the loop. */
  scenario: Scenario;
  /** The model platform the policy and the checks use. */
  platform: Platform;
  /** The network. */
  dnn: Dnn;
  /** The policy; its reset(), if it has one, is called before the first tick. */
  policy: Policy;
  /** The clock and its priority lanes: virtual time ({@link HeapScheduler}) or the wall clock (`twinrtm/hil`). */
  lanes: Lanes;
  /** Builds the board on the DNN lane, reporting to the loop. */
  createBoard(events: BoardEvents, dnnLane: SchedulerLike): Board;
  /** Seeded streams for request arrivals, sensor noise and the policy's context.random. */
  random: { arrivals: Random; sensors: Random; policy: Random };
  /** Receives every trace event. */
  trace?: TraceSink;
  /** Monotonic wall clock in ns, to time decide(). */
  wallNs?: () => bigint;
  /** Give the policy the scenario's future (simulation only). */
  foresight?: boolean;
  /** Where the run happens, for the trace's first event (default: the twin). */
  board?: NonNullable<Extract<TraceEvent, { kind: 'run' }>['board']>;
  /**
   * How long after a control tick's due time its decision is in force, ms (default 0). A board's
   * runner takes time to wake, read its sensors and write the new clocks (`hil compare` measures it
   * on a run); the twin waits as long, to model that board. Ignored on a board, whose delay is real.
   */
  controlLatencyMs?: number;
  /** Events run and wall time so far, for the metrics (the loop reads no clock itself). */
  runStats?: () => { events: number; wallMs: number };
}

/** What a run gives: its scenario and policy names and its metrics. */
export interface RunResult {
  /** The scenario's id. */
  scenario: string;
  /** The policy's name. */
  policy: string;
  /** The run's metrics. */
  metrics: Metrics;
}

function requestTimes(
  scenario: Scenario,
  lane: SchedulerLike,
  random: Random,
  completions: Observable<InferenceRecord>,
): Observable<unknown> {
  const r = scenario.requests;
  switch (r.kind) {
    case 'periodic':
      return periodic(1000 / r.fps, lane, { firstMs: 0, missed: 'catch-up' });
    case 'poisson': {
      const gap = () => (-Math.log(1 - random.next()) * 1000) / r.ratePerS;
      return new Observable<void>((subscriber) =>
        lane.schedule(function () {
          subscriber.next();
          this.schedule(undefined, gap());
        }, gap()),
      );
    }
    case 'trace':
      // Each arrival scheduled from time 0, so it lands at exactly the time the scenario gives
      // (chained differences would drift by rounding). One scheduler action each, kept only to cancel:
      // an inner subscription per arrival (mergeMap over timers) cost O(n) bookkeeping as each one
      // ended, O(n^2) in all (100,000 arrivals at t = 0: 8 of 14 s).
      return r.arrivalsMs.length === 0
        ? EMPTY
        : new Observable<void>((subscriber) => {
            let left = r.arrivalsMs.length;
            const actions = r.arrivalsMs.map((t) =>
              lane.schedule(() => {
                subscriber.next();
                if (--left === 0) subscriber.complete();
              }, t),
            );
            return () => {
              for (const action of actions) action.unsubscribe();
            };
          });
    case 'closed-loop':
      return merge(timer(0, lane), completions.pipe(mergeMap(() => timer(r.thinkMs, lane))));
  }
}

/** Runs a scenario under a policy; emits the result at the scenario's end and completes. */
export function runLoop(o: RunLoopOptions): Observable<RunResult> {
  return new Observable<RunResult>((subscriber) => {
    const { scenario, platform, dnn, policy, lanes } = o;
    const durationMs = scenario.durationS * 1000;
    const metrics = new MetricsCollector(dnn);
    // The events of every period (decisions, applies, drops, sensors, inferences) are built only with a trace.
    const trace = o.trace ?? (() => {});
    const completions = new Subject<InferenceRecord>();
    let finished: InferenceRecord[] = [];
    let arrivals = 0;
    let budgets: Budgets = {};
    const active = new Set<Coworkload>();
    const unitOf = new Map(platform.units.map((u) => [u.id, u]));

    // A real board can still answer after the run ended: the trace and metrics stop at the end event.
    let ended = false;
    const events: BoardEvents = {
      onInference(record) {
        if (ended) return;
        metrics.inference(record);
        // A record is flat: freezing it is the whole of it.
        finished.push(Object.freeze(record));
        if (o.trace) trace({ t: record.endMs, kind: 'inference', ...record });
        completions.next(record);
      },
      onDrop(arrivalMs) {
        if (ended) return;
        metrics.drop();
        if (o.trace) trace({ t: arrivalMs, kind: 'drop', arrivalMs });
      },
      onApply(config, stallMs) {
        if (ended) return;
        metrics.reconfigured();
        if (o.trace) trace({ t: lanes.now(), kind: 'apply', config, stallMs });
      },
      onThrottle(effectiveFreqMHz) {
        if (ended) return;
        trace({ t: lanes.now(), kind: 'throttle', effectiveFreqMHz });
      },
    };
    const board = o.createBoard(events, lanes.lane(PRIORITY.dnn));
    const initialMode = board.powerMode;

    trace({
      t: 0,
      kind: 'run',
      scenario: scenario.id,
      policy: policy.name,
      seed: scenario.seed,
      platform: platform.id,
      dnn: dnn.id,
      units: platform.units.map((u) => u.id),
      durationS: scenario.durationS,
      board: o.board ?? { kind: 'twin' },
    });
    try {
      policy.reset?.({
        platform,
        dnn,
        powerMode: initialMode,
        controlPeriodMs: scenario.controlPeriodMs,
        random: () => o.random.policy.next(),
        initialConfig: configCopy(board.config),
        ...(o.foresight
          ? {
              foresight: {
                contentionAt: (t: number) =>
                  contentionOf(
                    activeAt(scenario, t),
                    (u) => unitOf.get(u)!.cores,
                    (u) => unitOf.get(u)!.kind === 'gpu',
                  ),
                budgetsAt: (t: number) => budgetsAt(scenario, t),
                powerModeAt: (t: number) => powerModeAt(scenario, initialMode, t),
                requestRateAt: () => requestRateAt(scenario),
                truth: { ...scenario.truth },
              },
            }
          : {}),
      });
    } catch (err) {
      // A policy that refuses the run (the oracle without foresight) says so as bad input; any other
      // throw is the policy's own failure: it still runs, and each decision it makes is checked as usual.
      if (err instanceof InputError) throw err;
      metrics.rejectedDecision();
      trace({
        t: 0,
        kind: 'rejected',
        reason: `reset() threw: ${err instanceof Error ? err.message : String(err)}`,
        decision: null,
      });
    }

    const telemetry = new TelemetryFeed(scenario.sensor.noise, o.random.sensors, o.trace !== undefined);
    // A sensor period longer than the control period hands one read to several observations: each
    // then has its own copy of the read's telemetry (else every observation has a read of its own).
    const sharedReads = scenario.sensor.periodMs > scenario.controlPeriodMs;
    telemetry.read(board.readSensors());
    const env = lanes.lane(PRIORITY.environment);
    const tally = new ContentionTally(
      (u) => unitOf.get(u)!.cores,
      (u) => unitOf.get(u)!.kind === 'gpu',
    );
    const updateContention = () => board.setContention(tally.contention());

    const subscriptions: Subscription[] = [];
    // An error in a handler ends the run through the observable, at once, rather than as an
    // unhandled error RxJS would report later from a timer.
    const stopSources = () => {
      for (const s of subscriptions.splice(0)) {
        try {
          s.unsubscribe();
        } catch {
          // A source that fails to tear down (RxJS's VirtualTimeScheduler nests every periodic
          // reschedule and can overflow the stack here) must not hide the run's own outcome.
        }
      }
    };
    const fail = (err: unknown) => {
      stopSources();
      subscriber.error(err);
    };
    const on = <T>(source: Observable<T>, next: (value: T) => void) =>
      subscriptions.push(
        source.subscribe({
          next: (value) => {
            try {
              next(value);
            } catch (err) {
              fail(err);
            }
          },
          error: fail,
        }),
      );

    // The loop's periodic sources, without an Observable's layers (the same times, the same handling of a throw).
    const onEvery = (periodMs: number, lane: SchedulerLike, options: PeriodicOptions, next: (k: number) => void) =>
      subscriptions.push(
        every(periodMs, lane, options, (k) => {
          try {
            next(k);
          } catch (err) {
            fail(err);
          }
        }),
      );

    // Time starts now (on a wall clock: everything above happened at 0, as it does in virtual time).
    lanes.start?.();

    // The world changes.
    for (const change of scenario.budgets) {
      on(timer(change.atS * 1000, env), () => {
        // A new frozen object on each change: policies may keep it and compare by reference.
        budgets = Object.freeze(applyBudgetChange(budgets, change));
        trace({ t: lanes.now(), kind: 'budgets', budgets });
      });
    }
    for (const cw of scenario.coworkloads) {
      on(timer(cw.startS * 1000, env), () => {
        active.add(cw);
        tally.add(cw);
        trace({ t: lanes.now(), kind: 'coworkload', name: cw.name, event: 'start', unit: cw.unit });
        updateContention();
      });
      if (cw.endS !== null) {
        on(timer(cw.endS * 1000, env), () => {
          if (active.delete(cw)) tally.remove(cw);
          trace({ t: lanes.now(), kind: 'coworkload', name: cw.name, event: 'end', unit: cw.unit });
          updateContention();
        });
      }
    }
    for (const change of scenario.powerModes) {
      on(timer(change.atS * 1000, env), () => {
        board.setPowerMode(change.mode);
        trace({ t: lanes.now(), kind: 'power-mode', mode: change.mode });
      });
    }

    // Requests arrive, within the run: one due at its very end is the next run's.
    const onRequest = () => {
      if (lanes.now() >= durationMs) return;
      arrivals++;
      board.request(budgets.latencyMs ?? null);
    };
    // A periodic stream (the common one) straight from the scheduler, as requestTimes would make it.
    const r = scenario.requests;
    if (r.kind === 'periodic')
      onEvery(1000 / r.fps, lanes.lane(PRIORITY.request), { firstMs: 0, missed: 'catch-up' }, onRequest);
    else on(requestTimes(scenario, lanes.lane(PRIORITY.request), o.random.arrivals, completions), onRequest);

    // Sensors read, every sensor period. A read due at or before a control tick comes before the
    // decision: in virtual time the lanes' priorities order them; on a wall clock, two timers due at
    // the same millisecond fire in either order, so the tick takes a read still owed (by due time,
    // not by the clock's reading) itself, and the policy never sees a period-old reading by chance.
    const sensorMs = scenario.sensor.periodMs;
    // A window is judged against the cap in force when it began: budget changes land before sensor
    // reads at the same instant, and the window before the change ran under the old cap.
    let windowCapW: number | undefined;
    let sensorsRead = 0; // the last read done, as a count of sensor periods from the start
    const readSensors = (due: number) => {
      if (due <= sensorsRead) return;
      sensorsRead = due;
      const reading = board.readSensors();
      telemetry.read(reading);
      metrics.power(reading.powerW, reading.windowMs, windowCapW);
      windowCapW = budgets.powerW;
      if (o.trace) {
        const seen = telemetry.latest.telemetry;
        trace({
          t: lanes.now(),
          kind: 'sensor',
          freqMHz: reading.freqMHz,
          utilisation: mapValues(seen.units, (u) => u.utilisation),
          temperatureC: mapValues(seen.units, (u) => u.temperatureC),
          powerW: seen.powerW,
          // A copy: the policy is handed the telemetry's own record, which it may write to.
          powerByRailW: { ...seen.powerByRailW },
          truePowerW: reading.powerW,
          groups: board.config.groups,
        });
      }
    };
    on(timer(0, lanes.lane(PRIORITY.sensor)), () => (windowCapW = budgets.powerW));
    // With the sensor period equal to the control period every read is due with a tick, which takes
    // it first (below): one event a period instead of two. The same reads at the same times in the
    // same order: only a decision put in force at that instant (a control latency of whole periods)
    // runs on the control lane before the tick, and it takes the read itself first.
    if (sensorMs !== scenario.controlPeriodMs)
      onEvery(sensorMs, lanes.lane(PRIORITY.sensor), { missed: 'skip' }, (k) => readSensors(k + 1));

    // The policy decides.
    const controlMs = scenario.controlPeriodMs;
    const controlLane = lanes.lane(PRIORITY.control);
    const latencyMs = o.board?.kind === 'real' ? 0 : (o.controlLatencyMs ?? 0);
    const checkDecision = decisionChecker(platform, dnn);
    let decided: Configuration | null = null; // the last decision, until it is in force
    let decisions = 0; // decisions sent to the board with a latency, for telling the last one
    const timing = new DecisionSampler();
    let viewOf: Configuration | undefined;
    let configView: Configuration = board.config;
    onEvery(controlMs, controlLane, { missed: 'skip' }, (k) => {
      const timeMs = lanes.now();
      const dueMs = (k + 1) * controlMs;
      readSensors(Math.floor(dueMs / sensorMs + 1e-9));
      // On the wall clock a tick can come late; say so (in virtual time it never does).
      const lateMs = timeMs - dueMs;
      if (lateMs > controlMs) trace({ t: timeMs, kind: 'lag', lateMs });
      // What the policy reads is frozen or a copy: it cannot change the run by writing to it. The copy of
      // the configuration is made once per change and shared by the observations until the next one.
      if (board.config !== viewOf) {
        viewOf = board.config;
        configView = configCopy(viewOf);
      }
      // A watched observation's telemetry (of the read current now) is drawn when the policy first reads it (sensors.ts).
      const read = telemetry.latest;
      const source = sharedReads ? new OwnTelemetry(read) : read;
      const watched = telemetry.watchNext();
      // The array itself goes to the policy, and a new one collects the next period's (splice(0) copied it, slowly).
      const inferences = finished;
      finished = [];
      const observation: Observation = watched
        ? observationOf(
            timeMs,
            budgets,
            configView,
            source,
            inferences,
            arrivals,
            board.queueLength,
            board.freeCores(),
            board.powerMode,
          )
        : {
            timeMs,
            budgets,
            config: configView,
            telemetry: source.telemetry,
            inferences,
            arrivals,
            queueLength: board.queueLength,
            freeCores: board.freeCores(),
            powerMode: board.powerMode,
          };
      arrivals = 0;
      let decision: Configuration | null = null;
      const timed = timing.next();
      const started = timed > 0 ? o.wallNs?.() : undefined;
      try {
        decision = policy.decide(observation);
      } catch (err) {
        metrics.rejectedDecision();
        trace({
          t: timeMs,
          kind: 'rejected',
          reason: `decide() threw: ${err instanceof Error ? err.message : String(err)}`,
          decision: null,
        });
      }
      if (started !== undefined) metrics.decided(Number(o.wallNs!() - started) / 1000, timed);
      if (watched) telemetry.watched(read);
      if (decision === null) return;
      const checked = checkDecision(decision, board.powerMode);
      if (!checked.ok) {
        metrics.rejectedDecision();
        trace({ t: timeMs, kind: 'rejected', reason: checked.reason, decision: checked.decision });
        return;
      }
      const inForce = decided ?? board.config;
      if (checked.config === inForce || sameConfig(checked.config, inForce)) return;
      if (o.trace) trace({ t: timeMs, kind: 'decision', config: checked.config });
      if (latencyMs === 0) return board.apply(checked.config);
      decided = checked.config;
      const config = decided;
      // Which decision is the last one, by its number: the checker hands out one object for equal decisions.
      const mine = ++decisions;
      controlLane.schedule(() => {
        if (decisions === mine) decided = null;
        // A decision in force at a later tick's instant comes after that instant's sensor read, as it
        // did when the read had its own event on an earlier lane: the read due now is taken first.
        readSensors(Math.floor(lanes.now() / sensorMs + 1e-9));
        if (!ended) board.apply(config);
      }, latencyMs);
    });

    // The end.
    on(timer(durationMs, lanes.lane(PRIORITY.end)), () => {
      const energyMJ = board.energyNowMJ();
      const stats = o.runStats?.() ?? { events: 0, wallMs: 0 };
      const result = metrics.finish(lanes.now(), energyMJ, stats.events, stats.wallMs);
      // Wall-clock figures stay out of the trace, so equal runs give byte-identical traces.
      const { wallMs: _wall, decisionUs: _decision, ...traced } = result;
      trace({ t: lanes.now(), kind: 'end', metrics: traced });
      ended = true;
      stopSources();
      subscriber.next({ scenario: scenario.id, policy: policy.name, metrics: result });
      subscriber.complete();
    });

    return () => {
      stopSources();
      completions.complete();
    };
  });
}

function mapValues<T, U>(record: Record<string, T>, f: (value: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [k, v] of Object.entries(record)) out[k] = f(v);
  return out;
}
