/** Programs twinrtm starts from outside Node (Chromium, rt-app), found as a shell would find them. */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The first of these programs that can be started: a name with a '/' as the path it is; any other
 * looked up on PATH, directory by directory.
 * @returns its path, or null where none is found
 */
export function findProgram(names: readonly string[], env: NodeJS.ProcessEnv = process.env): string | null {
  for (const name of names) if (name.includes('/') && executable(name)) return name;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const name of names) {
      if (name.includes('/')) continue;
      const path = join(dir, name);
      if (executable(path)) return path;
    }
  }
  return null;
}
