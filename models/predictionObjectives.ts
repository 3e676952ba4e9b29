/**
 * Named objectives over predictions for the Pareto front: time, energy and power are minimised,
 * accuracy and confidence maximised. While a DNN's accuracy is unmeasured, the number of active
 * groups stands in for it (incremental training makes accuracy grow with the groups) and the result
 * says so; confidence has no stand-in (it is refused while unmeasured).
 */
import { accuracyMeasured, confidenceMeasured } from '../dnn/accuracyOf.js';
import { InputError } from '../dnn/inputError.js';
import type { Dnn } from '../dnn/types.js';
import type { Objective } from './paretoFront.js';
import type { Prediction } from './types.js';

/** The named objectives over predictions: time, energy and power are minimised, accuracy and confidence maximised. */
export const OBJECTIVE_NAMES = ['time', 'energy', 'power', 'accuracy', 'confidence'] as const;
/** One of {@link OBJECTIVE_NAMES}. */
export type ObjectiveName = (typeof OBJECTIVE_NAMES)[number];

/** The objectives for {@link paretoFront}, and whether accuracy stands in by the group count. */
export interface PredictionObjectives {
  /** In the order named. */
  objectives: Objective<Prediction>[];
  /** Accuracy was asked for but is unmeasured, so active groups stand in for it. */
  accuracyProxy: 'groups' | null;
}

/**
 * Objectives over predictions by name, for {@link paretoFront}. While the DNN's accuracy is
 * unmeasured, its active groups stand in for accuracy (and the result says so); confidence has no
 * stand-in.
 *
 * @throws InputError for no name, an unknown or repeated one, or confidence while unmeasured
 */
export function predictionObjectives(names: readonly string[], dnn: Dnn): PredictionObjectives {
  if (names.length === 0) throw new InputError(`no objectives given (valid: ${OBJECTIVE_NAMES.join(', ')})`);
  const seen = new Set<string>();
  let accuracyProxy: 'groups' | null = null;
  const objectives = names.map((name): Objective<Prediction> => {
    if (seen.has(name)) throw new InputError(`objective '${name}' given twice`);
    seen.add(name);
    switch (name) {
      case 'time':
        return { name, direction: 'min', value: (p) => p.timeMs };
      case 'energy':
        return { name, direction: 'min', value: (p) => p.energyMJ };
      case 'power':
        return { name, direction: 'min', value: (p) => p.avgPowerW };
      case 'accuracy':
        if (accuracyMeasured(dnn)) return { name, direction: 'max', value: (p) => p.accuracy! };
        accuracyProxy = 'groups';
        return { name, direction: 'max', value: (p) => p.config.groups };
      case 'confidence':
        if (!confidenceMeasured(dnn))
          throw new InputError(
            `objective 'confidence': ${dnn.id} has no measured confidence for every g (its accuracy table's confidence fields)`,
          );
        return { name, direction: 'max', value: (p) => p.confidence! };
      default:
        throw new InputError(`unknown objective '${name}' (valid: ${OBJECTIVE_NAMES.join(', ')})`);
    }
  });
  return { objectives, accuracyProxy };
}
