/**
 * Co-workloads from rt-app files in scenarios: the entry { name, startS, endS, rtapp, ... } read from a
 * path relative to the scenario file or a built-in name, turned into ordinary co-workloads, and every
 * problem one line naming the scenario field and, inside the rt-app file, the task, phase and key.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFileError } from '../../../dnn/schemaCheck.js';
import { checkScenario, SCENARIO_DEFAULTS } from '../../../scenarios/checkScenario.js';
import { loadScenarioFile } from '../../../scenarios/loadScenarioFile.js';
import { builtinRtappNames, builtinRtappText } from '../../../scenarios/rtapp/builtinRtapp.js';
import { readRtapp } from '../../../scenarios/rtapp/readRtapp.js';
import schema from '../../../scenarios/schema/scenario.schema.json' with { type: 'json' };
import type { Coworkload } from '../../../scenarios/types.js';
import { expectOneLineRefusal, run } from '../../cli/run.js';

const dir = mkdtempSync(join(tmpdir(), 'twinrtm-rtapp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 20 s scenario on the XU3 with these co-workloads. */
function scenario(coworkloads: unknown[], platform = 'odroid-xu3'): Record<string, unknown> {
  const nano = platform === 'jetson-nano';
  return {
    id: 'rtapp-test',
    description: 'an rt-app co-workload',
    platform,
    dnn: 'alexnet-cifar10-g4',
    durationS: 20,
    requests: { kind: 'periodic', fps: 30 },
    initialConfig: nano
      ? { groups: 4, unit: 'a57', cores: 4, freqMHz: { a57: 1479 } }
      : { groups: 4, unit: 'a15', cores: 4, freqMHz: { a15: 2000 } },
    coworkloads,
  };
}

/** Writes a scenario file and the rt-app files beside it (paths relative to `dir`); returns its path. */
function files(name: string, data: unknown, rtapp: Record<string, string> = {}): string {
  for (const [path, text] of Object.entries(rtapp)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(data));
  return path;
}

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(DataFileError);
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message;
  }
  throw new Error('accepted');
}

const cpuMs = (cws: readonly Coworkload[]) =>
  cws.reduce((s, c) => s + c.cores * c.utilisation * (c.endS! - c.startS) * 1000, 0);

/** 20 % of cpu 0 (a run of 2 ms every 10 ms, calibrated there): 200 ms of cpu time a second. */
const PERIODIC =
  '{ /* 20 % of one cpu */ "tasks": { "t": { "cpus": [0], "run": 2000, "timer": { "ref": "unique", "period": 10000 }, }, }, }';

