/**
 * examples/customScenario.ts: the scenario it builds passes checkScenario and runs under both
 * policies, and the table shows what the scenario is there to show: ondemand ignores the power cap,
 * rtm keeps the board near it by giving up groups.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runExample } from './runExample.js';

vi.mock('twinrtm', () => import('../../index.js'));

type Row = Record<string, number>;

describe('examples/customScenario.ts', () => {
  let lines: string[];
  let rows: Record<string, Row>;
  beforeAll(async () => {
    lines = await runExample('customScenario.ts');
    // The table: a header of titles separated by two spaces or more, then one row per policy.
    const titles = lines[1]!.trim().split(/\s{2,}/);
    rows = Object.fromEntries(
      lines.slice(2).map((line) => {
        const [policy, ...cells] = line.trim().split(/\s+/);
        return [policy!, Object.fromEntries(cells.map((c, i) => [titles[i + 1]!, Number(c)]))];
      }),
    );
  });

  it('should name the scenario it built and checked', () => {
    expect(lines[0]).toMatch(/^xu3-corunner-then-cap: /);
  });

  it('should run both policies over the whole six seconds', () => {
    expect(Object.keys(rows)).toEqual(['rtm', 'ondemand']);
    // 25 fps for 6 s; a request still in flight at the end is not counted.
    for (const row of Object.values(rows)) expect(row.inferences).toBeGreaterThanOrEqual(148);
  });

  it('should show ondemand over the cap throughout and rtm well below it, with fewer groups', () => {
    const { rtm, ondemand } = rows as { rtm: Row; ondemand: Row };
    expect(ondemand['over cap %']).toBeGreaterThan(90);
    expect(rtm['over cap %']).toBeLessThan(30);
    expect(rtm['avg W']).toBeLessThan(ondemand['avg W']!);
    expect(rtm['mean groups']).toBeLessThan(4);
    expect(ondemand['mean groups']).toBe(4);
  });
});
