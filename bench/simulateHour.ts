/**
 * One simulated hour of the default scenario under one policy, after a 5 s warm-up in the same
 * process: wall and CPU time, events, for comparing builds (issue 18). Build two commits into their
 * own folders and run each build's copy alternately, one process per run, then compare medians:
 * `node dist/bench/simulateHour.js schedutil [durationS]`.
 */
import { createPolicy } from '../policies/registry.js';
import { scenarioById } from '../scenarios/builtinScenarios.js';
import { simulate } from '../sim/simulate.js';

const [policy = 'schedutil', durationArg = '3600'] = process.argv.slice(2);
const durationS = Number(durationArg);
if (!(durationS > 0)) {
  process.stderr.write(
    `simulateHour: duration '${durationArg}' (second argument) must be a positive number of seconds\n`,
  );
  process.exit(2);
}
const scenario = scenarioById('xu3-default');
try {
  createPolicy(policy);
} catch (err) {
  process.stderr.write(`simulateHour: ${err instanceof Error ? err.message : String(err)} (first argument)\n`);
  process.exit(2);
}
simulate(scenario, createPolicy(policy), { durationS: 5 });
const cpu = process.cpuUsage();
const started = process.hrtime.bigint();
const result = simulate(scenario, createPolicy(policy), { durationS });
const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
const used = process.cpuUsage(cpu);
process.stdout.write(
  `${JSON.stringify({ policy, durationS, wallMs: Math.round(wallMs), cpuMs: Math.round((used.user + used.system) / 1000), events: result.events })}\n`,
);
