import type { ColumnSpec, ColumnType, TableSpec } from '../reports/index.js';
import { checkRules, ruleFields, ruleScore, settle } from '../reports/rules.js';
import { orderOf } from '../reports/order.js';
import { readNumber, type Reading } from '../lang/numbers.js';
import { scannedCell, type CellReading, type Cells, type FigureCandidate, type RawRow, type Token, type Window, type Word } from '../model/index.js';

const READINGS_PER_CELL = 3;
const CANDIDATE_BUDGET = 5000;

/** A row's cells before any figure reached them. */
export function emptyCells(columns: ColumnSpec[], line = 0): Cells {
  return Object.fromEntries(columns.map((c) => [c.field, { value: null, raw: null, cost: 0, line, words: [] }]));
}

/** Every way of cutting `n` tokens into `k` runs, each run one cell (a number split by a space). */
function partitions(n: number, k: number): number[][] {
  if (k === 1) return [[n]];
  const out: number[][] = [];
  for (let first = 1; first <= n - k + 1; first++) for (const rest of partitions(n - first, k - 1)) out.push([first, ...rest]);
  return out;
}

/** Every way of choosing which `n` of `k` columns the tokens fill, in order. */
function placements(n: number, k: number, from = 0): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (let c = from; c <= k - n; c++) for (const rest of placements(n - 1, k, c + 1)) out.push([c, ...rest]);
  return out;
}

/** What a value is worth against its ranked column's bounds: a value out of order costs much. */
export const boundScore = (value: number, window: Window): number => (value >= window.low && value <= window.high ? 1 : -4);

/** How well values keep within the bounds their ranked columns set. */
export function windowScore(table: TableSpec, values: Record<string, number | null>, windows: Record<string, Window | undefined>): number {
  let score = 0;
  for (const column of table.columns) {
    const value = values[column.field];
    const window = windows[column.field];
    if (value === null || value === undefined || !window) continue;
    score += boundScore(value, window);
  }
  return score;
}

/** How well a row's values agree with the table's rules and its ranking. */
export function plausibility(table: TableSpec, values: Record<string, number | null>, windows: Record<string, Window | undefined>): number {
  return ruleScore(table.rules, values) + windowScore(table, values, windows);
}

export const valuesOf = (cells: Cells): Record<string, number | null> => Object.fromEntries(Object.entries(cells).map(([f, c]) => [f, c.value]));

/** What taking a garble that reads as a figure for an illegible one costs: more than any reading of it, less than a broken sum. */
const ILLEGIBLE = 2;

/**
 * Every way of reading a row's figures into the table's columns — splitting, joining and
 * reinterpreting the tokens — each scored by the table's rules and what it cost to read.
 */
export function figureCandidates(table: TableSpec, tokens: Token[], optionalLead = 0): FigureCandidate[] {
  const { columns } = table;
  const line = tokens[0]?.line ?? 0;
  const candidates: FigureCandidate[] = [];
  for (let dropped = 0; dropped <= optionalLead; dropped++) {
    const kept = tokens.slice(dropped);
    const groupings: Array<Array<Token & { column: number; joins: number }>> = [];
    if (kept.length >= columns.length) {
      for (const sizes of partitions(kept.length, columns.length)) {
        let at = 0;
        groupings.push(sizes.map((size, column) => {
          const part = kept.slice(at, (at += size));
          return { column, text: part.map((t) => t.text).join(' '), line: part[0]!.line, words: part.flatMap((t) => t.words), joins: size - 1 };
        }));
      }
    } else {
      for (const chosen of placements(kept.length, columns.length)) groupings.push(chosen.map((column, i) => ({ ...kept[i]!, column, joins: 0 })));
    }
    // many tokens cut many ways: fewer readings of each, so the search stays small
    const perCell = groupings.length * READINGS_PER_CELL ** columns.length > CANDIDATE_BUDGET ? 2 : READINGS_PER_CELL;
    for (const grouping of groupings) {
      // an unreadable token still holds its column, as a blank; clean figures are joined only
      // into a number a space split, never into a blank (that would drop them as cheaply as a garble)
      const options = grouping.map(({ column, text, joins }) => {
        const readings = readNumber(text, columns[column]!.type).slice(0, perCell);
        if (readings.length === 0) return joins > 0 && /^[\d.,]+( [\d.,]+)+$/.test(text) ? [] : [{ value: Number.NaN, cost: 1 }];
        // a garble read as a figure may be none: where its readings break the row's rules, it is illegible
        return joins > 0 || /^[\d.,]+$/.test(text) ? readings : [...readings, { value: Number.NaN, cost: ILLEGIBLE }];
      });
      if (options.some((o) => o.length === 0)) continue;
      for (const combo of combinations(options)) {
        const cells = emptyCells(columns, line);
        let cost = 0;
        grouping.forEach(({ column, text, line, words, joins }, i) => {
          const reading = combo[i]!;
          cost += reading.cost + joins * 0.6;
          cells[columns[column]!.field] = { value: Number.isNaN(reading.value) ? null : reading.value, raw: text, cost: reading.cost, line, words };
        });
        const missing = columns.length - grouping.length;
        candidates.push({ cells, dropped, score: ruleScore(table.rules, valuesOf(cells)) - cost - missing * 0.5 - dropped * 0.3 });
      }
    }
  }
  return candidates.sort((a, b) => b.score - a.score);
}

