/** The platforms shipped with twinrtm, checked on first use. */
import { unknownName } from '../dnn/inputError.js';
import { checkPlatform } from './checkPlatform.js';
import host from './platforms/host.json' with { type: 'json' };
import jetsonNano from './platforms/jetson-nano.json' with { type: 'json' };
import odroidXu3 from './platforms/odroid-xu3.json' with { type: 'json' };
import raspberryPi4 from './platforms/raspberry-pi-4.json' with { type: 'json' };
import type { Platform } from './types.js';

const files: Record<string, unknown> = {
  'odroid-xu3': odroidXu3,
  'jetson-nano': jetsonNano,
  'raspberry-pi-4': raspberryPi4,
  host,
};
let checked: readonly Platform[] | undefined;

/** Every built-in platform, each checked against the schema once. */
export function builtinPlatforms(): readonly Platform[] {
  checked ??= Object.entries(files).map(([id, data]) =>
    checkPlatform(structuredClone(data), `built-in platform ${id}`),
  );
  return checked;
}

/** A built-in platform by id; an unknown id is an InputError listing the valid ones. */
export function platformById(id: string): Platform {
  const found = builtinPlatforms().find((p) => p.id === id);
  if (!found)
    throw unknownName(
      'platform',
      id,
      builtinPlatforms().map((p) => p.id),
    );
  return found;
}
