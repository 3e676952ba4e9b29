/**
 * Validates a parsed JSON document against a JSON Schema and turns the validator's report into one
 * readable error naming the file and the field.
 *
 * Lives at the bottom of the import graph (dnn/) so that every data loader above it (platforms,
 * scenarios, calibration output) reports bad files the same way.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/** Thrown for a data file that does not match its schema or is not JSON; the message is one line. */
export class DataFileError extends Error {
  override name = 'DataFileError';
  /**
   * @param file - the file, as the user named it
   * @param field - the path of the field at fault, e.g. `units[0].opps.points[2].freqMHz` ('' for the whole file)
   * @param problem - what is wrong with it and what was expected
   */
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(field === '' ? `${file}: ${problem}` : `${file}: ${field}: ${problem}`);
  }
}

const ajv = new Ajv({
  allErrors: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
  discriminator: true,
});
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** JSON pointer "/units/0/opps/3/freqMHz" as a field path "units[0].opps[3].freqMHz". */
export function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`), '');
}

function describe(error: ErrorObject): { field: string; problem: string } {
  let field = fieldPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    const extra = String(params.additionalProperty);
    field = field === '' ? extra : `${field}.${extra}`;
    return { field, problem: 'unknown field (check its spelling)' };
  }
  if (error.keyword === 'required') {
    const missing = String(params.missingProperty);
    field = field === '' ? missing : `${field}.${missing}`;
    return { field, problem: 'is required but missing' };
  }
  if (error.keyword === 'oneOf' && error.schemaPath.endsWith('exactlyOneProvenance/oneOf')) {
    return { field, problem: 'must say where its numbers come from with exactly one of source, prior, calibration' };
  }
  if (error.keyword === 'enum') {
    const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
    return { field, problem: `must be one of ${allowed}` };
  }
  return { field, problem: error.message ?? 'is invalid' };
}

/**
 * Checks `data` against `schema`; returns it typed as T when it matches, throws DataFileError otherwise.
 * @param file the name shown to the user (a path, or "built-in platform odroid-xu3")
 */
export function checkAgainstSchema<T>(schema: object, data: unknown, file: string): T {
  const validate = validatorFor(schema);
  if (validate(data)) return data as T;
  // A branch of the provenance choice fails for every block that has another provenance; the oneOf
  // error itself says what is wrong.
  const errors = (validate.errors ?? []).filter((e) => !e.schemaPath.includes('exactlyOneProvenance/oneOf/'));
  // The deepest error is the most specific one; oneOf/anyOf wrappers come after their branches.
  const first = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
  if (!first) throw new DataFileError(file, '', 'does not match its schema');
  const { field, problem } = describe(first);
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  throw new DataFileError(file, field, problem + more);
}

/** Parses JSON text, reporting a syntax error as a DataFileError for `file`. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    // JSON.parse quotes the text around the error, newlines included; keep the report to one line.
    throw new DataFileError(file, '', `is not valid JSON (${(err as Error).message.replace(/\s+/g, ' ')})`);
  }
}
