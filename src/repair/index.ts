import type { DocumentContext } from '../context.js';
import type { TableSpec } from '../reports/index.js';
import { unitDictionary, isAccepted, type UnitMatch } from '../lang/dictionary.js';
import { readNumber, settledNumber } from '../lang/numbers.js';
import { assignCells, plausibility, rankWindows, readingsOf, valuesOf } from './cells.js';
import { ruleScore } from '../reports/rules.js';
import { assembleColumns, assembleTable, LAYOUT_PRIOR } from '../tables/assemble.js';
import { stepsOutOfOrder } from '../reports/order.js';
import { assemblePlaced } from '../tables/placed.js';
import { bestAmong, nameUnits, placedUnits, reportUnnamed } from './units.js';
import { headedLines } from '../extract/rows.js';
import type { AssembledRow, Cell, RawRow, RawTable, RepairedRow, RepairedTable, RepairedTables, Stray, Summary } from '../model/index.js';

/** The units that are places of the dictionary's province: no other province has them. */
const PLACES = new Set(['district', 'town', 'city']);

/**
 * Turns each table's printed rows into values and units: figures read and placed in their
 * columns, names matched to the unit dictionary (for another province's dispatch, its departments
 * only), displaced names and figures put back where the table leaves exactly as many gaps, and a
 * table the body quotes merged with its appendix copy.
 */
export function repair(tables: RawTable[], summary: Summary, context: DocumentContext, { otherProvince = false } = {}): RepairedTables {
  const out: RepairedTables = {};
  for (const raw of tables) {
    const table = readTable(raw, summary, context);
    const existing = out[raw.table.id];
    out[raw.table.id] = existing ? mergeCopies(existing, table, context) : table;
  }
  // a dispatch of another province than the dictionary's has its departments (every province
  // has the same), but none of the dictionary's districts, towns or its city, however alike their names
  if (otherProvince)
    for (const row of Object.values(out).flatMap((t) => t.rows))
      if (row.match && PLACES.has(unitDictionary().get(row.match.unitId)?.kind ?? '')) row.match = null;
  // only after merging: a row one copy could not name, the other copy may have
  for (const table of Object.values(out)) reportUnnamed(table.table.id, table.rows, context);
  return out;
}

/** What a printed row number read as its row's is worth in choosing a reading. */
const NUMBER_SEEN = 0.5;

/**
 * A table read several ways: row by row as its lines print it; rebuilt from its tokens in
 * reading order, whatever line layout they have; and from its columns read one after the other.
 * The reading the table's own evidence favours is kept, with what was noticed on the way to it.
 * A table whose cells come tab-separated (a scan's, a spreadsheet's) has its columns already
 * and is read by its lines only.
 */
function readTable(raw: RawTable, summary: Summary, context: DocumentContext): RepairedTable {
  const byLine = context.fork();
  const lineReading = repairTable(raw.table, leftAlignNarrowTable(raw), raw.strays, raw.total, byLine);
  const positional = raw.rows.filter((r) => r.positional).length;
  if ((positional > 0 && positional >= raw.rows.length / 2) || settled(lineReading)) return context.adopt(byLine, lineReading);
  // a printed row number read as the row's is one fewer figure misread
  const numbered = (rows: Array<RawRow | AssembledRow>) => NUMBER_SEEN * rows.filter((r) => !r.noInferred).length;
  const headed = headedLines(raw.lines, raw.table);
  const score = (reading: RepairedTable, rows: Array<RawRow | AssembledRow>) => tableScore(reading, summary) + numbered(rows) + headingScore(reading, headed);
  let best = { score: score(lineReading, raw.rows), trial: byLine, reading: lineReading };
  const placed = assemblePlaced(raw.table, raw.lines);
  const readings = [...assembleTable(raw.table, raw.lines), ...assembleColumns(raw.table, raw.lines, headed), ...(placed ? [{ ...placed, total: raw.total, prior: LAYOUT_PRIOR }] : [])];
  for (const assembled of readings) {
    const trial = context.fork();
    const reading = repairTable(raw.table, assembled.rows, assembled.strays, assembled.total, trial);
    for (const { field, figures } of ('shortColumns' in assembled ? (assembled.shortColumns ?? []) : []))
      trial.warn('column-short', `${field}: the column prints ${figures} figures for ${assembled.rows.length} rows, and which row's cell is blank the text does not say; its cells are left null`, { table: raw.table.id, field });
    const total = score(reading, assembled.rows) + (assembled.prior ?? 0);
    if (total > best.score) best = { score: total, trial, reading };
  }
  return context.adopt(best.trial, best.reading);
}

