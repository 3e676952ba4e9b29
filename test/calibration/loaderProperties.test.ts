import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMeasurements, type ParseMeasurementsOptions } from '../../calibration/loadMeasurements.js';
import { MeasurementError } from '../../calibration/measurementError.js';
import type { LoadedMeasurements, Measurement } from '../../calibration/types.js';
import { DataFileError } from '../../dnn/schemaCheck.js';
import { builtinPlatforms, platformById } from '../../models/builtinPlatforms.js';
import type { Platform } from '../../models/types.js';
import {
  cellsOf,
  columnsOf,
  corruptCellArb,
  csvCell,
  csvLine,
  type CsvLayout,
  fullLayout,
  measurementArb,
  type MeasurementValues,
  toCsv,
} from './fixtures/measurementsCsv.js';

const xu3 = platformById('odroid-xu3');

/** The number of lines of a text as an editor counts them (LF, CRLF and CR each end one). */
function lineCount(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

/**
 * Parses, and checks the only ways it may fail: a MeasurementError whose every problem names a line
 * inside the file and a string column, and whose message lists them; or a DataFileError.
 */
function loadOrRefusal(
  text: string,
  options: Partial<ParseMeasurementsOptions> = {},
): LoadedMeasurements | MeasurementError {
  try {
    return parseMeasurements(text, { file: 'f.csv', platform: xu3, ...options });
  } catch (err) {
    if (err instanceof DataFileError)
      throw new Error(`parseMeasurements threw a DataFileError for a string: ${err.message}`);
    if (!(err instanceof MeasurementError)) throw new Error(`parseMeasurements threw ${String(err)}`, { cause: err });
    expect(err.problems.length).toBeGreaterThan(0);
    for (const p of err.problems) {
      expect(Number.isInteger(p.line)).toBe(true);
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.line).toBeLessThanOrEqual(lineCount(text));
      expect(typeof p.column).toBe('string');
      expect(p.problem.length).toBeGreaterThan(0);
      expect(p.problem).not.toMatch(/[\n\r]/);
    }
    const listed = err.message.split('\n').slice(1);
    expect(listed[0]).toMatch(/^f\.csv:\d+: /);
    return err;
  }
}

/** What the loader should give back for generated values written with `layout` at `line`. */
function expected(values: MeasurementValues, layout: CsvLayout, line: number): Measurement {
  return {
    line,
    ...values,
    powerW: Object.fromEntries(layout.rails.map((r) => [r, values.powerW[r] ?? null])),
    voltageV: layout.voltage ? values.voltageV : null,
  };
}

