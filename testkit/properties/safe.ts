/**
 * safe: when some configuration meets the budgets by the model, the decision meets them too by the
 * model. Judged every period on the configuration in force after the decision, under the contention
 * the free cores imply and the power mode in force, except in the first settlePeriods periods of the
 * run and after the budgets, the free cores or the power mode changed: a policy may take that long
 * to react. "Meets" is budgetJudge.ts brokenBudgets: time <= latencyMs, power <= powerW, energy <=
 * energyPerInferenceMJ, accuracy >= minAccuracy (vacuous while accuracy is unmeasured).
 *
 * "Some configuration meets them" is asked with headroomPct of room below each latency, power and
 * energy budget: a policy may keep headroom of its own (rtm keeps 10 % below the deadline and 5 %
 * below the cap) and then, rightly, not trust a configuration at the very edge of a budget; the
 * decision itself is held to the budgets as they are.
 *
 * The scenarios have no model error, their co-workloads are what the free cores say (every held core
 * fully busy, no memory pressure), and they run at the temperature the model's static power
 * describes (the units' leakage reference), so the board draws what the model says while cool and
 * more as it heats: a policy that corrects its model from measurements is never pushed, by the
 * board, past a budget the model says it breaks.
 */
import fc from 'fast-check';
import type { Platform } from '../../models/types.js';
import { sameBudgets, sameNumbers } from '../../policies/sameInputs.js';
import { platformArb } from '../arbitraries/platformArb.js';
import { scenarioArb } from '../arbitraries/scenarioArb.js';
import { brokenBudgets, budgetJudgeFor } from '../budgetJudge.js';
import { budgetsLabel, configLabel, round3 } from '../label.js';
import type { Step } from '../step.js';
import { oneRun, type JudgeContext, type KitProperty, type ScenarioCase } from './property.js';

/** The temperature the platform's static power figures describe (the highest of its units'). */
function referenceTemperatureC(platform: Platform): number {
  return Math.max(...platform.units.map((u) => u.thermal.leakageRefC));
}

function sameConditions(a: Step, b: Step): boolean {
  return a.powerMode === b.powerMode && sameBudgets(a.budgets, b.budgets) && sameNumbers(a.freeCores, b.freeCores);
}

export function judgeSafe(steps: readonly Step[], { platform, dnn, params }: JudgeContext): string | null {
  const settle = params.settlePeriods ?? 0;
  const headroom = (params.headroomPct ?? 0) / 100;
  const judge = budgetJudgeFor(platform, dnn);
  let changedAt = 0;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (i === 0 || !sameConditions(s, steps[i - 1]!)) changedAt = i;
    if (i - changedAt < settle) continue;
    const feasible = judge.feasible(s.budgets, s.powerMode, s.freeCores, headroom);
    if (!feasible) continue;
    const p = judge.predict(s.configAfter, s.powerMode, s.freeCores);
    const broken = brokenBudgets(p, s.budgets);
    if (broken.length === 0) continue;
    return (
      `period ${s.period} (${s.timeMs} ms), ${budgetsLabel(s.budgets)}, free cores ${JSON.stringify(s.freeCores)}: ` +
      `${configLabel(s.configAfter)} predicts ${round3(p.timeMs)} ms, ${round3(p.avgPowerW)} W, ${round3(p.energyMJ)} mJ and breaks ${broken.join(', ')}; ` +
      `${configLabel(feasible.config)} (${round3(feasible.timeMs)} ms, ${round3(feasible.avgPowerW)} W, ${round3(feasible.energyMJ)} mJ) meets them all with ${params.headroomPct ?? 0} % to spare`
    );
  }
  return null;
}

export const safeProperty: KitProperty<ScenarioCase> = {
  name: 'safe',
  claim: 'when some configuration meets the budgets by the model (with headroom), the decision meets them too',
  arbitrary: (s) =>
    fc.record({
      platform: platformArb(s.platform, s.platforms),
      scenario: scenarioArb(s.platform, {
        dnn: s.dnn.id,
        observableCoworkloads: true,
        ambientC: referenceTemperatureC(s.platform),
      }),
    }),
  plan: (s, c) => oneRun(c, { settlePeriods: s.settlePeriods, headroomPct: s.headroomPct }),
  judge: (runs, context) => judgeSafe(runs[0]!, context),
};