/**
 * Whether a reading leaves nothing to look for: every row numbered in sequence, named, with its
 * figures on its own line (not put back from elsewhere), nearly every cell filled (a report may
 * print a row that breaks its rules, or leave a cell blank), and its ranked columns in order
 * (figures swapped between two rows keep every other sign).
 */
function settled(reading: RepairedTable): boolean {
  const cells = reading.rows.flatMap((r) => Object.values(r.cells));
  const onOwnLine = (row: RepairedRow) => Object.values(row.cells).every((c) => c.value === null || c.line === row.line);
  return (
    reading.rows.length > 0 &&
    reading.rows.every((r, i) => r.no === i + 1 && r.match !== null && onOwnLine(r)) &&
    cells.filter((c) => c.value !== null).length >= 0.95 * cells.length &&
    rankedOutOfOrder(reading) === 0
  );
}

/** How many times a ranked column's value steps against the column's order. */
function rankedOutOfOrder(reading: RepairedTable): number {
  let count = 0;
  for (const column of reading.table.columns.filter((c) => c.ranked)) {
    const values = reading.rows.flatMap((r) => (r.cells[column.field]!.value === null ? [] : [r.cells[column.field]!.value!]));
    count += stepsOutOfOrder(values, column.ranked);
  }
  return count;
}

/** What a figure printed under its own column's header is worth, and one under another's. */
const UNDER_OWN_HEADER = 0.5;
const UNDER_OTHER_HEADER = -1;

/**
 * Figures put in the columns whose headers they were printed under (see `headedLines`); a column
 * printed with fewer figures than the reading has rows cannot say which row each is, so a reading
 * that places them guessed.
 */
function headingScore(reading: RepairedTable, headed: Map<number, string>): number {
  const printed = new Map<string, number>();
  for (const field of headed.values()) printed.set(field, (printed.get(field) ?? 0) + 1);
  let score = 0;
  for (const row of reading.rows)
    for (const [field, cell] of Object.entries(row.cells)) {
      const under = cell.value === null ? undefined : headed.get(cell.line);
      if (under === undefined) continue;
      score += under === field && (printed.get(field) ?? 0) >= reading.rows.length ? UNDER_OWN_HEADER : UNDER_OTHER_HEADER;
    }
  return score;
}

/** What a figure standing as far from its row's name as most figures do from theirs is worth; and each row further. */
const USUAL_LAG = 0.15;
const LAG_OFF = 0.25;

/**
 * How much of a table a reading settles, and how well: rows in sequence, units named, cells
 * filled and beside their names, rules kept, ranked columns in order, columns that sum to the
 * body's headlines.
 */
