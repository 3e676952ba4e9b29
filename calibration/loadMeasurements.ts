/**
 * Reads a measurements CSV (what `twinrtm hil sweep` writes, or a user's own measurements) into
 * checked rows for calibration.
 *
 * Every value is checked against the platform and the network, and every problem is reported with its
 * line and column: strict mode (the default) refuses the file listing all of them, lenient mode drops
 * the bad rows and says which and why. Nothing is dropped silently.
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { builtinNetworks } from '../dnn/builtinNetworks.js';
import type { Dnn } from '../dnn/types.js';
import type { Platform, Unit } from '../models/types.js';
import { MeasurementError } from './measurementError.js';
import { MEASUREMENT_COLUMNS, type LoadedMeasurements, type Measurement, type MeasurementProblem } from './types.js';
import { readDataFile } from '../dnn/readDataFile.js';

/** What {@link parseMeasurements} checks the file against. */
export interface ParseMeasurementsOptions {
  /** The name shown in every problem (usually the path). */
  file: string;
  /** The platform the measurements were taken on: units, cores, operating points and rails come from it. */
  platform: Platform;
  /**
   * The network the rows must be of (it may be a user's network file). Omitted: each row may name any
   * built-in network.
   */
  dnn?: Dnn;
  /** Drop bad rows (listing them in `dropped`) instead of refusing the file. */
  lenient?: boolean;
}

/** Options of {@link loadMeasurementsFile}: the shown name defaults to the path. */
export type LoadMeasurementsFileOptions = Omit<ParseMeasurementsOptions, 'file'> & { file?: string };

type FixedColumn = (typeof MEASUREMENT_COLUMNS)[number];

/** A decimal number as a person or a sweep writes it; no hex, no NaN, no Infinity, no bare exponent. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const POWER_COLUMN = /^power_(.+)_W$/;
const VOLTAGE_COLUMN = 'voltageV';
/** Operating points are compared with this tolerance so that "307.20" and "307.2" both match. */
const FREQ_TOLERANCE_MHZ = 1e-6;

/**
 * Parses and checks the text of a measurements CSV. Pure: no I/O.
 *
 * Header: the fixed columns of MEASUREMENT_COLUMNS in any order, then optionally one power_<rail>_W per
 * rail of the platform and a voltageV; any other, missing or duplicate column refuses the file even
 * when lenient. Rows: blank lines are skipped; line numbers are the file's own (a quoted field spanning
 * lines reports the line its row starts on). CRLF, CR and LF line endings and a leading BOM are accepted.
 *
 * @param text - the whole file
 * @param options - the file name to report, the platform and (optionally) the network, lenient or strict
 * @returns the checked rows, the rows dropped in lenient mode with their first problem, the rails with
 *   power columns, and the SHA-256 of the text as UTF-8
 * @throws MeasurementError listing every problem with its line and column: always for a header or CSV
 *   syntax problem or a file with no usable rows; for any bad value unless lenient
 */
export function parseMeasurements(text: string, options: ParseMeasurementsOptions): LoadedMeasurements {
  return parseChecked(text, sha256(Buffer.from(text, 'utf8')), options);
}

/**
 * Reads a measurements CSV from disk and parses it with {@link parseMeasurements}.
 *
 * The SHA-256 is of the file's bytes, so it matches `sha256sum` even if the file is not valid UTF-8.
 *
 * @throws DataFileError naming the path when the file is missing or unreadable
 * @throws MeasurementError as parseMeasurements does
 */