/** A scanned figure kept on the engine's word alone: its readings disagree, or it was unsure of them all. */
export interface Doubt {
  field: string;
  why: 'readings disagree' | 'unsure';
}

/** A row's cells as settled: how many tokens were dropped, the fields left null as ambiguous, and the figures doubted. */
export interface Assigned {
  cells: Cells;
  dropped: number;
  ambiguous: string[];
  doubted?: Doubt[];
}

/**
 * The candidate the rules and the ranked columns' bounds favour. Cells where the choice is a
 * tie between different values are left null and named ambiguous.
 */
export function chooseCells(table: TableSpec, candidates: FigureCandidate[], windows: Record<string, Window | undefined>, line: number): { cells: Cells; dropped: number; ambiguous: string[] } {
  const scored = candidates.map((c) => ({ ...c, score: c.score + windowScore(table, valuesOf(c.cells), windows) })).sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best) return { cells: emptyCells(table.columns, line), dropped: 0, ambiguous: [] };
  // readings as good as the best are compared by what the row's rules make of them: two that
  // leave different cells blank may settle to the same values, and one that settles to values
  // breaking a rule is no rival to one that keeps them all
  const rivals = scored
    .filter((c) => best.score - c.score < 0.25)
    .map((candidate) => {
      const values: Record<string, number | null> = valuesOf(candidate.cells);
      for (const { field, value } of settle(table.rules, values)) values[field] = value;
      return { candidate, values, holds: checkRules(table.rules, values).every((c) => c.holds) };
    });
  const consistent = rivals.filter((r) => r.holds);
  const ties = consistent.length > 0 ? consistent : rivals;
  const chosen = ties[0]!.candidate;
  const cells = { ...chosen.cells };
  const ambiguous: string[] = [];
  for (const column of table.columns) {
    const values = new Set(ties.map((t) => t.values[column.field]));
    if (values.size > 1) {
      ambiguous.push(column.field);
      cells[column.field] = { ...cells[column.field]!, value: null };
    }
  }
  return { cells, dropped: chosen.dropped, ambiguous };
}

/**
 * Decides which column each printed figure belongs to and how it reads, choosing among the
 * ways of splitting, joining and reading the tokens the one the table's constraints favour.
 * Returns null cells where the choice is a tie between different values.
 */
export function assignCells(table: TableSpec, row: RawRow, windows: Record<string, Window | undefined>): Assigned {
  if (row.positional) return assignPositional(table, row, windows);
  return chooseCells(table, figureCandidates(table, row.cells, row.optionalLead), windows, row.line);
}

/**
 * How much a reading's doubt counts: an engine at 50% confidence costs as much as one
 * reinterpreted character; each further reading that agrees on a value takes that much off it.
 */
const DOUBT_WEIGHT = 1;
const LOST_ONE_COST = 0.9;
const AGREEMENT = 0.4;