function tableScore(reading: RepairedTable, summary: Summary): number {
  let score = 0;
  // rows out of their numbered sequence were cut wrongly
  reading.rows.forEach((row, i) => (score -= row.no === i + 1 ? 0 : 2));
  // where a figure stands: on a named row's line, it is that row's; elsewhere it stands after the
  // name of a row, its own where names and figures come row by row, a row or more before its own
  // where the text lags: in a reading that cut the rows well, mostly by one and the same lag
  const named = reading.rows.filter((r) => r.label !== '').sort((a, b) => a.line - b.line);
  const rowOfLine = new Map(named.map((r) => [r.line, r]));
  const lagOf = new Map<Cell, number>();
  const after = new Set<RepairedRow>();
  for (const row of reading.rows)
    for (const cell of Object.values(row.cells)) {
      const previous = cell.value === null || rowOfLine.has(cell.line) ? undefined : named.findLast((r) => r.line <= cell.line);
      if (!previous) continue;
      lagOf.set(cell, previous.no - row.no);
      after.add(previous);
    }
  const counts = new Map<number, number>();
  for (const lag of lagOf.values()) counts.set(lag, (counts.get(lag) ?? 0) + 1);
  const [usual] = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a), [0, 0]);
  // lags count only where names stand among the figures (not in a block before them)
  const interleaved = after.size >= 0.5 * named.length;
  const placeScore = (row: RepairedRow, cell: Cell): number => {
    const owner = cell.value === null ? undefined : rowOfLine.get(cell.line);
    if (owner !== undefined) return owner === row ? 0.3 : -0.5;
    const lag = lagOf.get(cell);
    if (lag === undefined || !interleaved) return 0;
    return lag === usual ? USUAL_LAG : -LAG_OFF * Math.min(4, Math.abs(lag - usual));
  };
  for (const row of reading.rows) {
    const values = valuesOf(row.cells);
    // a row is a unit's: one no unit was found for is worth little whatever its figures
    score += ruleScore(reading.table.rules, values) + (row.match ? 1.5 : -3);
    for (const cell of Object.values(row.cells)) {
      // a figure put back from displaced text is less sure than one read in its row
      score += cell.value === null ? -0.5 : cell.inferred === 'displaced' ? 0.2 : 0.5;
      score += placeScore(row, cell);
    }
  }
  score -= 2 * rankedOutOfOrder(reading);
  // a column whose every figure is its row's number (three or more) is the numbers read as figures
  for (const column of reading.table.columns) {
    const filled = reading.rows.filter((r) => r.cells[column.field]!.value !== null);
    if (filled.length >= 3 && filled.every((r) => r.cells[column.field]!.value === r.no)) score -= 2 * filled.length;
  }
  for (const column of reading.table.columns) {
    const headline = column.headline ? summary[column.headline] : null;
    if (headline === null || headline === undefined) continue;
    if (reading.rows.reduce((sum, r) => sum + (r.cells[column.field]!.value ?? 0), 0) === headline) score += 5;
  }
  return score;
}

function repairTable(table: TableSpec, printed: Array<RawRow | AssembledRow>, printedStrays: Stray[], printedTotal: RawRow | null, context: DocumentContext): RepairedTable {
  const kind = table.id;
  const numbered = printed.filter((r) => !r.noInferred).length;
  // where rows print no numbers at all (columns read one after the other), no number is missed
  if (numbered >= printed.length / 2)
    for (const row of printed.filter((r) => r.noInferred))
      context.warn('row-number-inferred', `row ${row.no}: its number was not legible; it is the row after ${row.no - 1}`, { table: kind, no: row.no, field: 'no', line: row.line });
  const first = printed.map((row) => ('read' in row ? row.read : assignCells(table, row, {}).cells));
  const rows: RepairedRow[] = printed.map((row, i) => {
    const { cells, dropped, ambiguous, doubted = [] } = 'read' in row ? { cells: row.read, dropped: 0, ambiguous: row.ambiguous } : assignCells(table, row, rankWindows(table, first, i));
    for (const field of ambiguous)
      context.warn('figure-ambiguous', `row ${row.no}: the figures "${row.cells.map((c) => c.text).join(' ')}" can be read more than one way for ${field}`, { table: kind, no: row.no, field, line: row.line });
    for (const { field, why } of doubted) {
      const readings = (readingsOf(cells[field]!.words) ?? []).map((r) => `"${r.text}" (${r.confidence ?? '?'}% sure)`).join(', ');
      const [code, reason] = why === 'unsure' ? ['figure-unsure', 'the engine was unsure of every reading'] : ['figure-readings-disagree', 'its readings disagree'];
      context.warn(code, `row ${row.no}: ${field} kept as ${cells[field]!.value}, but ${reason} and no rule of the row settles it: read ${readings}`, { table: kind, no: row.no, field, line: row.line });
    }
    // a figure printed in its place that reads as no number is null, and says so
    for (const field of Object.keys(cells).filter((f) => !ambiguous.includes(f))) {
      const { value, raw, line } = cells[field]!;
      if (value === null && raw !== null && raw.trim() !== '') context.warn('figure-illegible', `row ${row.no}: "${raw}" reads as no figure for ${field}`, { table: kind, no: row.no, field, line });
    }
    const given = row.cells.slice(0, dropped);
    const label = [row.label, ...given.map((c) => c.text)].join(' ').trim();
    return { no: row.no, line: row.line, label, labelWords: [...row.labelWords, ...given.flatMap((c) => c.words)], match: null, cells };
  });
  const strays = [...printedStrays];
  joinWrappedNames(rows, strays);
  nameUnits(rows);
  placeDisplacedNames(kind, rows, strays, context);
  // names put back free no units, but rule out the ones they took
  nameUnits(rows);
  placeDisplacedFigures(table, printed, rows, strays, context);
  const total = printedTotal ? assignCells(table, printedTotal, {}).cells : null;
  return { table, rows, total };
}

