import { describe, expect, it } from 'vitest';
import { InputError } from '../../../dnn/inputError.js';
import { readRtapp } from '../../../scenarios/rtapp/readRtapp.js';
import { RtappError } from '../../../scenarios/rtapp/rtappError.js';
import type { RtappEvent } from '../../../scenarios/rtapp/types.js';

/** A file of one task whose single phase holds `events` (text, so duplicates and comments can be used). */
function oneTask(events: string, extra = ''): string {
  return `{ "tasks": { "t": { ${extra} "phases": { "p": { ${events} } } } } }`;
}

function eventsOf(events: string, unsupported: 'refuse' | 'approximate' = 'refuse'): RtappEvent[] {
  return readRtapp(oneTask(events), 'w.json', { unsupported }).tasks[0]!.phases[0]!.events;
}

function errorOf(text: string, unsupported: 'refuse' | 'approximate' = 'refuse'): RtappError {
  try {
    readRtapp(text, 'w.json', { unsupported });
  } catch (err) {
    if (err instanceof RtappError) return err;
    throw err;
  }
  throw new Error('read without error');
}

describe('readRtapp: tasks and phases', () => {
  it("should fill rt-app's defaults for a task written without phases", () => {
    const w = readRtapp('{ "tasks": { "thread0": { "run": 20000, "sleep": 80000 } } }', 'w.json');
    expect(w.global).toEqual({ durationS: -1, calibration: { cpu: 0 }, defaultPolicy: 'SCHED_OTHER' });
    expect(w.tasks).toEqual([
      {
        name: 'thread0',
        instance: 1,
        loop: -1,
        policy: 'SCHED_OTHER',
        priority: 0,
        cpus: null,
        delayUs: 0,
        phases: [
          {
            name: '',
            loop: 1,
            cpus: null,
            events: [
              { kind: 'run', us: 20000 },
              { kind: 'sleep', us: 80000 },
            ],
          },
        ],
      },
    ]);
    expect(w.notes).toEqual([]);
  });

  it('should read instance, loop, policy, priority, cpus and delay', () => {
    const w = readRtapp(
      '{ "tasks": { "a": { "instance": 3, "loop": 5, "policy": "SCHED_FIFO", "priority": 50, "cpus": [4, 5], "delay": 1000, "run": 1 } } }',
      'w.json',
    );
    expect(w.tasks[0]).toMatchObject({
      instance: 3,
      loop: 5,
      policy: 'SCHED_FIFO',
      priority: 50,
      cpus: [4, 5],
      delayUs: 1000,
    });
  });

  it('should give a real-time task priority 10 unless told, and take default_policy', () => {
    const w = readRtapp('{ "global": { "default_policy": "SCHED_RR" }, "tasks": { "a": { "run": 1 } } }', 'w.json');
    expect(w.tasks[0]).toMatchObject({ policy: 'SCHED_RR', priority: 10 });
  });

  it('should keep phases in order with their loops and cpus, a repeated phase name included', () => {
    const w = readRtapp(
      '{ "tasks": { "a": { "phases": { "light": { "loop": 3, "run": 1 }, "heavy": { "cpus": [1], "run": 7 }, "light": { "loop": -1, "run": 2 } } } } }',
      'w.json',
    );
    expect(w.tasks[0]!.phases.map((p) => [p.name, p.loop, p.cpus])).toEqual([
      ['light', 3, null],
      ['heavy', 1, [1]],
      ['light', -1, null],
    ]);
  });

  it('should take comments, trailing commas and repeated event keys', () => {
    const text = '{\n/* a workload */\n"tasks": { "a": { "run": 10, // first\n "sleep": 5, "run": 20, },\n},\n}';
    expect(readRtapp(text, 'w.json').tasks[0]!.phases[0]!.events.map((e) => e.kind)).toEqual(['run', 'sleep', 'run']);
  });
});

