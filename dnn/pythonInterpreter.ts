/**
 * The Python that runs the project's PyTorch parts (the trainer, the torch workload): Debian's
 * /usr/bin/python3, the one python3-torch installs for; TWINRTM_PYTHON overrides it.
 */
export const DEFAULT_PYTHON = '/usr/bin/python3';

/** The Python to run: TWINRTM_PYTHON when set, else {@link DEFAULT_PYTHON}. */
export function pythonInterpreter(): string {
  return process.env.TWINRTM_PYTHON ?? DEFAULT_PYTHON;
}
