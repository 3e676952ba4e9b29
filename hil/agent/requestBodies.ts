/**
 * The shapes of the agent's request bodies and query values, read into typed values. Only the
 * shape is checked here (a number where a number belongs); whether a value fits the board is the
 * session's business. Every refusal is one InputError naming the field, answered as 400.
 */
import { InputError } from '../../dnn/inputError.js';
import type { Configuration } from '../../models/types.js';

type Fields = Record<string, unknown>;

/** Bounds of the event stream's period, ms: faster floods the link, slower is useless for control. */
export const STREAM_PERIOD_MS = { default: 100, min: 10, max: 10_000 } as const;

/** The body as an object; a missing body is an empty one when every field is optional. */
function objectOf(body: unknown, allowEmpty: boolean): Fields {
  if (body === undefined && allowEmpty) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError('the request body must be a JSON object (Content-Type: application/json)');
  }
  return body as Fields;
}

function own(o: Fields, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function numberField(o: Fields, key: string, required: true): number;
function numberField(o: Fields, key: string, required: false): number | undefined;
function numberField(o: Fields, key: string, required: boolean): number | undefined {
  const v = own(o, key);
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new InputError(`${key} must be a number (got ${JSON.stringify(v) ?? 'nothing'})`);
  return v;
}

function stringField(o: Fields, key: string, required: true): string;
function stringField(o: Fields, key: string, required: false): string | undefined;
function stringField(o: Fields, key: string, required: boolean): string | undefined {
  const v = own(o, key);
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v === '')
    throw new InputError(`${key} must be a non-empty string (got ${JSON.stringify(v) ?? 'nothing'})`);
  return v;
}

/** POST /v1/config: `{groups, unit, cores, freqMHz: {unit: MHz}}`. */
export function readConfiguration(body: unknown): Configuration {
  const o = objectOf(body, false);
  const f = own(o, 'freqMHz');
  if (typeof f !== 'object' || f === null || Array.isArray(f))
    throw new InputError('freqMHz must be an object of unit -> MHz');
  const freqMHz: Record<string, number> = {};
  for (const [unit, mhz] of Object.entries(f)) {
    if (typeof mhz !== 'number' || !Number.isFinite(mhz))
      throw new InputError(`freqMHz.${unit} must be a number (got ${JSON.stringify(mhz)})`);
    freqMHz[unit] = mhz;
  }
  return {
    groups: numberField(o, 'groups', true),
    unit: stringField(o, 'unit', true),
    cores: numberField(o, 'cores', true),
    freqMHz,
  };
}

/** POST /v1/workload/start: `{unit?, cores?}`, each defaulting to the configuration in force. */
export function readWorkloadStart(body: unknown): { unit?: string; cores?: number } {
  const o = objectOf(body, true);
  const unit = stringField(o, 'unit', false);
  const cores = numberField(o, 'cores', false);
  return { ...(unit === undefined ? {} : { unit }), ...(cores === undefined ? {} : { cores }) };
}

/** POST /v1/infer: `{groups?}`, defaulting to the configuration in force. */
export function readInfer(body: unknown): { groups?: number; confidenceThreshold?: number } {
  const o = objectOf(body, true);
  const groups = numberField(o, 'groups', false);
  const confidenceThreshold = numberField(o, 'confidenceThreshold', false);
  if (confidenceThreshold !== undefined && groups === undefined)
    throw new InputError('confidenceThreshold comes with groups (the most the inference runs)');
  return {
    ...(groups === undefined ? {} : { groups }),
    ...(confidenceThreshold === undefined ? {} : { confidenceThreshold }),
  };
}

/**
 * POST /v1/coworkload/start: `{name, unit, cores, utilisation?, busiestShare?}` (utilisation 0..1,
 * default 1; busiestShare 0..1, the busiest cpu's share where it is not the held cores' utilisation).
 */
export function readCoworkloadStart(body: unknown): {
  name: string;
  unit: string;
  cores: number;
  utilisation: number;
  busiestShare?: number;
} {
  const o = objectOf(body, false);
  const utilisation = numberField(o, 'utilisation', false) ?? 1;
  if (utilisation < 0 || utilisation > 1) throw new InputError(`utilisation ${utilisation} is outside 0..1`);
  const busiestShare = numberField(o, 'busiestShare', false);
  if (busiestShare !== undefined && (busiestShare < 0 || busiestShare > 1))
    throw new InputError(`busiestShare ${busiestShare} is outside 0..1`);
  return {
    name: stringField(o, 'name', true),
    unit: stringField(o, 'unit', true),
    cores: numberField(o, 'cores', true),
    utilisation,
    ...(busiestShare === undefined ? {} : { busiestShare }),
  };
}

/** POST /v1/coworkload/stop: `{name}`. */
export function readCoworkloadStop(body: unknown): { name: string } {
  return { name: stringField(objectOf(body, false), 'name', true) };
}

/** The largest body of POST /v1/rtapp/start, in body-parser's notation. */
export const RTAPP_BODY_LIMIT = '1mb';

/** POST /v1/rtapp/start: `{name, text}`, text an rt-app file. */
export function readRtappStart(body: unknown): { name: string; text: string } {
  const o = objectOf(body, false);
  return { name: stringField(o, 'name', true), text: stringField(o, 'text', true) };
}

/** POST /v1/rtapp/calibrate: `{cpu}`, a cpu number. */
export function readRtappCalibrate(body: unknown): { cpu: number } {
  const cpu = numberField(objectOf(body, false), 'cpu', true);
  if (!Number.isInteger(cpu) || cpu < 0 || cpu > 4095) throw new InputError(`cpu ${cpu} is not a cpu number (0..4095)`);
  return { cpu };
}

/** `?periodMs=` of the telemetry stream: an integer within STREAM_PERIOD_MS (default when absent). */
export function readStreamPeriodMs(value: unknown): number {
  if (value === undefined) return STREAM_PERIOD_MS.default;
  const text = typeof value === 'string' ? value : '';
  const ms = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(ms >= STREAM_PERIOD_MS.min && ms <= STREAM_PERIOD_MS.max)) {
    throw new InputError(
      `periodMs ${JSON.stringify(value)} must be an integer in ${STREAM_PERIOD_MS.min}..${STREAM_PERIOD_MS.max}`,
    );
  }
  return ms;
}