describe('readRtapp: one test per event kind', () => {
  it('should read run, runtime and sleep as microseconds, by prefix as rt-app does', () => {
    expect(eventsOf('"run0": 100, "runtime": 200, "sleep3": 300, "run": 0')).toEqual([
      { kind: 'run', us: 100 },
      { kind: 'runtime', us: 200 },
      { kind: 'sleep', us: 300 },
      { kind: 'run', us: 0 },
    ]);
  });

  it('should read a timer with its defaults (ref "unknown", period 0, relative) and an absolute one', () => {
    expect(eventsOf('"timer": {}, "timer1": { "ref": "unique", "period": 16667, "mode": "absolute" }')).toEqual([
      { kind: 'timer', ref: 'unknown', periodUs: 0, mode: 'relative' },
      { kind: 'timer', ref: 'unique', periodUs: 16667, mode: 'absolute' },
    ]);
  });

  it('should read barrier, resume, lock, unlock, signal and broad as resource names', () => {
    expect(eventsOf('"barrier": "b", "resume": "r", "lock": "m", "unlock": "m", "signal": "c", "broad": "c"')).toEqual([
      { kind: 'barrier', ref: 'b' },
      { kind: 'resume', ref: 'r' },
      { kind: 'lock', ref: 'm' },
      { kind: 'unlock', ref: 'm' },
      { kind: 'signal', ref: 'c' },
      { kind: 'broad', ref: 'c' },
    ]);
  });

  it('should read wait and sync with their condition and mutex', () => {
    expect(eventsOf('"wait": { "ref": "q", "mutex": "m" }, "sync": { "ref": "q2", "mutex": "m2" }')).toEqual([
      { kind: 'wait', ref: 'q', mutex: 'm' },
      { kind: 'sync', ref: 'q2', mutex: 'm2' },
    ]);
  });

  it("should fill a bare suspend with the task's name, as workgen does", () => {
    expect(eventsOf('"suspend", "suspend1": "other", "yield": ""')).toEqual([
      { kind: 'suspend', ref: 't' },
      { kind: 'suspend', ref: 'other' },
      { kind: 'yield' },
    ]);
  });

  it.each([
    ['mem', '"mem": 4096'],
    ['iorun', '"iorun": 4096'],
    ['fork', '"fork": "other"'],
  ])(
    'should refuse %s by default with one line naming it, and leave it out with a note when approximating',
    (name, text) => {
      const err = errorOf(oneTask(`"run": 1, ${text}`));
      expect(err.message).toMatch(
        new RegExp(
          `^w\\.json:1:\\d+: task 't', phase 'p', key '${name}': ${name} .*refused .*"unsupported": "approximate"`,
        ),
      );
      const w = readRtapp(oneTask(`"run": 1, ${text}`), 'w.json', { unsupported: 'approximate' });
      expect(w.tasks[0]!.phases[0]!.events).toEqual([{ kind: 'run', us: 1 }]);
      expect(w.notes).toEqual([
        expect.stringMatching(new RegExp(`^task 't', phase 'p', key '${name}': approximated: `)),
      ]);
    },
  );
});

describe('readRtapp: global', () => {
  it('should read duration, calibration and default_policy and check the settings it ignores', () => {
    const w = readRtapp(
      '{ "global": { "duration": 6, "calibration": "CPU4", "default_policy": "SCHED_FIFO", "lock_pages": true, "logdir": "./", "log_size": "file", "ftrace": false, "gnuplot": false, "mem_buffer_size": 4194304 }, "tasks": { "a": { "run": 1 } } }',
      'w.json',
    );
    expect(w.global).toEqual({ durationS: 6, calibration: { cpu: 4 }, defaultPolicy: 'SCHED_FIFO' });
    expect(w.notes).toEqual([]);
  });

  it('should take calibration as ns per loop', () => {
    expect(
      readRtapp('{ "global": { "calibration": 128 }, "tasks": { "a": { "run": 1 } } }', 'w.json').global.calibration,
    ).toEqual({ nsPerLoop: 128 });
  });

  it('should ignore pi_enabled with a note, and a key rt-app does not read (Debian\'s "frag") with a note', () => {
    const w = readRtapp('{ "global": { "pi_enabled": true, "frag": 1 }, "tasks": { "a": { "run": 1 } } }', 'w.json');
    expect(w.notes).toEqual([
      expect.stringMatching(/^global, key 'pi_enabled': ignored: priority inheritance/),
      expect.stringMatching(/^global, key 'frag': ignored/),
    ]);
  });

  it('should refuse the resources section unless approximating, then skip it with a note', () => {
    const text = '{ "resources": { "m": { "type": "mutex" } }, "tasks": { "a": { "run": 1 } } }';
    expect(errorOf(text).message).toMatch(/^w\.json:1:\d+: resources: the resources section .*refused/);
    expect(readRtapp(text, 'w.json', { unsupported: 'approximate' }).notes).toEqual([
      expect.stringMatching(/^resources: approximated: is skipped/),
    ]);
  });
});

