import { describe, expect, it } from 'vitest';
import { expectOneLineRefusal, run, runJson } from './run.js';

describe('simulate --policy NAME(tunable=value,...)', () => {
  it('runs two variants of one built-in policy side by side, each named as given', async () => {
    const json = await runJson(
      'simulate',
      'xu3-default',
      '--policy',
      'rtm',
      '--policy',
      'rtm(anytime=1)',
      '--duration',
      '2',
      '--json',
    );
    const [fixed, anytime] = json.results;
    expect(fixed.policy).toBe('rtm');
    expect(anytime.policy).toBe('rtm(anytime=1)');
    // Anytime inference stops early on most images: fewer groups on average than the fixed 4.
    expect(fixed.metrics.meanGroups).toBe(4);
    expect(anytime.metrics.meanGroups).toBeLessThan(4);
  });

  it.each([
    ['rtm(anytime)', /'anytime' is not name=value/],
    ['rtm(anytime=1,anytime=0)', /tunable anytime is given twice/],
    ['rtm(anytime=yes)', /tunable anytime 'yes' is not a number/],
    ['rtm(anytime=0.5)', /anytime 0.5 is not a whole number in 0..1/],
    ['rtm(speed=3)', /unknown tunable 'speed'/],
    ['turbo(anytime=1)', /unknown policy 'turbo'|policy 'turbo'/],
  ])('refuses %s in one line', async (spec, message) => {
    expectOneLineRefusal(await run('simulate', 'xu3-default', '--policy', spec, '--duration', '1'), message);
  });
});
