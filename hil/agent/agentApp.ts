/**
 * The board agent's HTTP face (express 5), for `twinrtm agent`: a bearer-token check, small JSON
 * bodies, and one route per session operation. Kept thin (STYLE.md item 15): routes parse the
 * request and call AgentSession; every answer, errors included, is JSON, except the telemetry
 * event stream.
 *
 * Routes (all under the token):
 * - GET  /v1/capabilities           the adapter's capabilities
 * - GET  /v1/telemetry              one snapshot plus `timeMs` (agent clock)
 * - GET  /v1/telemetry/stream       server-sent events: `telemetry` every `?periodMs=` (10..10000, default
 *                                   100), `inference` as inferences finish, `watchdog` when it trips,
 *                                   `telemetry-error` when a sensor read throws
 * - GET  /v1/session                the session: config, workload, co-workloads, watchdogMs (also a keepalive)
 * - POST /v1/config                 {groups, unit, cores, freqMHz} -> the complete configuration
 * - POST /v1/workload/start         {unit?, cores?} -> {unit, cores, cpus, ready} (the same one running: kept)
 * - POST /v1/workload/stop          -> {stopped}
 * - POST /v1/infer                  {groups?, confidenceThreshold?} -> {groups, unit, cores, latencyMs, startMs,
 *                                   endMs, correct?, confidence?, confidenceThreshold?, groupsRun?}
 * - POST /v1/coworkload/start       {name, unit, cores, utilisation?, busiestShare?} -> {name, unit, cores, cpus, utilisation, busiestShare?}
 * - POST /v1/coworkload/stop        {name} -> {name, stopped}
 * - GET  /v1/rtapp                  {binary, running}: the rt-app the agent starts (null: none)
 * - POST /v1/rtapp/start            {name, text} (an rt-app file, up to 1 MB) -> {name, started}
 * - POST /v1/rtapp/stop             {name} -> {name, files: [{file, text}]} (rt-app's logs and output)
 * - POST /v1/rtapp/calibrate        {cpu} -> {cpu, nsPerLoop}: rt-app's calibration run on that cpu
 *
 * Statuses: 400 bad input, 401 no or wrong token, 404 unknown route, 409 a request that does not fit
 * the state (an inference with no workload), 413 a body over the limit, 500 anything else.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { InputError } from '../../dnn/inputError.js';
import { AgentSession, type AgentEvent, type AgentSessionOptions } from './agentSession.js';
import { bearerTokenMatches } from './bearerToken.js';
import {
  readConfiguration,
  readCoworkloadStart,
  readCoworkloadStop,
  readInfer,
  readRtappCalibrate,
  readRtappStart,
  readStreamPeriodMs,
  readWorkloadStart,
  RTAPP_BODY_LIMIT,
} from './requestBodies.js';
import { formatEvent } from './serverSentEvents.js';
import { StateConflict } from './stateConflict.js';
import { nodeTimers } from './watchdog.js';

/** The session's options plus what HTTP needs. */
export interface AgentAppOptions extends AgentSessionOptions {
  /** The shared secret every request must carry as `Authorization: Bearer TOKEN` (non-empty). */
  token: string;
  /** Largest accepted JSON body, in body-parser's notation (default '16kb': the largest body is a configuration). */
  bodyLimit?: string;
}

/** An agent ready to be served: the express app (not listening) and what stops it. */
export interface AgentApp {
  readonly app: Express;
  readonly session: AgentSession;
  /** Ends every event stream, stops the watchdog and every process, and restores the board. */
  close(): Promise<void>;
}

const STREAM_PATH = '/v1/telemetry/stream';

/** The status an error is answered with. */
function statusOf(err: unknown): number {
  if (err instanceof InputError) return 400;
  if (err instanceof StateConflict) return 409;
  // body-parser's own errors (bad JSON, too large, bad charset) carry their 4xx status and are safe to show.
  const e = err as { status?: unknown; expose?: unknown } | null;
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true) return e.status;
  return 500;
}