describe('readRtapp: errors are one line naming the task, phase and key', () => {
  it.each([
    [
      'broken JSON',
      '{ "tasks": { "t": { "phases": { "p": { "run": 10 "sleep": 5 } } } } }',
      /^w\.json:1:50: task 't', phase 'p': not valid rt-app JSON: expected ',' or '}' after the value of "run"/,
    ],
    [
      'an unknown event',
      oneTask('"run": 1, "jump": 5'),
      /^w\.json:1:\d+: task 't', phase 'p', key 'jump': unknown key: neither an rt-app event/,
    ],
    [
      'a negative timer period',
      oneTask('"run": 1, "timer": { "ref": "t", "period": -5 }'),
      /^w\.json:1:\d+: task 't', phase 'p', key 'timer\.period': expected an integer period in microseconds >= 0, got -5$/,
    ],
    [
      'a negative run',
      oneTask('"run": -1'),
      /task 't', phase 'p', key 'run': expected an integer number of microseconds >= 0, got -1$/,
    ],
    [
      'a run with a fraction',
      oneTask('"run": 1.5'),
      /key 'run': expected an integer number of microseconds >= 0, got 1\.5$/,
    ],
    ['a run beyond a C int', oneTask('"run": 3000000000'), /key 'run': 3000000000 is more than 2147483647/],
    [
      'a timer mode',
      oneTask('"timer": { "period": 5, "mode": "late" }'),
      /key 'timer\.mode': expected "relative" or "absolute", got "late"$/,
    ],
    [
      'a field of a timer',
      oneTask('"timer": { "period": 5, "perod": 3 }'),
      /key 'timer': unknown field "perod" in a timer/,
    ],
    [
      'a phase without events',
      '{ "tasks": { "t": { "phases": { "p": { "loop": 2 } } } } }',
      /task 't', phase 'p': has no events/,
    ],
    ['a task without events', '{ "tasks": { "t": { "loop": 2 } } }', /task 't': has no events and no phases/],
    [
      'events beside phases',
      '{ "tasks": { "t": { "run": 1, "phases": { "p": { "run": 1 } } } } }',
      /task 't', key 'run': is an event beside 'phases'/,
    ],
    ['a bare key other than suspend', oneTask('"run", "sleep": 1'), /key 'run': expected ':' and a value/],
    [
      'a loop of 0',
      oneTask('"loop": 0, "run": 1'),
      /phase 'p', key 'loop': expected -1 \(for ever\) or an integer number of repetitions >= 1, got 0$/,
    ],
    [
      'an unknown policy',
      oneTask('"run": 1', '"policy": "SCHED_BATCH",'),
      /task 't', key 'policy': unknown policy 'SCHED_BATCH' \(valid: SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_DEADLINE\)$/,
    ],
    [
      'a nice value out of range',
      oneTask('"run": 1', '"priority": 25,'),
      /task 't', key 'priority': a SCHED_OTHER priority is a nice value, -20\.\.19; got 25$/,
    ],
    ['cpus given twice', oneTask('"run": 1', '"cpus": [1, 1],'), /task 't', key 'cpus': cpu 1 is listed twice$/],
    [
      'cpus empty',
      oneTask('"run": 1', '"cpus": [],'),
      /task 't', key 'cpus': expected a non-empty array of cpu numbers/,
    ],
    [
      'rt-app 0.x grammar',
      '{ "tasks": { "t": { "exec": 5000, "period": 10000 } } }',
      /task 't', key 'exec': 'exec' belongs to rt-app 0\.x's grammar/,
    ],
    [
      'a bad calibration',
      '{ "global": { "calibration": "cpu0" }, "tasks": { "t": { "run": 1 } } }',
      /global, key 'calibration': expected "CPU<n>"/,
    ],
    [
      'a duration of 0',
      '{ "global": { "duration": 0 }, "tasks": { "t": { "run": 1 } } }',
      /global, key 'duration': expected -1 \(for ever\) or an integer number of seconds >= 1, got 0$/,
    ],
    ['no tasks', '{ "global": {} }', /^w\.json:1:1: has no "tasks" object/],
    ['an unknown top-level key', '{ "task": {} }', /key 'task': unknown top-level key/],
    ['a task twice', '{ "tasks": { "t": { "run": 1 }, "t": { "run": 2 } } }', /task 't': is given twice/],
  ])('should refuse %s', (_what, text, message) => {
    const err = errorOf(text);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).not.toContain('\n');
    expect(err.message).toMatch(message);
  });
});
