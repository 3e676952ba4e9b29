/**
 * `twinrtm train`: incremental group training of a built-in network in PyTorch. The training itself is
 * the Python package dnn/train/ (the one part of the project that is not TypeScript), run with
 * Debian's /usr/bin/python3, where Debian's python3-torch installs; this command checks the options,
 * starts it, passes its progress through to stderr and prints what it wrote.
 */
import { pythonInterpreter } from '../../dnn/pythonInterpreter.js';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { DEFAULT_DNN_ID, networkById } from '../../dnn/builtinNetworks.js';
import { packageRootHolding } from '../../dnn/packageFile.js';
import type { AccuracyTable } from '../../dnn/types.js';
import { InputError, unknownName } from '../../dnn/inputError.js';
import { printJson, type Io } from '../io.js';
import { parseCount } from '../parse.js';
import { formatTable } from '../table.js';

/** Data sets the trainer reads. */
export const TRAIN_DATASETS = ['fashion-mnist', 'cifar10'] as const;
const INSTALL_TORCH = "install Debian's python3-torch: apt-get install python3-torch";
/** The line the Python side ends with on bad input (exit 2) or a missing module (exit 3). */
const ERROR_PREFIX = 'dnn.train: error: ';

interface TrainCliOptions {
  dataset: string;
  data?: string;
  epochs: string;
  seed: string;
  limit?: string;
  dnn: string;
  out: string;
  json?: boolean;
}

/** What the trainer prints on stdout when it succeeds. */
export interface TrainSummary {
  out: string;
  files: {
    weights: string;
    bin: string;
    onnx?: string[];
    accuracy: string;
    predictions: string;
    check: string;
    training: string;
  };
  accuracy: AccuracyTable;
  trainingSeconds: number;
}

/**
 * The folder holding dnn/train/, found from this module's place: cli/commands/ in the sources,
 * dist/cli/commands/ when compiled.
 */
export function trainerRoot(): string | undefined {
  return packageRootHolding(import.meta.url, join('dnn', 'train', '__main__.py'));
}

/** A word as a POSIX shell reads it back. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Runs the trainer; resolves with its summary, or rejects with one line saying what went wrong. */
function runTrainer(python: string, root: string, args: readonly string[], io: Io): Promise<TrainSummary> {
  return new Promise((resolvePromise, reject) => {
    const existing = process.env.PYTHONPATH;
    const child = spawn(python, ['-m', 'dnn.train', ...args], {
      cwd: root,
      env: {
        ...process.env,
        PYTHONPATH: existing ? `${root}:${existing}` : root,
        PYTHONDONTWRITEBYTECODE: '1',
        PYTHONUNBUFFERED: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let pending = '';
    let errorLine: string | undefined;
    const line = (text: string): void => {
      if (text.startsWith(ERROR_PREFIX)) errorLine = text.slice(ERROR_PREFIX.length);
      else io.err(`${text}\n`);
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(line);
    });
    child.on('error', (err) => reject(new InputError(`cannot start ${python} (${err.message}): ${INSTALL_TORCH}`)));
    child.on('close', (code, signal) => {
      if (pending !== '') line(pending);
      if (code === 0) {
        try {
          resolvePromise(JSON.parse(stdout) as TrainSummary);
        } catch {
          reject(new Error(`${python} -m dnn.train succeeded but printed no summary: ${stdout.slice(0, 200)}`));
        }
      } else if (errorLine !== undefined) {
        reject(new InputError(errorLine));
      } else {
        reject(
          new Error(
            `${python} -m dnn.train failed (${signal === null ? `exit code ${code}` : `signal ${signal}`}); its output is above`,
          ),
        );
      }
    });
  });
}

export function registerTrain(program: Command, io: Io): void {
  program
    .command('train')
    .description(
      'train a network group by group in PyTorch (Debian python3-torch), then write engine weights, ONNX and the accuracy table',
    )
    .requiredOption('--dataset <name>', `data set: ${TRAIN_DATASETS.join(' or ')}`)
    .option(
      '--data <dir>',
      'data folder: CIFAR-10 binary version (cifar-10-batches-bin or its parent); Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist)',
    )
    .option('--epochs <n>', 'epochs per stage (stage k trains group k, groups 1..k-1 frozen)', '5')
    .option('--seed <n>', 'random seed', '1')
    .option('--limit <n>', 'use only the first N train and first N test images (quick runs)')
    .option('--dnn <id>', 'built-in network', DEFAULT_DNN_ID)
    .requiredOption(
      '--out <dir>',
      'output folder: ID.weights.json/.bin, ID.gG.onnx, accuracy.json, predictions.json, check.json, training.json',
    )
    .option('--json', 'print the summary as JSON')
    .action(async (options: TrainCliOptions) => {
      if (!(TRAIN_DATASETS as readonly string[]).includes(options.dataset))
        throw unknownName('dataset', options.dataset, TRAIN_DATASETS);
      const epochs = parseCount('--epochs', options.epochs, 1);
      const seed = parseCount('--seed', options.seed, 0, 2 ** 32 - 1);
      const limit = options.limit === undefined ? undefined : parseCount('--limit', options.limit, 1);
      const dnn = networkById(options.dnn);
      if (options.dataset === 'cifar10' && options.data === undefined) {
        throw new InputError(
          '--dataset cifar10 needs --data DIR: the folder holding cifar-10-batches-bin (the CIFAR-10 binary version)',
        );
      }
      const root = trainerRoot();
      if (root === undefined)
        throw new InputError(
          `twinrtm train needs the source tree's dnn/train/ (not found above ${fileURLToPath(import.meta.url)})`,
        );
      const python = pythonInterpreter();
      if (!existsSync(python))
        throw new InputError(`twinrtm train runs PyTorch with ${python}, which does not exist: ${INSTALL_TORCH}`);

      const shown = ['twinrtm', 'train', '--dataset', options.dataset];
      const args = ['--dataset', options.dataset];
      if (options.data !== undefined) {
        shown.push('--data', options.data);
        args.push('--data', resolve(options.data));
      }
      const common = [
        '--epochs',
        String(epochs),
        '--seed',
        String(seed),
        ...(limit === undefined ? [] : ['--limit', String(limit)]),
        '--dnn',
        dnn.id,
      ];
      shown.push(...common, '--out', options.out);
      args.push(...common, '--out', resolve(options.out), '--command', shown.map(shellWord).join(' '));

      const summary = await runTrainer(python, root, args, io);
      if (options.json) return printJson(io, summary);
      const source = summary.accuracy.source;
      io.out(
        `trained ${dnn.id} on ${source?.dataset ?? options.dataset}, ${epochs} epoch(s) per stage, seed ${seed}, in ${summary.trainingSeconds} s\n`,
      );
      io.out(
        formatTable(
          [
            { header: 'groups', right: true },
            { header: `top-1 (${source?.split ?? 'test'})`, right: true },
          ],
          summary.accuracy.entries.map((e) => [e.groups, e.top1.toFixed(4)]),
        ),
      );
      io.out(`weights:  ${summary.files.weights}\n`);
      if (summary.files.onnx !== undefined) io.out(`onnx:     ${summary.files.onnx.join(', ')}\n`);
      io.out(`accuracy: ${summary.files.accuracy}\n`);
    });
}
