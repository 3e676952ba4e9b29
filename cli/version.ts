/** The package version, read from package.json so the two never disagree. */
import pkg from '../package.json' with { type: 'json' };

export function version(): string {
  return pkg.version;
}