export function loadMeasurementsFile(path: string, options: LoadMeasurementsFileOptions): LoadedMeasurements {
  const bytes = readDataFile(path);
  return parseChecked(bytes.toString('utf8'), sha256(bytes), { ...options, file: options.file ?? path });
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

// ---------------------------------------------------------------------------------------------------
// CSV records

/** One CSV record with the line it starts on. */
interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Splits the text into records. Stops at the first CSV syntax error: csv-parse's recovery after one
 * (it can swallow the rest of the file into a quoted field) would report rows that are not in the file.
 */
function readRecords(text: string): { records: CsvRecord[]; syntax: MeasurementProblem | null } {
  // One line ending for csv-parse: it detects the ending from the first line only, so a file mixing
  // CRLF and LF (an edited sweep) would otherwise merge rows. Each original line break stays one '\n',
  // so line numbers are unchanged. A BOM is stripped here rather than by csv-parse so the header's
  // first name never carries it.
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const records: CsvRecord[] = [];
  try {
    parse(normalized, {
      delimiter: ',',
      record_delimiter: '\n',
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (fields: string[], context) => {
        // context.lines is the line the record ends on; only quoted fields can hold line breaks.
        const breaks = fields.reduce((n, field) => n + countBreaks(field), 0);
        // A line of spaces is blank to a reader; csv-parse only skips truly empty lines.
        const blank = fields.length === 1 && fields[0]!.trim() === '';
        if (!blank) records.push({ line: Math.max(1, context.lines - breaks), fields });
        return null;
      },
    });
  } catch (err) {
    return { records, syntax: syntaxProblem(err, records) };
  }
  return { records, syntax: null };
}

function countBreaks(field: string): number {
  let n = 0;
  for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) n++;
  return n;
}

function syntaxProblem(err: unknown, records: CsvRecord[]): MeasurementProblem {
  const reported = (err as { lines?: unknown } | null)?.lines;
  const line =
    typeof reported === 'number' && Number.isInteger(reported) && reported >= 1
      ? reported
      : (records.at(-1)?.line ?? 1);
  // csv-parse quotes the offending field, which may hold line breaks; a problem is one line.
  const message = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();
  return { line, column: '', problem: `CSV syntax error: ${clip(message, 200)}` };
}

// ---------------------------------------------------------------------------------------------------
// Header

interface Layout {
  /** Index of each fixed column in a row. */
  fixed: Map<FixedColumn, number>;
  power: { rail: string; index: number }[];
  voltage: number | null;
  width: number;
  names: string[];
}

function checkHeader(header: CsvRecord, platform: Platform): { layout: Layout; problems: MeasurementProblem[] } {
  const names = header.fields.map((name) => name.trim());
  const problems: MeasurementProblem[] = [];
  const at = (column: string, problem: string): void => void problems.push({ line: header.line, column, problem });
  const rails = platform.rails.map((r) => r.name);
  const fixedNames: readonly string[] = MEASUREMENT_COLUMNS;
  const layout: Layout = { fixed: new Map(), power: [], voltage: null, width: names.length, names };
  const firstIndex = new Map<string, number>();

  names.forEach((name, index) => {
    const earlier = firstIndex.get(name);
    if (earlier !== undefined) {
      at(name, `duplicate column (columns ${earlier + 1} and ${index + 1} have this name)`);
      return;
    }
    firstIndex.set(name, index);
    if (fixedNames.includes(name)) {
      layout.fixed.set(name as FixedColumn, index);
      return;
    }
    if (name === VOLTAGE_COLUMN) {
      layout.voltage = index;
      return;
    }
    const power = POWER_COLUMN.exec(name);
    if (power) {
      const rail = power[1]!;
      if (rails.includes(rail)) layout.power.push({ rail, index });
      else at(name, `platform ${platform.id} has no rail '${show(rail)}' (valid: ${rails.join(', ')})`);
      return;
    }
    at(name, unknownColumn(name, rails));
  });

  for (const name of MEASUREMENT_COLUMNS) {
    if (!layout.fixed.has(name))
      at(name, `missing column (every measurements file has ${MEASUREMENT_COLUMNS.join(', ')})`);
  }
  return { layout, problems };
}

