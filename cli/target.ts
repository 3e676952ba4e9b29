/**
 * The options every model command shares: which platform and which DNN, built in or from a file.
 */
import type { Command } from 'commander';
import { builtinNetworks, DEFAULT_DNN_ID, networkById } from '../dnn/builtinNetworks.js';
import { InputError } from '../dnn/inputError.js';
import { loadNetworkFile } from '../dnn/loadNetworkFile.js';
import type { Dnn } from '../dnn/types.js';
import { builtinPlatforms, platformById } from '../models/builtinPlatforms.js';
import { loadPlatformFile } from '../models/loadPlatformFile.js';
import type { Platform } from '../models/types.js';

export const DEFAULT_PLATFORM_ID = 'odroid-xu3';

export interface TargetOptions {
  platform?: string;
  platformFile?: string;
  dnn?: string;
  dnnFile?: string;
  powerMode?: string;
}

export function addTargetOptions(command: Command): Command {
  return command
    .option(
      '--platform <id>',
      `built-in platform (${builtinPlatforms()
        .map((p) => p.id)
        .join(', ')}); default ${DEFAULT_PLATFORM_ID}`,
    )
    .option('--platform-file <file>', 'platform JSON file instead (e.g. the output of twinrtm calibrate)')
    .option(
      '--dnn <id>',
      `built-in network (${builtinNetworks()
        .map((d) => d.id)
        .join(', ')}); default ${DEFAULT_DNN_ID}`,
    )
    .option(
      '--dnn-file <file>',
      'network file instead: JSON spec, .onnx model, or a per-group ONNX manifest (.groups.json)',
    )
    .option('--power-mode <id>', "power mode whose limits apply (default: the platform's default)");
}

export function resolvePlatform(options: TargetOptions): Platform {
  if (options.platform !== undefined && options.platformFile !== undefined) {
    throw new InputError('give --platform or --platform-file, not both');
  }
  return options.platformFile !== undefined
    ? loadPlatformFile(options.platformFile)
    : platformById(options.platform ?? DEFAULT_PLATFORM_ID);
}

export function resolveDnn(options: TargetOptions): Dnn {
  if (options.dnn !== undefined && options.dnnFile !== undefined)
    throw new InputError('give --dnn or --dnn-file, not both');
  return options.dnnFile !== undefined ? loadNetworkFile(options.dnnFile) : networkById(options.dnn ?? DEFAULT_DNN_ID);
}
