/**
 * rt-app on the agent's machine: the controller sends a scenario's rt-app file by name when its window
 * opens and asks for it to stop when it closes; the agent runs the real rt-app on it (RtappProcesses,
 * as hil run does on a board of its own machine) and answers the stop with rt-app's logs and output,
 * so the controller keeps them beside its trace for hil compare.
 *
 * The file comes from the network, so the agent takes only what rt-app reads as a workload: a file
 * twinrtm's reader accepts, without `logdir` or `io_device` (which would have rt-app write its logs,
 * or its iorun events, to any path the agent can write).
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../dnn/inputError.js';
import { readRtapp } from '../../scenarios/rtapp/readRtapp.js';
import { parseRelaxedJson } from '../../scenarios/rtapp/relaxedJson.js';
import { RtappProcesses } from '../parts/rtappProcesses.js';
import { StateConflict } from './stateConflict.js';

/** What the controller is told of rt-app here (GET /v1/rtapp). */
export interface AgentRtappStatus {
  /** The rt-app program the agent starts; null: the agent has none. */
  binary: string | null;
  /** The workloads running, by name. */
  running: string[];
}

/** One file rt-app left in the workload's folder: its logs (*.log) and its output (NAME.out). */
export interface RtappLogFile {
  /** Its name in the folder (no path). */
  file: string;
  /** Its text; a file larger than MAX_LOG_BYTES is cut to its first MAX_LOG_BYTES characters. */
  text: string;
}

const NO_RTAPP =
  "this agent has no rt-app: install Debian's rt-app (apt-get install rt-app) on the board and start the agent with it";
/** A workload's name: a folder name on the agent's disk. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Keys of `global` the agent refuses: they point rt-app at paths outside its folder. */
const PATH_KEYS = ['logdir', 'io_device'];
/** The largest log file sent back, bytes (about 60,000 rows of rt-app's log). */
export const MAX_LOG_BYTES = 8 * 1024 * 1024;

/** The agent's rt-app workloads: started, stopped and calibrated at the controller's request. */
export class AgentRtapp {
  private readonly processes: RtappProcesses | null;

  /**
   * @param binary - the rt-app program (found by the caller), or null where there is none
   * @param dir - where each workload's folder goes (default a new temporary folder)
   */
  constructor(
    private readonly binary: string | null,
    dir?: string,
  ) {
    this.processes =
      binary === null
        ? null
        : new RtappProcesses({
            binary,
            dir: dir ?? mkdtempSync(join(tmpdir(), 'twinrtm-agent-rtapp-')),
            note: () => undefined,
          });
  }

  /** The agent's rt-app and the workloads running. */
  status(): AgentRtappStatus {
    return { binary: this.binary, running: this.processes?.names() ?? [] };
  }

  /**
   * Starts rt-app on a file, replacing a workload of the same name.
   * @throws StateConflict where the agent has no rt-app; InputError for a bad name or file
   */
  async start(name: string, text: string): Promise<{ name: string; started: true }> {
    if (this.processes === null) throw new StateConflict(NO_RTAPP);
    if (!NAME.test(name))
      throw new InputError(`name '${name}' is not a workload name (letters, digits, '.', '_', '-'; at most 64)`);
    checkFile(name, text);
    await this.processes.halt(name);
    this.processes.launch({ name, text, file: `${name}.json`, startS: 0, endS: null, options: {} });
    return { name, started: true };
  }

  /**
   * Stops a workload and gives back what rt-app wrote.
   * @throws StateConflict for a workload that was never started
   */
  async stop(name: string): Promise<{ name: string; files: RtappLogFile[] }> {
    const p = this.processes;
    if (p === null || !NAME.test(name) || !existsDir(p.folderOf(name)))
      throw new StateConflict(`rt-app workload '${name}' was not started here`);
    await p.halt(name);
    const folder = p.folderOf(name);
    const files = readdirSync(folder)
      .filter((f) => f.endsWith('.log') || f === `${name}.out`)
      .sort()
      .map((file) => {
        const path = join(folder, file);
        const size = statSync(path).size;
        const text = readFileSync(path, 'utf8');
        return { file, text: size > MAX_LOG_BYTES ? text.slice(0, MAX_LOG_BYTES) : text };
      });
    return { name, files };
  }

  /**
   * Calibrates rt-app on a cpu of this machine (hil run --rtapp-calibrate), before the run's clock.
   * @throws StateConflict where the agent has no rt-app
   */
  async calibrate(cpu: number): Promise<{ cpu: number; nsPerLoop: number }> {
    if (this.processes === null) throw new StateConflict(NO_RTAPP);
    return { cpu, nsPerLoop: await this.processes.calibrate(cpu) };
  }

  /** Stops every workload (the watchdog tripped, or the agent is closing). */
  stopAll(): Promise<void> {
    return this.processes?.stopAll() ?? Promise.resolve();
  }
}

function existsDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A file the agent runs: one twinrtm reads as rt-app, with no path for rt-app to write to. */
function checkFile(name: string, text: string): void {
  const file = `rt-app workload ${name}`;
  // Throws first for text that is not rt-app's JSON, so the parse below cannot fail.
  readRtapp(text, file, { unsupported: 'approximate' });
  const root = parseRelaxedJson(text);
  const global = root.kind === 'object' ? root.entries.find((e) => e.key === 'global')?.value : undefined;
  const bad = global?.kind === 'object' ? global.entries.find((e) => PATH_KEYS.includes(e.key)) : undefined;
  if (bad)
    throw new InputError(
      `${file}: global, key '${bad.key}': the agent runs rt-app in a folder of its own and takes no ${PATH_KEYS.join(' or ')} (they would write outside it)`,
    );
}
