/**
 * Reads a GemStone/Powmon model file (`*.params` in mattw200/gemstone-applypower models/): a
 * tab-separated table of term name and value, with or without pandas' index column. The form is
 * P = static(f, V) + sum_e beta_e * (E_e / f) * f * V^2 (reference/power-models.md), so each event
 * term's value is the twin's beta for that event, and the eight voltage and frequency terms are the
 * static polynomial's c0..c7 in models/powmonStaticW.ts's order.
 */
import { DataFileError } from '../../dnn/schemaCheck.js';
import { EVENT_NAMES } from './powmonEvents.js';

/** A GemStone model file's static polynomial and betas, under the twin's event names. */
export interface GemstoneModel {
  /** c0..c7 of static(f MHz, V volts), W. */
  static: number[];
  /** Beta per event, under the twin's event names, W per (event/s x V^2). */
  betas: Record<string, number>;
}

/** The static terms in powmonStaticW's order, X standing for the cluster (A15, A7). */
const STATIC_TERMS = [
  'Intercept',
  'Frequency_X',
  'Voltage_X',
  'Frequency_X:Voltage_X',
  'Voltage_X_Squared',
  'Frequency_X:Voltage_X_Squared',
  'Voltage_X:Voltage_X_Squared',
  'Frequency_X:Voltage_X:Voltage_X_Squared',
];

/**
 * @param text the file's contents
 * @param file the name shown in a refusal
 * @param cluster which cluster's terms the file holds
 * @throws DataFileError naming the file and the term for a missing or unreadable term
 */
export function parseGemstoneParams(text: string, file: string, cluster: 'A15' | 'A7'): GemstoneModel {
  const values = new Map<string, number>();
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  for (const [i, line] of lines.slice(1).entries()) {
    const cells = line.split('\t');
    // pandas writes an index column first when the frame was saved with one.
    const [name, value] = /^\d+$/.test(cells[0] ?? '') ? cells.slice(1) : cells;
    const v = Number(value);
    if (name === undefined || value === undefined || !Number.isFinite(v)) {
      throw new DataFileError(file, `line ${i + 2}`, 'expected a term name and a number, tab-separated');
    }
    values.set(name, v);
  }
  const take = (term: string): number => {
    const v = values.get(term);
    if (v === undefined) throw new DataFileError(file, term, 'term missing from the model file');
    return v;
  };
  const staticCoefficients = STATIC_TERMS.map((t) => take(t.replaceAll('X', cluster)));
  const suffix = `:Frequency_${cluster}:Voltage_${cluster}_Squared`;
  const betas: Record<string, number> = {};
  for (const [term, value] of values) {
    if (!term.startsWith('EPH_') || !term.endsWith(suffix)) continue;
    const code = term.slice('EPH_'.length, -suffix.length);
    const name = EVENT_NAMES[cluster][code];
    if (name === undefined)
      throw new DataFileError(
        file,
        term,
        `event ${code} has no name in the twin (known: ${Object.keys(EVENT_NAMES[cluster]).join(', ')})`,
      );
    betas[name] = value;
  }
  if (Object.keys(betas).length === 0) throw new DataFileError(file, '', `no event terms for the ${cluster}`);
  return { static: staticCoefficients, betas };
}
