import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseWorkloadLine } from '../../hil/workload/protocol.js';
import { WorkloadProcess } from '../../hil/workload/workloadProcess.js';

const script = fileURLToPath(new URL('./fixtures/echoWorkload.mjs', import.meta.url));
const started: WorkloadProcess[] = [];
function start(mode = 'ok'): WorkloadProcess {
  const w = new WorkloadProcess({ command: [process.execPath, script, mode], stderr: () => {} });
  started.push(w);
  return w;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((w) => w.close()));
});

describe('the workload protocol', () => {
  it('should parse a reply, a reply with layer times, an error and a ready line', () => {
    expect(parseWorkloadLine('{"latencyMs": 3.5}')).toEqual({ latencyMs: 3.5 });
    expect(parseWorkloadLine('{"latencyMs": 3, "layersMs": [1, 2]}')).toEqual({ latencyMs: 3, layersMs: [1, 2] });
    expect(parseWorkloadLine('{"error": "out of memory"}')).toEqual({ error: 'out of memory' });
    expect(parseWorkloadLine('{"ready": true, "engine": "x"}')).toEqual({ ready: true, engine: 'x' });
  });

  it('should pass on the class and label of a labelled image, and refuse one without the other', () => {
    expect(parseWorkloadLine('{"latencyMs": 2, "class": 3, "label": 5}')).toEqual({ latencyMs: 2, class: 3, label: 5 });
    expect(parseWorkloadLine('{"latencyMs": 2, "class": 3}')).toEqual({
      problem: expect.stringMatching(/class and label come together/),
    });
    expect(parseWorkloadLine('{"latencyMs": 2, "class": -1, "label": 5}')).toEqual({
      problem: expect.stringMatching(/class is not a class index/),
    });
    expect(parseWorkloadLine('{"latencyMs": 2, "class": 1.5, "label": 5}')).toEqual({
      problem: expect.stringMatching(/class is not a class index/),
    });
  });

  it("should pass on the answer's probability and an anytime inference's stopping g, and refuse values that are neither", () => {
    expect(parseWorkloadLine('{"latencyMs": 2, "confidence": 0.97, "groupsRun": 2}')).toEqual({
      latencyMs: 2,
      confidence: 0.97,
      groupsRun: 2,
    });
    expect(parseWorkloadLine('{"latencyMs": 2, "confidence": 1.2}')).toEqual({
      problem: expect.stringMatching(/confidence is not a probability/),
    });
    expect(parseWorkloadLine('{"latencyMs": 2, "groupsRun": 0}')).toEqual({
      problem: expect.stringMatching(/groupsRun is not a group count/),
    });
    expect(parseWorkloadLine('{"latencyMs": 2, "groupsRun": 1.5}')).toEqual({
      problem: expect.stringMatching(/groupsRun is not a group count/),
    });
  });

  it('should describe a line that breaks the protocol instead of throwing', () => {
    expect(parseWorkloadLine('hello')).toEqual({ problem: expect.stringMatching(/not JSON/) });
    expect(parseWorkloadLine('{"latencyMs": -1}')).toEqual({ problem: expect.stringMatching(/no latencyMs/) });
    expect(parseWorkloadLine('{"latencyMs": 1, "layersMs": ["a"]}')).toEqual({
      problem: expect.stringMatching(/layersMs/),
    });
  });
});

describe('WorkloadProcess with a program that speaks the protocol', () => {
  it('should wait for the ready line and answer requests in order', async () => {
    const w = start();
    expect(await w.ready()).toMatchObject({ ready: true, engine: 'echo' });
    const replies = await Promise.all([w.infer(1), w.infer(3), w.infer(2, true)]);
    expect(replies).toEqual([{ latencyMs: 2 }, { latencyMs: 6 }, { latencyMs: 4, layersMs: [2, 2] }]);
  });

  it('should say when it sent each request, on a clock the program shares', async () => {
    const w = start('sent');
    await w.ready();
    const reply = await w.infer(1);
    // The pipe's delay: never negative, and far below a second even on a loaded machine.
    expect(reply).toEqual({ latencyMs: expect.any(Number) });
    const delayMs = (reply as { latencyMs: number }).latencyMs;
    expect(delayMs).toBeGreaterThanOrEqual(0);
    expect(delayMs).toBeLessThan(5000);
  });

  it('should give the ready line to every ready() asked for before it came', async () => {
    const w = start();
    const both = await Promise.all([w.ready(), w.ready()]);
    for (const line of both) expect(line).toMatchObject({ ready: true, engine: 'echo' });
  });

  it('should give the ready line to a ready() asked for after it came', async () => {
    const w = start();
    await w.infer(1); // the ready line comes before the first reply
    expect(await w.ready()).toMatchObject({ ready: true, engine: 'echo' });
  });

  it("should pass on the program's own error reply", async () => {
    const w = start();
    await w.ready();
    expect(await w.infer(9)).toEqual({ error: 'groups 9 is more than 4' });
  });

  it('should turn a protocol violation into an error for every request waiting', async () => {
    const w = start('garbage');
    await w.ready();
    expect(await w.infer(1)).toEqual({ error: expect.stringMatching(/protocol error: not JSON/) });
    expect(await w.infer(1)).toEqual({ error: expect.stringMatching(/protocol error/) });
  });

  it('should report a program that dies', async () => {
    const w = start('die');
    await w.ready();
    expect(await w.infer(1)).toEqual({ error: expect.stringMatching(/workload exited \(code 3\)/) });
  });

  it('should report a program that cannot be started', async () => {
    const w = new WorkloadProcess({ command: ['/nonexistent/program'], stderr: () => {} });
    started.push(w);
    expect(await w.ready()).toMatchObject({ error: expect.stringMatching(/cannot start \/nonexistent\/program/) });
  });
});