/**
 * The values a cell read several ways may hold, cheapest first: each reading's own cost plus the
 * engine's doubt, less for every reading that agrees. The engine drops one of two like digits
 * ("911" read "91") far more often than it adds one, so such a shorter reading pays extra.
 */
/** A value a scanned cell may hold; `restored` when no reading gave it and a lost "1" was put back. */
type CellValue = Reading & { raw: string; restored: boolean };

/** Every reading of a cell that is one scanned word: the word as read, and its alternatives. */
export function readingsOf(words: Word[]): CellReading[] | undefined {
  const word = scannedCell(words);
  if (!word) return undefined;
  return [...(word.text === '' ? [] : [{ text: word.text, confidence: word.confidence }]), ...word.alternatives];
}

function consensus(text: string, readings: CellReading[] | undefined, type: ColumnType): CellValue[] {
  const all = readings && readings.length > 0 ? readings : text === '' ? [] : [{ text, confidence: null }];
  const byValue = new Map<number, CellValue & { votes: number }>();
  const add = (reading: CellReading, extra: number) => {
    const doubt = reading.confidence === null ? 0 : (DOUBT_WEIGHT * 2 * (100 - reading.confidence)) / 100;
    const dropped = all.some((other) => collapsesTo(other.text, reading.text)) ? 1 : 0;
    for (const r of readNumber(reading.text, type).slice(0, READINGS_PER_CELL)) {
      const cost = r.cost + doubt + dropped + extra;
      const known = byValue.get(r.value);
      if (!known) byValue.set(r.value, { value: r.value, cost, raw: reading.text, votes: extra > 0 ? 0 : 1, restored: extra > 0 });
      else {
        if (extra === 0) Object.assign(known, { votes: known.votes + 1, restored: false });
        if (cost < known.cost) Object.assign(known, { cost, raw: reading.text });
      }
    }
  };
  for (const reading of all) add(reading, 0);
  // a scan's "1" is the narrowest glyph and the one the engine loses ("11" read "1", "1122" read
  // "122"): a reading with one put back is a candidate, dearer than any reading, for the checks to weigh
  if (readings && readings.length > 0)
    for (const reading of all)
      if (/^\d+$/.test(reading.text))
        for (let at = 0; at <= reading.text.length; at++) add({ ...reading, text: `${reading.text.slice(0, at)}1${reading.text.slice(at)}` }, LOST_ONE_COST);
  return [...byValue.values()]
    .map(({ votes, ...r }) => ({ ...r, cost: r.cost - AGREEMENT * (votes - 1) }))
    .sort((a, b) => a.cost - b.cost)
    .slice(0, READINGS_PER_CELL);
}

/**
 * Cells whose column is known (tab-separated text). A cell read several ways (a scan) takes the
 * value the readings, the row's arithmetic and its ranking together favour; where they cannot
 * choose between different values, the cell is left null and reported as ambiguous.
 */
function assignPositional(table: TableSpec, row: RawRow, windows: Record<string, Window | undefined>): Assigned {
  const { columns } = table;
  const options = columns.map((column, k) => {
    const { text, words } = row.cells[k] ?? { text: '', words: [] };
    const values = consensus(text, readingsOf(words), column.type);
    return values.length > 0 ? values : [{ value: Number.NaN, cost: 0, raw: text, restored: false }];
  });
  const single = options.every((o) => o.length === 1);
  const candidates: Array<{ cells: Cells; score: number }> = [];
  for (const combo of combinations(options)) {
    // a put-back "1" may explain a row's one odd cell, with every other cell as best read; more
    // freedom would let invented digits mend the report's own arithmetic
    if (combo.some((c) => (c as CellValue).restored) && combo.some((c, k) => !(c as CellValue).restored && c !== options[k]![0])) continue;
    if (combo.filter((c) => (c as CellValue).restored).length > 1) continue;
    const cells = emptyCells(columns, row.line);
    // a blank keeps its words too: a cell with ink the engine read nothing in can be read again
    columns.forEach((column, k) => (cells[column.field]!.words = row.cells[k]?.words ?? []));
    let cost = 0;
    combo.forEach((reading, k) => {
      const raw = (reading as Reading & { raw: string }).raw;
      if (raw === '' && Number.isNaN(reading.value)) return;
      cost += reading.cost;
      cells[columns[k]!.field] = { value: Number.isNaN(reading.value) ? null : reading.value, raw, cost: reading.cost, line: row.line, words: row.cells[k]!.words };
    });
    const values = valuesOf(cells);
    candidates.push({ cells, score: plausibility(table, values, windows) - cost });
  }
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0]!;
  const ambiguous: string[] = [];
  if (!single) {
    const ties = candidates.filter((c) => best.score - c.score < 0.25);
    for (const column of columns) {
      if (new Set(ties.map((t) => t.cells[column.field]!.value)).size > 1) {
        ambiguous.push(column.field);
        best.cells[column.field] = { ...best.cells[column.field]!, value: null };
      }
    }
  }
  return { cells: best.cells, dropped: 0, ambiguous, doubted: doubted(table, row, best.cells, windows, ambiguous) };
}