function unknownColumn(name: string, rails: string[]): string {
  const known = [...MEASUREMENT_COLUMNS, ...rails.map((r) => `power_${r}_W`), VOLTAGE_COLUMN];
  // A wrong case is the likeliest typo ("freqMhz"); say which name was meant.
  const meant = known.find((k) => k.toLowerCase() === name.toLowerCase());
  if (meant !== undefined) return `unknown column (did you mean ${meant}?)`;
  if (name === '') return 'unknown column with an empty name (a trailing comma in the header?)';
  return `unknown column (valid: ${known.join(', ')})`;
}

// ---------------------------------------------------------------------------------------------------
// Rows

interface RowContext {
  platform: Platform;
  dnn: Dnn | undefined;
  builtins: readonly Dnn[];
}

/** A problem with its column's position, so a row's problems can be listed left to right. */
interface Found {
  index: number;
  column: string;
  problem: string;
}

function checkRow(
  record: CsvRecord,
  layout: Layout,
  context: RowContext,
): { row: Measurement | null; problems: MeasurementProblem[] } {
  const toProblems = (found: Found[]): MeasurementProblem[] =>
    found.sort((a, b) => a.index - b.index).map(({ column, problem }) => ({ line: record.line, column, problem }));
  if (record.fields.length !== layout.width) {
    // With fields missing or extra there is no telling which value belongs to which column.
    const problem = `has ${record.fields.length} field${record.fields.length === 1 ? '' : 's'}, the header has ${layout.width}`;
    return { row: null, problems: [{ line: record.line, column: '', problem }] };
  }

  const found: Found[] = [];
  const cell = (index: number): string => record.fields[index]!.trim();
  const fixed = (name: FixedColumn): { index: number; value: string } => {
    const index = layout.fixed.get(name)!;
    return { index, value: cell(index) };
  };
  const report = (index: number, problem: string): void =>
    void found.push({ index, column: layout.names[index]!, problem });

  // Values that later checks depend on: a unit bounds cores and frequencies, a network its groups and layers.
  const platformCell = fixed('platform');
  if (platformCell.value === '') report(platformCell.index, 'missing');
  else if (platformCell.value !== context.platform.id) {
    report(
      platformCell.index,
      `is '${show(platformCell.value)}' but the measurements are being loaded for platform ${context.platform.id}`,
    );
  }

  const unitCell = fixed('unit');
  const unit = context.platform.units.find((u) => u.id === unitCell.value);
  if (unitCell.value === '') report(unitCell.index, 'missing');
  else if (!unit) {
    const valid = context.platform.units.map((u) => u.id).join(', ');
    report(unitCell.index, `platform ${context.platform.id} has no unit '${show(unitCell.value)}' (valid: ${valid})`);
  }

  const dnnCell = fixed('dnn');
  const dnn = findDnn(dnnCell.value, context);
  if (dnnCell.value === '') report(dnnCell.index, 'missing');
  else if (!dnn) {
    report(
      dnnCell.index,
      context.dnn
        ? `is '${show(dnnCell.value)}' but the measurements are being loaded for dnn ${context.dnn.id}`
        : `unknown dnn '${show(dnnCell.value)}' (valid: ${context.builtins.map((d) => d.id).join(', ')})`,
    );
  }

  // A whole number in min..max (max unknown when the unit or network is bad); NaN after reporting why not.
  const integer = (name: FixedColumn, min: number, max: number | null, why: string): number => {
    const { index, value } = fixed(name);
    const n = requiredNumber(value);
    let problem: string | null = null;
    if (typeof n === 'string') problem = n;
    else if (!Number.isInteger(n)) problem = `'${show(value)}' is not a whole number`;
    else if (n < min || (max !== null && n > max)) {
      problem =
        max === null ? `${n} is out of range (must be >= ${min})` : `${n} is out of range ${min}..${max} (${why})`;
    }
    if (problem === null) return n as number;
    report(index, problem);
    return NaN;
  };
  const unitWhy = unit ? `unit ${unit.id} has ${unit.cores} core${unit.cores === 1 ? '' : 's'}` : '';
  const groups = integer('groups', 1, dnn ? dnn.groups : null, dnn ? `dnn ${dnn.id} has ${dnn.groups} groups` : '');
  const cores = integer('cores', 1, unit ? unit.cores : null, unitWhy);
  const freqMHz = checkFrequency(fixed('freqMHz'), unit, report);
  const busyCores = integer('busyCores', 0, unit ? unit.cores : null, unitWhy);

  const temperatureCell = fixed('temperatureC');
  const temperatureC = optionalNumber(temperatureCell.value);
  if (typeof temperatureC === 'string') report(temperatureCell.index, temperatureC);
  else if (temperatureC !== null && (temperatureC < -273.15 || temperatureC > 200)) {
    report(temperatureCell.index, `${temperatureC} C is not a board temperature (-273.15..200 C)`);
  }

  const layerCell = fixed('layer');
  const layer = layerCell.value === '' ? null : layerCell.value;
  if (layer !== null && dnn && !dnn.layers.some((l) => l.name === layer)) {
    report(
      layerCell.index,
      `dnn ${dnn.id} has no layer '${show(layer)}' (valid: ${dnn.layers.map((l) => l.name).join(', ')})`,
    );
  }

  const timeCell = fixed('timeMs');
  const timeMs = requiredNumber(timeCell.value);
  if (typeof timeMs === 'string') report(timeCell.index, timeMs);
  else if (timeMs < 0) report(timeCell.index, `'${show(timeCell.value)}' is a negative time (must be > 0)`);
  else if (timeMs === 0) report(timeCell.index, `'${show(timeCell.value)}' is a zero time (must be > 0)`);

  const powerW: Record<string, number | null> = {};
  for (const { rail, index } of layout.power) {
    const value = cell(index);
    const watts = optionalNumber(value);
    if (typeof watts === 'string') report(index, watts);
    else if (watts !== null && watts < 0) report(index, `'${show(value)}' is a negative power (must be >= 0)`);
    else powerW[rail] = watts;
  }

  let voltageV: number | null = null;
  if (layout.voltage !== null) {
    const value = cell(layout.voltage);
    const volts = optionalNumber(value);
    if (typeof volts === 'string') report(layout.voltage, volts);
    else if (volts !== null && volts < 0)
      report(layout.voltage, `'${show(value)}' is a negative voltage (must be > 0)`);
    else if (volts === 0) report(layout.voltage, `'${show(value)}' is a zero voltage (must be > 0)`);
    else voltageV = volts;
  }

  if (found.length > 0) return { row: null, problems: toProblems(found) };
  const row: Measurement = {
    line: record.line,
    platform: platformCell.value,
    unit: unitCell.value,
    dnn: dnnCell.value,
    groups,
    cores,
    freqMHz: freqMHz!,
    busyCores,
    temperatureC: temperatureC as number | null,
    layer,
    timeMs: timeMs as number,
    powerW,
    voltageV,
  };
  return { row, problems: [] };
}