/**
 * A table printed with fewer columns than its kind has (every row the same width, narrower than
 * the kind) lost its right-hand columns: its rows come back with figures filling from the left.
 */
function leftAlignNarrowTable(raw: RawTable): RawRow[] {
  const columns = raw.table.columns.length;
  const widths = new Set(raw.rows.filter((r) => !r.positional && r.cells.length > 0).map((r) => r.cells.length));
  const [width] = widths;
  if (raw.rows.length < 3 || widths.size !== 1 || width! >= columns) return raw.rows;
  const blank = (row: RawRow) => ({ text: '', line: row.line, words: [] });
  return raw.rows.map((row) =>
    row.positional || row.optionalLead > 0 ? row : { ...row, cells: [...row.cells, ...Array.from({ length: columns - width! }, () => blank(row))], positional: true },
  );
}

/** A name wrapped onto the next line comes back as a stray name; join it where that reads better. */
function joinWrappedNames(rows: RepairedRow[], strays: Stray[]): void {
  const dictionary = unitDictionary();
  for (const stray of [...strays]) {
    const row = rows[stray.after];
    if (stray.kind !== 'label' || !row || !row.label) continue;
    const alone = dictionary.rank(row.label)[0]?.score ?? 0;
    const joined = dictionary.rank(`${row.label} ${stray.text}`)[0];
    if (joined && isAccepted(joined) && joined.score > alone + 0.02) {
      row.label = `${row.label} ${stray.text}`;
      row.labelWords = [...row.labelWords, ...stray.words];
      strays.splice(strays.indexOf(stray), 1);
    }
  }
}

/**
 * Rows whose name the OCR moved elsewhere in the table get the displaced names that are units
 * the table does not yet have, in reading order, but only when the counts agree exactly.
 */
function placeDisplacedNames(kind: string, rows: RepairedRow[], strays: Stray[], context: DocumentContext): void {
  const gaps = rows.filter((r) => r.label === '');
  if (gaps.length === 0) return;
  const dictionary = unitDictionary();
  const taken = placedUnits(rows);
  const names: Array<{ stray: Stray; match: UnitMatch }> = [];
  for (const stray of strays) {
    if (stray.kind !== 'label') continue;
    const best = bestAmong(dictionary.rank(stray.text), taken);
    if (best && isAccepted(best) && !names.some((n) => n.match.unitId === best.unitId)) names.push({ stray, match: best });
  }
  if (names.length !== gaps.length) {
    for (const row of gaps) context.warn('unit-missing', `row ${row.no}: no unit name was read`, { table: kind, no: row.no, field: 'unit', line: row.line });
    return;
  }
  gaps.forEach((row, i) => {
    const { stray, match } = names[i]!;
    row.label = stray.text;
    row.labelWords = stray.words;
    row.match = match;
    strays.splice(strays.indexOf(stray), 1);
    context.warn('unit-from-displaced-text', `row ${row.no}: unit "${match.name}" taken from "${stray.text}" (line ${stray.line}), the only unplaced name for the only unnamed row(s), in reading order`, { table: kind, no: row.no, field: 'unit', line: stray.line });
  });
}

