/**
 * fast-check arbitraries over valid rt-app files whose threads all finish, each phase kept to the cpus
 * of one unit so the unit a run executes on follows from the file alone (the law's oracle needs no
 * copy of the twin's placement rule): tasks with instances, finite loops, policies and priorities,
 * delays, phases with loops and cpus, and the events run, runtime, sleep, timer (shared or unique,
 * relative or absolute), yield, lock/unlock around runs, and a barrier every thread meets equally often.
 */
import fc from 'fast-check';
import type { Platform, Unit } from '../../../models/types.js';
import type { RtappCoworkloadSpec } from '../../../scenarios/rtapp/rtappCoworkloads.js';

export interface GeneratedWorkload {
  /** The file as rt-app would read it. */
  text: string;
  /** Every task with its unit per phase, for the oracle. */
  tasks: {
    instance: number;
    loop: number;
    phases: { loop: number; unit: string; runUs: number[]; runtimeUs: number[] }[];
  }[];
}

type Json = Record<string, unknown>;

/** A non-empty subset of a unit's cpus. */
function cpusOf(unit: Unit): fc.Arbitrary<number[]> {
  return fc.subarray(unit.cpus, { minLength: 1 });
}

const eventArb: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.integer({ min: 0, max: 5000 }).map((us) => ['run', us] as [string, unknown]),
  fc.integer({ min: 0, max: 2000 }).map((us) => ['runtime', us] as [string, unknown]),
  fc.integer({ min: 0, max: 5000 }).map((us) => ['sleep', us] as [string, unknown]),
  fc
    .record({
      ref: fc.constantFrom('unique', 'uniqueB', 'tick'),
      period: fc.integer({ min: 0, max: 10000 }),
      mode: fc.constantFrom('relative', 'absolute'),
    })
    .map((t) => ['timer', t] as [string, unknown]),
  fc.constant(['yield', ''] as [string, unknown]),
);

/** A workload on a platform's CPU units. */
export function rtappWorkloadArb(platform: Platform): fc.Arbitrary<GeneratedWorkload> {
  const units = platform.units.filter((u) => u.kind === 'cpu-cluster');
  const phaseArb = fc.record({
    loop: fc.integer({ min: 1, max: 3 }),
    unit: fc.constantFrom(...units),
    events: fc.array(eventArb, { minLength: 1, maxLength: 5 }),
    locked: fc.boolean(),
    ownCpus: fc.boolean(),
  });
  const taskArb = fc.record({
    instance: fc.integer({ min: 1, max: 3 }),
    loop: fc.integer({ min: 1, max: 3 }),
    sched: fc.oneof(
      fc.integer({ min: -5, max: 5 }).map((priority) => ({ policy: 'SCHED_OTHER', priority })),
      fc.integer({ min: 1, max: 99 }).map((priority) => ({ policy: 'SCHED_FIFO', priority })),
      fc.constant({ policy: 'SCHED_DEADLINE', priority: 0 }),
    ),
    delay: fc.integer({ min: 0, max: 5000 }),
    phases: fc.array(phaseArb, { minLength: 1, maxLength: 3 }),
  });
  return fc
    .record({
      tasks: fc.array(taskArb, { minLength: 1, maxLength: 4 }),
      barrier: fc.boolean(),
      sameLoop: fc.integer({ min: 1, max: 3 }),
      comment: fc.boolean(),
    })
    .chain(({ tasks, barrier, sameLoop, comment }) =>
      // Cpus for every phase: its own when ownCpus, else the task's, which lie in the first phase's unit.
      fc
        .tuple(
          ...tasks.map((t) => fc.tuple(cpusOf(t.phases[0]!.unit), fc.tuple(...t.phases.map((p) => cpusOf(p.unit))))),
        )
        .map((cpus) => {
          const file: Json = {
            global: { duration: -1, calibration: 'CPU0', default_policy: 'SCHED_OTHER' },
            tasks: {},
          };
          const oracle: GeneratedWorkload['tasks'] = [];
          tasks.forEach((t, i) => {
            const [taskCpus, phaseCpus] = cpus[i]!;
            const loop = barrier ? sameLoop : t.loop;
            const phases: Json = {};
            const oraclePhases: GeneratedWorkload['tasks'][number]['phases'] = [];
            t.phases.forEach((p, j) => {
              // Only a phase with cpus of its own may lie in another unit than the task's cpus.
              const own = p.ownCpus || j === 0;
              const unit = own ? p.unit : t.phases[0]!.unit;
              const entries: [string, unknown][] = [];
              // The barrier opens the first phase, run once a round, so every thread meets it `loop` times.
              if (barrier && j === 0) entries.push(['barrier', 'b']);
              if (p.locked) entries.push(['lock', 'm']);
              entries.push(...p.events);
              if (p.locked) entries.push(['unlock', 'm']);
              const phaseLoop = barrier && j === 0 ? 1 : p.loop;
              // Suffixes keep keys distinct in plain JSON, and rt-app matches events by prefix.
              const obj: Json = { loop: phaseLoop, ...(own && j > 0 ? { cpus: phaseCpus[j] } : {}) };
              entries.forEach(([k, v], n) => {
                obj[`${k}${n}`] = v;
              });
              phases[`p${j}`] = obj;
              oraclePhases.push({
                loop: phaseLoop,
                unit: unit.id,
                runUs: p.events.filter(([k]) => k === 'run').map(([, v]) => v as number),
                runtimeUs: p.events.filter(([k]) => k === 'runtime').map(([, v]) => v as number),
              });
            });
            (file.tasks as Json)[`task${i}`] = {
              instance: t.instance,
              loop,
              policy: t.sched.policy,
              priority: t.sched.priority,
              // The task's cpus are the first phase's: phase 0 uses them.
              cpus: taskCpus,
              delay: t.delay,
              phases,
            };
            oracle.push({ instance: t.instance, loop, phases: oraclePhases });
          });
          const json = JSON.stringify(file, null, 2);
          // rt-app's relaxed syntax: a comment and a trailing comma now and then.
          const text = comment ? `/* generated */\n${json.replace(/\n}$/, ',\n}')}` : json;
          return { text, tasks: oracle };
        }),
    );
}

/** An rt-app co-workload 'w' from 2 s (to endS), at the given clocks and window, every cpu as the file says. */
export function rtappSpec(
  freqMHz: Record<string, number>,
  resolutionMs: number,
  endS: number | null = null,
): RtappCoworkloadSpec {
  return {
    name: 'w',
    startS: 2,
    endS,
    unsupported: 'refuse',
    resolutionMs,
    freqMHz,
    referenceCpu: null,
    cpus: null,
    memoryIntensity: 0,
  };
}