function findDnn(id: string, context: RowContext): Dnn | undefined {
  // A given network may be a user's file, not a built-in one: then only its id is accepted.
  if (context.dnn) return context.dnn.id === id ? context.dnn : undefined;
  return context.builtins.find((d) => d.id === id);
}

/** The operating point of the unit the cell names, as the table has it (so 307.2000001 stores 307.2). */
function checkFrequency(
  { index, value }: { index: number; value: string },
  unit: Unit | undefined,
  report: (index: number, problem: string) => void,
): number | null {
  const f = requiredNumber(value);
  if (typeof f === 'string') {
    report(index, f);
    return null;
  }
  if (!unit) return f;
  const point = unit.opps.points.find((p) => Math.abs(p.freqMHz - f) <= FREQ_TOLERANCE_MHZ);
  if (point) return point.freqMHz;
  const valid = unit.opps.points.map((p) => p.freqMHz).join(', ');
  report(index, `${f} MHz is not an operating point of ${unit.id} (valid: ${valid})`);
  return null;
}

/** A number, or why the cell is not one (missing counts). */
function requiredNumber(value: string): number | string {
  return value === '' ? 'missing' : (optionalNumber(value) ?? 'missing');
}

/** null for an empty cell, a finite number, or why the cell is not one. */
function optionalNumber(value: string): number | null | string {
  if (value === '') return null;
  if (!DECIMAL.test(value)) return `'${show(value)}' is not a number`;
  const n = Number(value);
  if (!Number.isFinite(n)) return `'${show(value)}' is not a finite number`;
  // -0 reads as 0: a sign on nothing is not information, and it keeps equality checks simple.
  return n === 0 ? 0 : n;
}