/**
 * Figures the OCR moved out of their rows fill the columns no printed figure reached, in reading
 * order, when there are exactly as many figures as gaps and every one fits its column.
 */
function placeDisplacedFigures(table: TableSpec, raw: RawRow[], rows: RepairedRow[], strays: Stray[], context: DocumentContext): void {
  const figures = strays.filter((s) => s.kind === 'number');
  // a row printed without its number leaves that number among the strays
  for (const row of raw.filter((r) => r.noInferred)) {
    const at = figures.findIndex((f) => settledNumber(f.text, 'count') === row.no);
    if (at >= 0) figures.splice(at, 1);
  }
  const { columns } = table;
  const kind = table.id;
  const gaps = rows.flatMap((row) => columns.filter((c) => row.cells[c.field]!.raw === null).map((column) => ({ row, column })));
  if (gaps.length === 0 || figures.length !== gaps.length) return;
  const all = rows.map((r) => r.cells);
  const placed = gaps.map(({ row, column }, i) => ({ row, column, stray: figures[i]!, value: settledNumber(figures[i]!.text, column.type) }));
  const fits = placed.every(({ row, column, value }) => {
    if (value === null) return false;
    const values = valuesOf(row.cells);
    values[column.field] = value;
    return plausibility(table, values, rankWindows(table, all, rows.indexOf(row))) >= 0;
  });
  if (!fits) return;
  for (const { row, column, stray, value } of placed) {
    row.cells[column.field] = { value, raw: stray.text, cost: readNumber(stray.text, column.type)[0]?.cost ?? 0, line: stray.line, words: stray.words, inferred: 'displaced' };
    context.warn('figure-from-displaced-text', `row ${row.no}: ${column.field} ${value} taken from "${stray.text}" (line ${stray.line}), placed in reading order among ${gaps.length} displaced figures and ${gaps.length} empty cells`, { table: kind, no: row.no, field: column.field, line: stray.line });
  }
}

/**
 * A table printed twice (quoted in the body, and in the appendix) comes out once: the first copy
 * is kept, a cell it lacks is taken from the other, and where both have a value the more cleanly
 * printed one wins. Disagreements are reported.
 */
function mergeCopies(primary: RepairedTable, secondary: RepairedTable, context: DocumentContext): RepairedTable {
  const byNo = new Map(secondary.rows.map((r) => [r.no, r]));
  for (const row of primary.rows) {
    const other = byNo.get(row.no);
    if (!other) continue;
    if (!row.match && other.match) row.match = other.match;
    else if (row.match && other.match && row.match.unitId !== other.match.unitId)
      context.warn('copies-disagree', `row ${row.no}: the two copies of the table name different units (${row.match.name} / ${other.match.name})`, { table: primary.table.id, no: row.no, field: 'unit', line: other.line });
    for (const [field, cell] of Object.entries(row.cells)) {
      const alt = other.cells[field]!;
      if (alt.value === null) continue;
      if (cell.value === null) {
        row.cells[field] = { ...alt, inferred: 'other copy' };
        context.warn('from-other-copy', `row ${row.no}: ${field} ${alt.value} is not legible in one copy of the table and taken from the other`, { table: primary.table.id, no: row.no, field, line: alt.line });
      } else if (cell.value !== alt.value) {
        if (alt.cost < cell.cost) row.cells[field] = alt;
        context.warn('copies-disagree', `row ${row.no}: ${field} reads ${cell.value} in one copy and ${alt.value} in the other; kept ${row.cells[field]!.value}, the more cleanly printed`, { table: primary.table.id, no: row.no, field, line: alt.line });
      }
    }
  }
  primary.total ??= secondary.total;
  return primary;
}