/** Below this confidence in every reading of a figure, the engine was guessing. */
const UNSURE = 50;

/**
 * Scanned figures kept on the engine's word alone, for a reviewer to look at: where its readings
 * of the same ink disagree and neither the row's rules nor its ranked columns tell them apart,
 * and where it was unsure of every reading and no rule of the row checks the value.
 */
function doubted(table: TableSpec, row: RawRow, cells: Cells, windows: Record<string, Window | undefined>, ambiguous: string[]): Doubt[] {
  const values = valuesOf(cells);
  const settled = plausibility(table, values, windows);
  const checked = new Set(checkRules(table.rules, values).flatMap((c) => (c.holds ? ruleFields(c.rule) : [])));
  return table.columns.flatMap((column, k): Doubt[] => {
    const chosen = values[column.field];
    const readings = readingsOf(row.cells[k]?.words ?? []) ?? [];
    if (chosen === null || chosen === undefined || ambiguous.includes(column.field) || readings.length === 0) return [];
    const others = new Set(readings.flatMap((r) => readNumber(r.text, column.type).slice(0, 1).map((reading) => reading.value)));
    others.delete(chosen);
    if ([...others].some((other) => plausibility(table, { ...values, [column.field]: other }, windows) >= settled)) return [{ field: column.field, why: 'readings disagree' }];
    if (!checked.has(column.field) && readings.every((r) => r.confidence !== null && r.confidence < UNSURE)) return [{ field: column.field, why: 'unsure' }];
    return [];
  });
}

/** Whether `short` is `long` with one of a pair of like characters missing. */
function collapsesTo(long: string, short: string): boolean {
  if (long.length !== short.length + 1) return false;
  for (let i = 1; i < long.length; i++) if (long[i] === long[i - 1] && long.slice(0, i) + long.slice(i + 1) === short) return true;
  return false;
}

function* combinations(options: Reading[][]): Generator<Reading[]> {
  if (options.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = options;
  for (const reading of first!) for (const tail of combinations(rest)) yield [reading, ...tail];
}

/**
 * The bounds each ranked column sets on row `index`: dispatches list units in order of that
 * column, so a value must lie between its neighbours'. Only a column whose settled values really
 * are in order gives bounds.
 */
export function rankWindows(table: TableSpec, rows: Array<Cells | null>, index: number): Record<string, Window | undefined> {
  const windows: Record<string, Window | undefined> = {};
  for (const column of table.columns) {
    const known = rows.map((cells, i) => ({ i, value: cells?.[column.field]?.value ?? null })).filter((k) => k.value !== null && k.i !== index);
    const order = orderOf(known.map((k) => k.value!), column.ranked);
    if (order === 0) continue;
    // the nearest settled neighbours, so one misread value far away does not narrow the bounds
    const before = known.filter((k) => k.i < index).at(-1)?.value;
    const after = known.find((k) => k.i > index)?.value;
    const [low, high] = order === 1 ? [before, after] : [after, before];
    windows[column.field] = { low: low ?? 0, high: high ?? Number.POSITIVE_INFINITY };
  }
  return windows;
}