function messageOf(err: unknown): string {
  if ((err as { type?: unknown } | null)?.type === 'entity.parse.failed')
    return `the request body is not valid JSON: ${(err as Error).message}`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Builds the agent: saves the board's state (what the watchdog and close() restore) and wires the routes.
 *
 * @param o - the board, the models, the process starters, the token and the watchdog period
 * @returns the app and its close()
 * @throws InputError when the token is empty
 */
export function createAgentApp(o: AgentAppOptions): AgentApp {
  if (o.token === '') throw new InputError('the agent token must not be empty');
  const session = new AgentSession(o);
  const timers = o.timers ?? nodeTimers;
  const streamEnders = new Set<() => void>();
  const app = express();
  app.disable('x-powered-by');
  // Telemetry changes on every read: a 304 would hand out a stale snapshot.
  app.set('etag', false);

  // The token comes first: nothing from an unknown client is parsed or fed to the watchdog.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (bearerTokenMatches(req.get('authorization'), o.token)) return next();
    const given = req.get('authorization') !== undefined;
    res.set(
      'WWW-Authenticate',
      given ? 'Bearer realm="twinrtm-agent", error="invalid_token"' : 'Bearer realm="twinrtm-agent"',
    );
    res
      .status(401)
      .json({ error: given ? 'the bearer token is not valid' : 'an Authorization: Bearer token is required' });
  });

  // The body is read before the request counts as a sign of life: a client that sends part of a
  // body and holds the socket must not keep the watchdog from restoring the board (the server's
  // request timeout then ends it).
  // An rt-app file is the one large body (Debian's largest example is 6 kB).
  app.use('/v1/rtapp/start', express.json({ limit: RTAPP_BODY_LIMIT }));
  app.use(express.json({ limit: o.bodyLimit ?? '16kb' }));

  // Every authorised request feeds the watchdog; one in progress holds it off until it is answered.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' && req.path === STREAM_PATH) session.touch();
    else {
      res.once('close', () => session.end());
      session.begin();
    }
    next();
  });

  app.get('/v1/capabilities', (_req, res) => {
    res.json(session.capabilities());
  });
  app.get('/v1/telemetry', (_req, res) => {
    res.json(session.telemetry());
  });
  app.get('/v1/session', (_req, res) => {
    res.json(session.status());
  });

  app.get(STREAM_PATH, (req, res) => {
    const periodMs = readStreamPeriodMs(req.query.periodMs);
    res.status(200).set({
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    const send = (event: string, data: unknown) => {
      if (!res.writableEnded && !res.destroyed) res.write(formatEvent(event, data));
    };
    let timer: unknown = null;
    const tick = () => {
      try {
        send('telemetry', session.telemetry());
      } catch (err) {
        // One failed read should not end the stream: the next may succeed.
        send('telemetry-error', { error: messageOf(err) });
      }
      timer = timers.setTimeout(tick, periodMs);
    };
    const unsubscribe = session.subscribe(({ kind, ...data }: AgentEvent) => send(kind, data));
    const end = () => {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      unsubscribe();
      streamEnders.delete(end);
      if (!res.writableEnded) res.end();
    };
    streamEnders.add(end);
    res.once('close', end);
    tick();
  });

  app.post('/v1/config', (req, res) => {
    res.json(session.configure(readConfiguration(req.body)));
  });
  app.post('/v1/workload/start', async (req, res) => {
    res.json(await session.startWorkload(readWorkloadStart(req.body)));
  });
  app.post('/v1/workload/stop', async (_req, res) => {
    res.json(await session.stopWorkload());
  });
  app.post('/v1/infer', async (req, res) => {
    res.json(await session.infer(readInfer(req.body)));
  });
  app.post('/v1/coworkload/start', (req, res) => {
    res.json(session.startCoworkload(readCoworkloadStart(req.body)));
  });
  app.post('/v1/coworkload/stop', (req, res) => {
    res.json(session.stopCoworkload(readCoworkloadStop(req.body).name));
  });

  app.get('/v1/rtapp', (_req, res) => {
    res.json(session.rtapp.status());
  });
  app.post('/v1/rtapp/start', async (req, res) => {
    const { name, text } = readRtappStart(req.body);
    res.json(await session.rtapp.start(name, text));
  });
  app.post('/v1/rtapp/calibrate', async (req, res) => {
    res.json(await session.rtapp.calibrate(readRtappCalibrate(req.body).cpu));
  });
  app.post('/v1/rtapp/stop', async (req, res) => {
    res.json(await session.rtapp.stop(readCoworkloadStop(req.body).name));
  });

  app.use((req: Request, res: Response) => {
    res.status(404).json({ error: `no route ${req.method} ${req.path}` });
  });

  // Four parameters mark it as express's error handler; it never sends HTML or a stack.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(statusOf(err)).json({ error: messageOf(err) });
  });

  return {
    app,
    session,
    close: async () => {
      for (const end of [...streamEnders]) end();
      await session.close();
    },
  };
}
