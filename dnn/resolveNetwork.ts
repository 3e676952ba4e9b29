/**
 * Turns a network file's contents into a resolved Dnn: schema check, then every shape derived and
 * every rule the schema cannot express checked, each failure naming the file and the field.
 */
import { checkAccuracyTable } from './checkAccuracyTable.js';
import networkSchema from './schema/network.schema.json' with { type: 'json' };
import { checkAgainstSchema, DataFileError } from './schemaCheck.js';
import type { Dnn, Layer, LayerKind, LayerSpec, NetworkSpec } from './types.js';

/**
 * Validates a parsed network spec and derives every layer's shapes.
 *
 * In plain words: check the file, then walk the layers from the input, working out each layer's input
 * and output shape and whether its channels arrive split into groups.
 *
 * Shapes: conv and pool out = floor((in + 2 * padding - kernel) / stride) + 1, a pool keeping its
 * channels; fc flattens its input channel-major (so each channel group's features are contiguous):
 * inChannels = C * H * W, inH = inW = outH = outW = 1, kernel 1.
 * Defaults: stride 1, padding 0, batchNorm false; grouped true for conv and fc except the last fc
 * (the classifier), false there; a pool is grouped exactly when its input is.
 * Order: the first layer is a conv or fc; a pool follows a conv or pool; nothing but fc follows an fc.
 *
 * @param spec - the parsed JSON of a network file
 * @param file - the name shown in errors (a path, or "built-in network file ...")
 * @returns a deep-frozen Dnn (frozen because cost memos are keyed on the object)
 * @throws DataFileError for a schema violation or a broken rule, naming the field
 */
export function resolveNetwork(spec: unknown, file: string): Dnn {
  const network = checkAgainstSchema<NetworkSpec>(networkSchema, spec, file);
  const dnn: Dnn = {
    id: network.id,
    description: network.description,
    input: [network.input[0], network.input[1], network.input[2]],
    groups: network.groups,
    structure: network.structure,
    layers: resolveLayers(network, file),
    accuracy: checkAccuracyTable(network.accuracy, network.groups, file),
    rationale: [...(network.rationale ?? [])],
  };
  return deepFreeze(dnn);
}

/** The tensor arriving at a layer: its shape and whether it is split into the G groups. */
interface Incoming {
  channels: number;
  h: number;
  w: number;
  grouped: boolean;
}

function resolveLayers(network: NetworkSpec, file: string): Layer[] {
  const G = network.groups;
  const lastFc = network.layers.map((layer) => layer.kind).lastIndexOf('fc');
  const firstIndexOfName = new Map<string, number>();
  const layers: Layer[] = [];
  let incoming: Incoming = { channels: network.input[0], h: network.input[1], w: network.input[2], grouped: false };
  let previousKind: LayerKind | null = null;
  let convSeen = false;

  network.layers.forEach((spec, index) => {
    const fail = (field: string, problem: string): never => {
      throw new DataFileError(file, `layers[${index}]${field === '' ? '' : `.${field}`}`, problem);
    };
    const earlier = firstIndexOfName.get(spec.name);
    if (earlier !== undefined) fail('name', `duplicates layers[${earlier}].name ('${spec.name}')`);
    firstIndexOfName.set(spec.name, index);

    if (spec.kind !== 'fc' && previousKind === 'fc') {
      fail('kind', `a ${spec.kind} layer cannot follow an fc layer (fc flattens its input; only fc may follow)`);
    }
    if (spec.kind === 'pool' && !convSeen) fail('kind', 'a pool layer needs a conv layer before it');

    const layer =
      spec.kind === 'fc' ? resolveFc(spec, incoming, index === lastFc, fail) : resolveWindowed(spec, incoming, fail);
    if (layer.kind !== 'pool' && layer.grouped && layer.outChannels % G !== 0) {
      fail('outChannels', `must be divisible by groups (${G})`);
    }
    layers.push({ ...layer, readsInput: index === 0, inputGrouped: incoming.grouped });
    incoming = { channels: layer.outChannels, h: layer.outH, w: layer.outW, grouped: layer.grouped };
    previousKind = spec.kind;
    convSeen ||= spec.kind === 'conv';
  });
  return layers;
}

type Fail = (field: string, problem: string) => never;
type ResolvedShape = Omit<Layer, 'readsInput' | 'inputGrouped'>;

/** conv and pool: a square window sliding over the input map. */
function resolveWindowed(spec: LayerSpec, incoming: Incoming, fail: Fail): ResolvedShape {
  const isPool = spec.kind === 'pool';
  const kernel = spec.kernel ?? fail('kernel', `is required for a ${spec.kind} layer`);
  const stride = spec.stride ?? 1;
  const padding = spec.padding ?? 0;
  if (isPool) {
    if (spec.outChannels !== undefined)
      fail('outChannels', 'must not be given for a pool layer (it keeps its input channels)');
    if (spec.batchNorm === true) fail('batchNorm', 'must not be true for a pool layer (a pool has no parameters)');
    if (spec.grouped !== undefined && spec.grouped !== incoming.grouped) {
      fail('grouped', `must be ${incoming.grouped} like the layer before it (a pool keeps its input's groups)`);
    }
    // PyTorch's rule: a window made mostly of padding would take the max over nothing real.
    if (2 * padding > kernel) fail('padding', `must be at most half the kernel (${kernel}) for a pool layer`);
  }
  const outChannels = isPool
    ? incoming.channels
    : (spec.outChannels ?? fail('outChannels', 'is required for a conv layer'));
  const outH = Math.floor((incoming.h + 2 * padding - kernel) / stride) + 1;
  const outW = Math.floor((incoming.w + 2 * padding - kernel) / stride) + 1;
  if (outH < 1 || outW < 1) {
    fail(
      'kernel',
      `leaves no output: a ${incoming.h}x${incoming.w} input with kernel ${kernel}, stride ${stride}, ` +
        `padding ${padding} gives ${outH}x${outW}`,
    );
  }
  return {
    name: spec.name,
    kind: spec.kind,
    inChannels: incoming.channels,
    outChannels,
    kernel,
    stride,
    padding,
    inH: incoming.h,
    inW: incoming.w,
    outH,
    outW,
    grouped: isPool ? incoming.grouped : (spec.grouped ?? true),
    batchNorm: spec.batchNorm ?? false,
  };
}

/** fc: reads its input flattened channel-major, so a channel group's features stay contiguous. */
function resolveFc(spec: LayerSpec, incoming: Incoming, isClassifier: boolean, fail: Fail): ResolvedShape {
  for (const field of ['kernel', 'stride', 'padding'] as const) {
    if (spec[field] !== undefined)
      fail(field, 'must not be given for an fc layer (it reads its whole input flattened)');
  }
  return {
    name: spec.name,
    kind: 'fc',
    inChannels: incoming.channels * incoming.h * incoming.w,
    outChannels: spec.outChannels ?? fail('outChannels', 'is required for an fc layer'),
    kernel: 1,
    stride: 1,
    padding: 0,
    inH: 1,
    inW: 1,
    outH: 1,
    outW: 1,
    grouped: spec.grouped ?? !isClassifier,
    batchNorm: spec.batchNorm ?? false,
  };
}

/** Freezes an object and everything it holds (a Dnn is immutable: cost memos are keyed on it). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