/** A cell value fit for a one-line message: escaped control characters, clipped. */
function show(value: string): string {
  return clip(JSON.stringify(value).slice(1, -1), 40);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

// ---------------------------------------------------------------------------------------------------
// The whole file

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function distinctLines(problems: MeasurementProblem[]): number {
  return new Set(problems.map((p) => p.line)).size;
}

function parseChecked(text: string, sha: string, options: ParseMeasurementsOptions): LoadedMeasurements {
  const { file, platform } = options;
  const { records, syntax } = readRecords(text);
  const header = records[0];
  if (!header) {
    const problems = [syntax ?? { line: 1, column: '', problem: 'no header row (the file is empty)' }];
    throw new MeasurementError(
      file,
      syntax ? 'a CSV syntax error before the header' : 'no header row (the file is empty)',
      problems,
    );
  }

  const { layout, problems: headerProblems } = checkHeader(header, platform);
  if (headerProblems.length > 0) {
    // Without a sound header no value can be placed in its column, so the rows are not checked.
    const problems = syntax ? [...headerProblems, syntax] : headerProblems;
    throw new MeasurementError(
      file,
      `${plural(problems.length, 'problem')} in the header (refused even with --lenient)`,
      problems,
    );
  }

  const context: RowContext = { platform, dnn: options.dnn, builtins: builtinNetworks() };
  const rows: Measurement[] = [];
  const rowProblems: MeasurementProblem[] = [];
  const dropped: MeasurementProblem[] = [];
  for (const record of records.slice(1)) {
    const { row, problems } = checkRow(record, layout, context);
    if (row) rows.push(row);
    else {
      rowProblems.push(...problems);
      dropped.push(problems[0]!);
    }
  }

  if (syntax) {
    // Fatal even when lenient: the rows after the error were never read, so dropping "the bad rows"
    // would lose an unknown number of good ones without saying so.
    const problems = [...rowProblems, syntax];
    const summary = `${plural(problems.length, 'problem')} in ${plural(distinctLines(problems), 'row')}, one a CSV syntax error (refused even with --lenient; the rows after it were not read)`;
    throw new MeasurementError(file, summary, problems);
  }
  if (rowProblems.length > 0 && !options.lenient) {
    const summary = `${plural(rowProblems.length, 'problem')} in ${plural(distinctLines(rowProblems), 'row')} (strict; --lenient drops bad rows)`;
    throw new MeasurementError(file, summary, rowProblems);
  }
  if (rows.length === 0) {
    // Lenient or not, nothing to calibrate from; in lenient mode say what was dropped.
    if (dropped.length > 0) {
      throw new MeasurementError(
        file,
        `no measurement rows (all ${plural(dropped.length, 'row')} dropped as bad)`,
        dropped,
      );
    }
    throw new MeasurementError(file, 'no measurement rows', [
      { line: header.line, column: '', problem: 'no measurement rows after the header' },
    ]);
  }
  return { rows, dropped: options.lenient ? dropped : [], rails: layout.power.map((p) => p.rail), sha256: sha };
}