describe('rt-app co-workloads in a scenario file', () => {
  it('should read the file relative to the scenario file and put ordinary co-workloads in its place', () => {
    const path = files(
      'sub/s.json',
      scenario([
        { name: 'busy', startS: 0, endS: 1, unit: 'a7', cores: 1 },
        { name: 'w', startS: 5, endS: 15, rtapp: 'w/periodic.json' },
      ]),
      { 'sub/w/periodic.json': PERIODIC },
    );
    const s = loadScenarioFile(path);
    expect(s.coworkloads[0]).toMatchObject({ name: 'busy', unit: 'a7' });
    const rt = s.coworkloads.slice(1);
    expect(rt).toEqual([
      {
        name: 'w:a7:0',
        startS: 5,
        endS: 15,
        unit: 'a7',
        cores: 1,
        utilisation: 0.2,
        // One thread on one cpu: its busiest cpu is the held core.
        busiestShare: 0.2,
        memoryIntensity: 0,
        gpuShare: 0,
      },
    ]);
  });

  it('should give a checked scenario that checks again unchanged, also after writing it to JSON', () => {
    const path = files(
      'again.json',
      scenario([{ name: 'w', startS: 2, rtapp: 'video', cpus: [4, 5, 6, 7], memoryIntensity: 0.3 }]),
    );
    const s = loadScenarioFile(path);
    expect(s.coworkloads.length).toBeGreaterThan(1);
    expect(checkScenario(s, 'again')).toStrictEqual(s);
    expect(checkScenario(JSON.parse(JSON.stringify(s)), 'again')).toStrictEqual(s);
  });

  it('should stop the workload at endS, at the end of the run, or at its global.duration, whichever is first', () => {
    const text = (duration: number) => PERIODIC.replace('"tasks"', `"global": { "duration": ${duration} }, "tasks"`);
    const end = (cws: readonly Coworkload[]) => Math.max(...cws.map((c) => c.endS!));
    const one = (endS: number | null, duration: number) =>
      end(
        loadScenarioFile(
          files(
            `end-${endS}-${duration}.json`,
            scenario([{ name: 'w', startS: 4, endS, rtapp: `d${duration}.json` }]),
            { [`d${duration}.json`]: text(duration) },
          ),
        ).coworkloads,
      );
    expect(one(10, -1)).toBe(10);
    expect(one(null, -1)).toBe(20);
    expect(one(null, 3)).toBe(7);
    expect(one(6, 3)).toBe(6);
  });

  it('should run a built-in workload by name, without reading any file', () => {
    const s = checkScenario(scenario([{ name: 'music', startS: 0, rtapp: 'mp3' }]), 'x.json');
    expect(s.coworkloads.every((c) => /^music:a(7|15):\d+$/.test(c.name))).toBe(true);
    expect(cpuMs(s.coworkloads)).toBeGreaterThan(0);
  });

  it('should split memoryIntensity between the units a workload runs on at once', () => {
    const s = checkScenario(scenario([{ name: 'v', startS: 0, rtapp: 'video', memoryIntensity: 0.4 }]), 'x.json');
    for (const t of [0.05, 3.33, 10.01, 19.9]) {
      const active = s.coworkloads.filter((c) => c.startS <= t && t < c.endS!);
      if (active.length > 0) expect(active.reduce((m, c) => m + c.memoryIntensity, 0)).toBeCloseTo(0.4, 12);
    }
  });

  it('should run the workload at the clocks it is given: half the clock, twice the cpu time', () => {
    const at = (a7: number) =>
      cpuMs(
        loadScenarioFile(
          files(`clock-${a7}.json`, scenario([{ name: 'w', startS: 0, endS: 10, rtapp: 'p.json', freqMHz: { a7 } }]), {
            'p.json': PERIODIC,
          }),
        ).coworkloads,
      );
    expect(at(1400)).toBeCloseTo(2000, 6);
    expect(at(700)).toBeCloseTo(4000, 6);
  });

  it('should approximate mem and iorun when told, and refuse them otherwise', () => {
    const text = '{ "tasks": { "t": { "phases": { "p": { "run": 1000, "mem": 4096, "sleep": 9000 } } } } }';
    const refused = refusal(() =>
      loadScenarioFile(
        files('mem.json', scenario([{ name: 'w', startS: 0, rtapp: 'mem-w.json' }]), { 'mem-w.json': text }),
      ),
    );
    expect(refused).toMatch(
      /mem\.json: coworkloads\[0\]\.rtapp: .*mem-w\.json:1:\d+: task 't', phase 'p', key 'mem': mem writes bytes .*refused/,
    );
    const notes: string[] = [];
    const s = loadScenarioFile(
      files('mem-ok.json', scenario([{ name: 'w', startS: 0, rtapp: 'mem-w.json', unsupported: 'approximate' }])),
      { onNote: (n) => notes.push(n) },
    );
    expect(s.coworkloads.length).toBeGreaterThan(0);
    expect(notes).toEqual([
      expect.stringMatching(
        /mem-ok\.json: coworkloads\[0\]\.rtapp: .*mem-w\.json: task 't', phase 'p', key 'mem': approximated: takes no time/,
      ),
    ]);
  });

  it('should tell what a file asks for that is ignored, as pi_enabled, naming the scenario field', () => {
    const notes: string[] = [];
    checkScenario(scenario([{ name: 'w', startS: 0, rtapp: 'mp3' }]), 'x.json', { onNote: (n) => notes.push(n) });
    expect(notes).toEqual([]);
    const text = '{ "global": { "pi_enabled": true }, "tasks": { "t": { "run": 1000, "sleep": 9000 } } }';
    loadScenarioFile(
      files('pi.json', scenario([{ name: 'w', startS: 0, rtapp: 'pi-w.json' }]), { 'pi-w.json': text }),
      { onNote: (n) => notes.push(n) },
    );
    expect(notes).toEqual([
      expect.stringMatching(
        /pi\.json: coworkloads\[0\]\.rtapp: .*pi-w\.json: global, key 'pi_enabled': ignored: priority inheritance is not modelled/,
      ),
    ]);
  });

  it('should fill the rt-app options the schema states, and the schema should state them', () => {
    const props = schema.definitions.coworkload.properties as Record<string, { default?: unknown }>;
    const d = SCENARIO_DEFAULTS.rtappCoworkload;
    expect({
      endS: props.endS!.default,
      unsupported: props.unsupported!.default,
      resolutionMs: props.resolutionMs!.default,
      freqMHz: props.freqMHz!.default,
      memoryIntensity: props.memoryIntensity!.default,
    }).toEqual(d);
  });
});

