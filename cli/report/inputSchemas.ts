/**
 * The shape the report needs of each kind of JSON it recognises: the fields its figures and its table
 * read, with their types. Extra fields are allowed (newer outputs add some); a missing or mistyped
 * field is refused in one line naming the file and the field (checkAgainstSchema), instead of a
 * TypeError deep inside a figure.
 */
const num = { type: 'number' } as const;
const int = { type: 'integer' } as const;
const numOrNull = { type: ['number', 'null'] } as const;
const str = { type: 'string' } as const;

function obj(properties: Record<string, object>, optional: readonly string[] = []): object {
  return { type: 'object', properties, required: Object.keys(properties).filter((k) => !optional.includes(k)) };
}
const arr = (items: object) => ({ type: 'array', items });
const nullOr = (schema: object) => ({ anyOf: [{ type: 'null' }, schema] });

/** The metrics the comparison figure and the metrics table read (sim/metrics.ts Metrics). */
const METRICS = obj({
  inferences: num,
  deadlineMissRate: numOrNull,
  latencyMs: obj({ p50: numOrNull, p95: numOrNull, p99: numOrNull }),
  energyPerInferenceMJ: numOrNull,
  avgPowerW: num,
  peakPowerW: num,
  overPowerCapFraction: numOrNull,
  meanGroups: numOrNull,
  meanAccuracy: numOrNull,
  reconfigurations: num,
});

/** `simulate --json` (cli/outputTypes.ts SimulateJson). */
export const SIMULATE_SCHEMA = obj({ scenario: str, seed: int, results: arr(obj({ policy: str, metrics: METRICS })) });

const CONFIG = obj({ unit: str, groups: int, cores: int, freqMHz: { type: 'object', additionalProperties: num } });

/** `space --json` (SpaceJson). */
export const SPACE_SCHEMA = obj({
  platform: str,
  dnn: str,
  spaceSize: int,
  pareto: nullOr(arr(str)),
  count: int,
  configs: arr(obj({ config: CONFIG, timeMs: num, energyMJ: num, avgPowerW: num, accuracy: numOrNull })),
});

const RANGE = obj({ time: num, energy: num });

/** `ranges --json` (models/dynamicRange.ts DynamicRange, with the platform and network it is of). */
export const RANGES_SCHEMA = obj(
  {
    groupsOnly: obj({ time: num, energy: num, at: obj({ unit: str, cores: int, freqMHz: num }) }),
    withMapping: RANGE,
    withMappingAndDvfs: RANGE,
    platform: str,
    dnn: str,
  },
  // Output from before ranges --json named them.
  ['platform', 'dnn'],
);

const POINT = obj({
  unit: str,
  groups: int,
  cores: int,
  freqMHz: num,
  busyCores: int,
  repeats: int,
  timeMs: obj({ predicted: num, measured: num }),
});

/** `calibrate --json` (CalibrateJson). */
export const CALIBRATE_SCHEMA = obj({
  platform: str,
  dnn: str,
  rows: int,
  params: { type: 'array' },
  validation: obj({
    folds: int,
    points: arr(POINT),
    perUnit: {
      type: 'object',
      additionalProperties: obj({ configurationTime: nullOr(obj({ within10: num })) }, ['configurationTime']),
    },
    holdout: nullOr(obj({ points: arr(POINT) })),
  }),
});

const ACCURACY = nullOr(obj({ mape: num }));

/** `hil compare --json` (CompareJson). */
export const COMPARE_SCHEMA = obj({
  scenario: str,
  policy: str,
  power: { enum: ['measured', 'modelled', 'twin'] },
  latency: ACCURACY,
  energy: ACCURACY,
  powerAccuracy: ACCURACY,
  windows: arr(
    obj({
      startS: num,
      endS: num,
      measuredLatencyMs: numOrNull,
      predictedLatencyMs: numOrNull,
      measuredPowerW: numOrNull,
      predictedPowerW: numOrNull,
    }),
  ),
});

const QUANTITY = { enum: ['time', 'power'] } as const;
const strOrNull = { type: ['string', 'null'] } as const;

/** `validate --json` (ValidateJson in cli/commands/validate.ts): the groups' metrics and every value compared. */
export const VALIDATE_SCHEMA = obj({
  dataset: str,
  platform: str,
  dnn: strOrNull,
  runtime: strOrNull,
  format: { enum: ['calibration', 'powmon', 'ncnn'] },
  groups: arr(
    obj({
      unit: str,
      runtime: strOrNull,
      quantity: QUANTITY,
      n: int,
      mapePct: num,
      biasPct: num,
      within10: num,
      spearman: numOrNull,
    }),
  ),
  compared: arr(
    obj({ line: int, unit: str, runtime: strOrNull, quantity: QUANTITY, label: str, measured: num, predicted: num }),
  ),
});
