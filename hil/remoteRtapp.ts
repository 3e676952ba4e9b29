/**
 * A scenario's rt-app workloads run by the real rt-app on an agent's board (hil run --agent): each
 * file POSTed when its window opens, stopped when it closes, and rt-app's logs and output the agent
 * answers with written here, in DIR/NAME/ beside the file sent, as a board of this machine leaves
 * them (hil/parts/rtappProcesses.ts), for hil compare.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InputError } from '../dnn/inputError.js';
import { callAgent } from './agentCall.js';
import type { RtappRun } from '../scenarios/rtapp/rtappRuns.js';
import type { RtappLauncher } from './parts/rtappProcesses.js';
import type { AgentRtappStatus, RtappLogFile } from './agent/agentRtapp.js';

/** Where the agent is. */
export interface AgentAddress {
  /** The agent's base URL (http://host:port). */
  readonly url: string;
  /** Its bearer token. */
  readonly token: string;
}

/**
 * How long one request may take, ms: a stop waits for rt-app to write its logs (2 s grace at most), a
 * calibration for rt-app's trials a second apart.
 */
const REQUEST_TIMEOUT_MS = 130_000;

function call(agent: AgentAddress, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  return callAgent(agent.url, agent.token, method, path, body, AbortSignal.timeout(REQUEST_TIMEOUT_MS));
}

/**
 * Refuses, in one line, a run whose rt-app workloads the agent cannot start: it has no rt-app, or is
 * a twinrtm without rt-app's routes.
 */
export async function checkAgentRtapp(agent: AgentAddress, scenario: string, runs: readonly RtappRun[]): Promise<void> {
  if (runs.length === 0) return;
  const what = `scenario ${scenario} runs rt-app workloads (${runs.map((r) => r.name).join(', ')})`;
  let status: AgentRtappStatus;
  try {
    status = (await call(agent, 'GET', '/v1/rtapp')) as AgentRtappStatus;
  } catch (err) {
    if ((err as { status?: unknown }).status === 404)
      throw new InputError(
        `${what} and the agent at ${agent.url} does not run rt-app (a twinrtm agent older than its /v1/rtapp routes)`,
      );
    throw err;
  }
  if (typeof status?.binary !== 'string')
    throw new InputError(
      `${what} and the agent at ${agent.url} has no rt-app: install Debian's rt-app on the board (apt-get install rt-app) and start the agent with it`,
    );
}

/** Starts and stops a scenario's rt-app workloads on an agent's board, keeping their logs here. */
export class RemoteRtapp implements RtappLauncher {
  private readonly started = new Set<string>();
  private readonly dir: string;

  /** @param dir - where each workload's folder (its file, logs and output) goes here */
  constructor(
    private readonly agent: AgentAddress,
    dir: string,
  ) {
    this.dir = resolve(dir);
  }

  /** Writes the run's file to its folder here and has the agent start rt-app on it. */
  async launch(run: RtappRun): Promise<void> {
    const folder = join(this.dir, run.name);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${run.name}.json`), run.text);
    this.started.add(run.name);
    await call(this.agent, 'POST', '/v1/rtapp/start', { name: run.name, text: run.text });
  }

  /** Has the agent stop a workload this launcher started, and writes the logs and output it answers with. */
  async halt(name: string): Promise<void> {
    if (!this.started.delete(name)) return;
    const answer = (await call(this.agent, 'POST', '/v1/rtapp/stop', { name })) as { files?: RtappLogFile[] };
    const folder = join(this.dir, name);
    for (const f of answer.files ?? []) {
      // Only a plain file name: the agent's answer must not write elsewhere.
      if (
        typeof f?.file === 'string' &&
        typeof f.text === 'string' &&
        basename(f.file) === f.file &&
        !f.file.startsWith('.')
      )
        writeFileSync(join(folder, f.file), f.text);
    }
  }

  /** Has the agent run rt-app's calibration on one of its cpus; gives its ns per loop. */
  async calibrate(cpu: number): Promise<number> {
    const answer = (await call(this.agent, 'POST', '/v1/rtapp/calibrate', { cpu })) as { nsPerLoop?: unknown };
    if (typeof answer?.nsPerLoop !== 'number' || !(answer.nsPerLoop > 0))
      throw new Error(
        `the agent at ${this.agent.url} answered its calibration on cpu ${cpu} without a positive nsPerLoop`,
      );
    return answer.nsPerLoop;
  }

  /** Stops every workload still running, as halt() does each. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.started].map((name) => this.halt(name)));
  }
}