/** A layout of the platform: some of its rails, with or without voltageV, in a shuffled column order. */
function layoutArb(platform: Platform): fc.Arbitrary<CsvLayout> {
  return fc
    .record({
      rails: fc.subarray(platform.rails.map((r) => r.name)),
      voltage: fc.boolean(),
      shuffle: fc.boolean(),
      seed: fc.array(fc.nat(), { minLength: 20, maxLength: 20 }),
    })
    .map(({ rails, voltage, shuffle, seed }) => {
      const order = columnsOf({ rails, voltage });
      if (shuffle) {
        // A Fisher-Yates shuffle driven by generated numbers, so fast-check can shrink it.
        for (let i = order.length - 1; i > 0; i--) {
          const j = seed[i % seed.length]! % (i + 1);
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
      }
      return { rails, voltage, order };
    });
}

/** A generated file: valid rows, some with one corrupted cell. */
interface MixedFile {
  platformId: string;
  layout: CsvLayout;
  eol: string;
  rows: { values: MeasurementValues; corruption: { column: number; cell: string } | null }[];
}

/** Platform ids rather than platforms, so a counterexample prints an id and not a whole platform file. */
const platformIdArb = fc.constantFrom(...builtinPlatforms().map((p) => p.id));
const eolArb = fc.constantFrom('\n', '\r\n', '\r');

describe('measurement loader fuzzing: no input crashes it', () => {
  it('should throw only MeasurementErrors naming a line and a column for any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.boolean(), (text, lenient) => {
        loadOrRefusal(text, { lenient });
      }),
      { numRuns: 500 },
    );
  });

  it('should throw only MeasurementErrors for any string of full Unicode (fast-check 4: fc.string unit binary)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.boolean(), (text, lenient) => {
        loadOrRefusal(text, { lenient });
      }),
      { numRuns: 300 },
    );
  });

  it('should throw only MeasurementErrors for strings made of CSV syntax (quotes, commas, line breaks, BOMs)', () => {
    const csvChar = fc.constantFrom(',', '"', '\n', '\r', '\r\n', ' ', 'a', '1', '-', '.', 'e', '\uFEFF', '\t');
    fc.assert(
      fc.property(fc.string({ unit: csvChar, maxLength: 200 }), fc.boolean(), (text, lenient) => {
        loadOrRefusal(text, { lenient });
      }),
      { numRuns: 500 },
    );
  });

  it('should throw only MeasurementErrors for a valid header over arbitrary text', () => {
    const header = columnsOf(fullLayout(xu3)).join(',');
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), eolArb, fc.boolean(), (rest, eol, lenient) => {
        loadOrRefusal(`${header}${eol}${rest}`, { lenient });
      }),
      { numRuns: 300 },
    );
  });

  it('should throw only MeasurementErrors for raw (unquoted) corruptions of valid files', () => {
    fc.assert(
      fc.property(
        platformIdArb.chain((platformId) =>
          fc.record({
            platformId: fc.constant(platformId),
            rows: fc.array(measurementArb(platformById(platformId)), { minLength: 1, maxLength: 5 }),
            eol: eolArb,
            cut: fc.nat(),
            insert: fc.string({ unit: fc.constantFrom(',', '"', '\n', '\r', 'x', '-', '0'), maxLength: 5 }),
            lenient: fc.boolean(),
          }),
        ),
        ({ platformId, rows, eol, cut, insert, lenient }) => {
          const platform = platformById(platformId);
          const text = toCsv(rows, fullLayout(platform), eol);
          const at = cut % (text.length + 1);
          loadOrRefusal(text.slice(0, at) + insert + text.slice(at), { platform, lenient });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('measurement loader: CSV-shaped files mixing valid rows with corrupted cells', () => {
  /** Valid rows, some with one cell replaced (quoted as needed, so each row stays one record). */
  const mixedFileArb = platformIdArb.chain((platformId) =>
    fc.record({
      platformId: fc.constant(platformId),
      layout: layoutArb(platformById(platformId)),
      eol: eolArb,
      rows: fc.array(
        fc.record({
          values: measurementArb(platformById(platformId)),
          corruption: fc.option(fc.record({ column: fc.nat(), cell: corruptCellArb }), { nil: null, freq: 2 }),
        }),
        { minLength: 1, maxLength: 8 },
      ),
    }),
  );

  function write(file: MixedFile): { text: string; lines: number[] } {
    const columns = columnsOf(file.layout);
    let line = 2;
    const lines: number[] = [];
    const body = file.rows.map(({ values, corruption }) => {
      const cells = cellsOf(values, file.layout);
      if (corruption) cells[columns[corruption.column % columns.length]!] = corruption.cell;
      lines.push(line);
      // A quoted line break inside a corrupted cell moves the next row down.
      line += 1 + Object.values(cells).reduce((n, c) => n + lineCount(c) - 1, 0);
      return csvLine(cells, file.layout);
    });
    return { text: [columns.join(','), ...body].map((l) => l + file.eol).join(''), lines };
  }

  it('should account for every row in lenient mode: loaded + dropped = rows, and no clean row dropped', () => {
    fc.assert(
      fc.property(mixedFileArb, (file) => {
        const { text, lines } = write(file);
        const result = loadOrRefusal(text, { platform: platformById(file.platformId), lenient: true });
        const clean = file.rows.flatMap((r, i) => (r.corruption ? [] : [lines[i]!]));
        if (result instanceof MeasurementError) {
          // Lenient refuses only a file left with no rows: then every row was corrupted.
          expect(clean).toEqual([]);
          expect(result.message).toMatch(/^f\.csv: no measurement rows \(all \d+ rows? dropped as bad\)/);
          return;
        }
        expect(result.rows.length + result.dropped.length).toBe(file.rows.length);
        const loadedLines = result.rows.map((r) => r.line);
        for (const l of clean) expect(loadedLines).toContain(l);
        for (const d of result.dropped) expect(file.rows[lines.indexOf(d.line)]!.corruption).not.toBeNull();
        // The clean rows load back with exactly their values.
        file.rows.forEach(({ values, corruption }, i) => {
          if (!corruption)
            expect(result.rows.find((r) => r.line === lines[i])).toEqual(expected(values, file.layout, lines[i]!));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('should refuse in strict mode exactly when lenient mode drops rows, listing the same first problems', () => {
    fc.assert(
      fc.property(mixedFileArb, (file) => {
        const { text } = write(file);
        const strict = loadOrRefusal(text, { platform: platformById(file.platformId) });
        const lenient = loadOrRefusal(text, { platform: platformById(file.platformId), lenient: true });
        const dropped = lenient instanceof MeasurementError ? lenient.problems : lenient.dropped;
        if (strict instanceof MeasurementError) {
          const firstPerLine = strict.problems.filter((p, i) => i === 0 || strict.problems[i - 1]!.line !== p.line);
          expect(firstPerLine).toEqual(dropped);
        } else {
          expect(dropped).toEqual([]);
          expect(lenient).toEqual(strict);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('measurement loader round trip', () => {
  it('should load back, equal, rows generated from valid values and written as CSV', () => {
    fc.assert(
      fc.property(
        platformIdArb.chain((platformId) =>
          fc.record({
            platformId: fc.constant(platformId),
            layout: layoutArb(platformById(platformId)),
            rows: fc.array(measurementArb(platformById(platformId)), { minLength: 1, maxLength: 10 }),
            eol: eolArb,
            quoteAll: fc.boolean(),
            bom: fc.boolean(),
            lenient: fc.boolean(),
          }),
        ),
        ({ platformId, layout, rows, eol, quoteAll, bom, lenient }) => {
          const platform = platformById(platformId);
          const lines = [
            columnsOf(layout)
              .map((c) => csvCell(c, quoteAll))
              .join(','),
            ...rows.map((r) => csvLine(cellsOf(r, layout), layout, quoteAll)),
          ];
          const text = (bom ? '\uFEFF' : '') + lines.map((l) => l + eol).join('');
          const loaded = parseMeasurements(text, { file: 'f.csv', platform, lenient });
          expect(loaded.rows).toEqual(rows.map((r, i) => expected(r, layout, i + 2)));
          expect(loaded.dropped).toEqual([]);
          expect([...loaded.rails].sort()).toEqual([...layout.rails].sort());
        },
      ),
      { numRuns: 300 },
    );
  });
});
