/**
 * The workload protocol: JSON Lines over a child process's stdin and stdout, so the built-in engine
 * runner and any other framework (PyTorch, TensorRT, ...) are driven the same way.
 *
 * - The parent writes one request per line: `{"groups": g, "sentAtMs": t}` (optionally `"layers": true`
 *   to ask for per-layer times, and `"confidenceThreshold": t` for anytime inference: run groups one
 *   at a time, up to g, and stop at the first whose answer has a top-1 probability of at least t). sentAtMs is when the parent wrote it on the system's monotonic clock
 *   (CLOCK_MONOTONIC, ms; monotonicMs()): a workload that stands for a board (the emulator's) starts the
 *   inference then; others may ignore it.
 * - The child answers each request, in order, with one line: `{"latencyMs": number}` and optionally
 *   `"layersMs": [number, ...]`, and, when it ran a labelled image, `"class": c, "label": l` (the
 *   class the DNN gave, the image's true one), `"confidence": p` (the answer's top-1 probability,
 *   where it knows it) and for anytime inference `"groupsRun": g` (the g it stopped at); or
 *   `{"error": "message"}`.
 * - Before its first answer the child may print one line `{"ready": true, ...}` with whatever it wants
 *   to say about itself (engine, threads, weights); the parent waits for it when asked to.
 * Anything else on stdout is a protocol error; stderr is passed through for the user.
 */

/** One request line to a workload (see the file's comment for the protocol). */
export interface WorkloadRequest {
  /** Active groups to run (with a confidence threshold: the most it may run). */
  groups: number;
  /** When the parent wrote it on the system's monotonic clock (CLOCK_MONOTONIC), ms. */
  sentAtMs?: number;
  /** Ask for per-layer times. */
  layers?: boolean;
  /** Anytime inference: stop at the first g whose top-1 probability is at least this. */
  confidenceThreshold?: number;
}

/**
 * The system's monotonic clock, ms: CLOCK_MONOTONIC on Linux (libuv's hrtime), the same in every
 * process of the machine, so a parent's and a workload's times compare.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * A reply: the DNN's time; when the input was a labelled image, the class it gave and the label; the
 * answer's probability where known; for anytime inference the g it stopped at.
 */
export type WorkloadReply =
  | {
      /** The DNN's own time for the inference, ms. */
      latencyMs: number;
      /** Each layer's time, ms, when asked for. */
      layersMs?: number[];
      /** The class the DNN gave, on a labelled image. */
      class?: number;
      /** The image's true class. */
      label?: number;
      /** The answer's top-1 probability, where known. */
      confidence?: number;
      /** Anytime inference: the g it stopped at. */
      groupsRun?: number;
    }
  | {
      /** Why the workload could not run the inference. */
      error: string;
    };

/** The line a workload may print before its first answer, saying what it is (engine, threads, weights). */
export interface ReadyLine {
  /** Always true: what marks the line. */
  ready: true;
  [key: string]: unknown;
}

/**
 * Parses one line from a workload.
 *
 * @returns the reply or the ready line, or `{ problem }` describing what is wrong with it (it does not throw)
 */
export function parseWorkloadLine(line: string): WorkloadReply | ReadyLine | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { problem: `not JSON: ${line.slice(0, 80)}` };
  }
  if (typeof value !== 'object' || value === null) return { problem: `not an object: ${line.slice(0, 80)}` };
  const v = value as Record<string, unknown>;
  if (v.ready === true) return v as ReadyLine;
  if (typeof v.error === 'string') return { error: v.error };
  const latency = v.latencyMs;
  if (typeof latency !== 'number' || !Number.isFinite(latency) || latency < 0)
    return { problem: `no latencyMs (a number >= 0) in ${line.slice(0, 80)}` };
  const layers = v.layersMs;
  if (
    layers !== undefined &&
    !(Array.isArray(layers) && layers.every((x) => typeof x === 'number' && Number.isFinite(x)))
  ) {
    return { problem: `layersMs is not a list of numbers in ${line.slice(0, 80)}` };
  }
  const answer: { class?: number; label?: number } = {};
  for (const key of ['class', 'label'] as const) {
    const x = v[key];
    if (x === undefined) continue;
    if (!(typeof x === 'number' && Number.isInteger(x) && x >= 0))
      return { problem: `${key} is not a class index (an integer >= 0) in ${line.slice(0, 80)}` };
    answer[key] = x;
  }
  if ((answer.class === undefined) !== (answer.label === undefined))
    return { problem: `class and label come together in ${line.slice(0, 80)}` };
  const confidence = v.confidence;
  if (confidence !== undefined && !(typeof confidence === 'number' && confidence >= 0 && confidence <= 1)) {
    return { problem: `confidence is not a probability (a number in 0..1) in ${line.slice(0, 80)}` };
  }
  const groupsRun = v.groupsRun;
  if (groupsRun !== undefined && !(typeof groupsRun === 'number' && Number.isInteger(groupsRun) && groupsRun >= 1)) {
    return { problem: `groupsRun is not a group count (an integer >= 1) in ${line.slice(0, 80)}` };
  }
  return {
    latencyMs: latency,
    ...(layers === undefined ? {} : { layersMs: layers as number[] }),
    ...answer,
    ...(confidence === undefined ? {} : { confidence }),
    ...(groupsRun === undefined ? {} : { groupsRun }),
  };
}
