/**
 * Bad input from a user (an unknown id, a value outside its range). The CLI prints the message as
 * one line and exits non-zero; library callers can catch it by class.
 */
export class InputError extends Error {
  override name = 'InputError';
}

/** "unknown platform 'foo' (valid: a, b, c)": the shape of every unknown-name error. */
export function unknownName(what: string, given: string, valid: readonly (string | number)[]): InputError {
  return new InputError(`unknown ${what} '${given}' (valid: ${valid.join(', ')})`);
}