describe('rt-app co-workloads: refusals, one line each', () => {
  const xu3 = (cw: Record<string, unknown>) => () =>
    checkScenario(scenario([{ name: 'w', startS: 0, rtapp: 'mp3', ...cw }]), 'x.json');

  it.each([
    [
      'broken JSON',
      '{ "tasks": { "t": { "phases": { "p": { "run": 10 "sleep": 5 } } } } }',
      /^.*s-broken-JSON\.json: coworkloads\[0\]\.rtapp: .*w-broken-JSON\.json:1:50: task 't', phase 'p': not valid rt-app JSON: expected ',' or '}'/,
    ],
    [
      'an unknown event',
      '{ "tasks": { "t": { "phases": { "p": { "run": 10, "jump": 5 } } } } }',
      /coworkloads\[0\]\.rtapp: .*task 't', phase 'p', key 'jump': unknown key: neither an rt-app event/,
    ],
    [
      'a negative period',
      '{ "tasks": { "t": { "phases": { "p": { "run": 10, "timer": { "ref": "a", "period": -1 } } } } } }',
      /task 't', phase 'p', key 'timer\.period': expected an integer period in microseconds >= 0, got -1$/,
    ],
    [
      'a cpu the board lacks',
      '{ "tasks": { "t": { "phases": { "p": { "cpus": [9], "run": 10 } } } } }',
      /task 't', phase 'p', key 'cpus': cpu 9 is not a cpu of odroid-xu3 \(its cpus: 0-7\)$/,
    ],
    [
      'a task cpu the board lacks',
      '{ "tasks": { "t": { "cpus": [1, 8], "run": 10 } } }',
      /task 't', key 'cpus': cpu 8 is not a cpu of odroid-xu3/,
    ],
    [
      'a calibration cpu the board lacks',
      '{ "global": { "calibration": "CPU12" }, "tasks": { "t": { "run": 10 } } }',
      /global, key 'calibration': cpu 12 is not a cpu of odroid-xu3 \(its cpus: 0-7\): rt-app could not calibrate there$/,
    ],
    [
      'a thread that spins',
      '{ "tasks": { "t": { "loop": -1, "run": 0 } } }',
      /task 't': repeats events that take no time without end/,
    ],
  ])('should refuse %s in the rt-app file', (what, text, message) => {
    const slug = what.replace(/\W+/g, '-');
    const path = files(`s-${slug}.json`, scenario([{ name: 'w', startS: 0, rtapp: `w-${slug}.json` }]), {
      [`w-${slug}.json`]: text,
    });
    expect(refusal(() => loadScenarioFile(path))).toMatch(message);
  });

  it('should refuse a missing rt-app file, naming it', () => {
    expect(
      refusal(() =>
        loadScenarioFile(files('s-missing.json', scenario([{ name: 'w', startS: 0, rtapp: 'nowhere.json' }]))),
      ),
    ).toMatch(/coworkloads\[0\]\.rtapp: .*nowhere\.json cannot be read \(ENOENT\)$/);
  });

  it('should refuse a folder named as the rt-app file', () => {
    mkdirSync(join(dir, 'a-folder.json'), { recursive: true });
    expect(
      refusal(() =>
        loadScenarioFile(files('s-folder.json', scenario([{ name: 'w', startS: 0, rtapp: 'a-folder.json' }]))),
      ),
    ).toMatch(/coworkloads\[0\]\.rtapp: .*a-folder\.json is not a file; expected an rt-app JSON file$/);
  });

  it('should refuse an unknown built-in name, listing the built-in ones', () => {
    expect(refusal(xu3({ rtapp: 'radio' }))).toBe(
      "x.json: coworkloads[0].rtapp: unknown built-in rt-app workload 'radio' (valid: browser, mp3, video, or a path ending in .json)",
    );
  });

  it('should refuse a path when the scenario was not read from a file', () => {
    expect(refusal(xu3({ rtapp: 'w.json' }))).toMatch(
      /^x\.json: coworkloads\[0\]\.rtapp: 'w\.json' is a file, read relative to the scenario file/,
    );
  });

  it.each([
    [
      'a frequency that is not an operating point',
      { freqMHz: { a15: 1950 } },
      'x.json: coworkloads[0].freqMHz.a15: 1950 MHz is not an operating point of a15',
    ],
    [
      'a frequency for a unit that is not a CPU unit',
      { freqMHz: { a16: 1000 } },
      "x.json: coworkloads[0].freqMHz.a16: 'a16' is not a CPU unit of odroid-xu3 (valid: a7, a15)",
    ],
    [
      'a reference cpu the board lacks',
      { referenceCpu: 8 },
      'x.json: coworkloads[0].referenceCpu: cpu 8 is not a cpu of odroid-xu3 (its cpus: 0-7)',
    ],
    [
      'cpus the board lacks',
      { cpus: [4, 9] },
      'x.json: coworkloads[0].cpus: cpu 9 is not a cpu of odroid-xu3 (its cpus: 0-7)',
    ],
    ['a unit beside rtapp', { unit: 'a15' }, 'x.json: coworkloads[0].unit: belongs to a co-workload that holds cores'],
    ['an end before the start', { startS: 5, endS: 5 }, 'x.json: coworkloads[0].endS: 5 s is not after startS (5 s)'],
    ['a start after the run', { startS: 20 }, 'x.json: coworkloads[0].startS: 20 s is not before the end of the run'],
    ['a resolution of 0', { resolutionMs: 0 }, 'x.json: coworkloads[0].resolutionMs: must be >= 1'],
    ['an unknown option', { resolution: 10 }, 'x.json: coworkloads[0].resolution: unknown field'],
  ])('should refuse %s', (_what, cw, message) => {
    expect(refusal(xu3(cw))).toContain(message);
  });

  it('should refuse an rt-app option without rtapp, and a co-workload with neither unit nor rtapp', () => {
    const plain = (cw: Record<string, unknown>) => () =>
      checkScenario(scenario([{ name: 'w', startS: 0, ...cw }]), 'x.json');
    expect(refusal(plain({ unit: 'a15', resolutionMs: 10 }))).toBe(
      'x.json: coworkloads[0].resolutionMs: is an option of an rt-app co-workload: give rtapp too',
    );
    expect(refusal(plain({}))).toBe(
      'x.json: coworkloads[0].unit: is required but missing (or give rtapp, an rt-app workload)',
    );
  });

  it('should refuse through the CLI with exit 2 and one line naming the task, phase and key', async () => {
    const path = files('cli.json', scenario([{ name: 'w', startS: 0, rtapp: 'cli-w.json' }]), {
      'cli-w.json': '{ "tasks": { "t": { "phases": { "p": { "run": 10, "timer": { "period": -5 } } } } } }',
    });
    expectOneLineRefusal(
      await run('simulate', path, '--policy', 'performance'),
      'coworkloads[0].rtapp: ',
      "task 't', phase 'p', key 'timer.period'",
      'got -5',
    );
  });
});

describe('the built-in rt-app workloads', () => {
  it.each(builtinRtappNames())('%s reads with no note and says where its numbers come from', (name) => {
    const w = readRtapp(builtinRtappText(name)!, name);
    expect(w.notes).toEqual([]);
    const data = JSON.parse(builtinRtappText(name)!) as {
      description: string;
      tasks: Record<string, { description?: string; phases?: Record<string, { description?: string }> }>;
    };
    expect(data.description).toMatch(/not Debian's .*GPL-2\.0/);
    for (const [task, t] of Object.entries(data.tasks)) {
      const described =
        t.description !== undefined || Object.values(t.phases ?? {}).every((p) => p.description !== undefined);
      expect(described, task).toBe(true);
    }
  });
});
