import { comparisonForm } from '../lang/fold.js';
import { findCost, similarity } from '../lang/distance.js';
import { isAccepted, unitDictionary } from '../lang/dictionary.js';
import type { TableSpec } from '../reports/index.js';
import { isNumberLike, readNumber } from '../lang/numbers.js';
import { cellsOf, cellText, wordsOf, type Line, type RawRow, type RawTable, type Stray, type TableBlock, type Token, type Word } from '../model/index.js';

/** "Tổng cộng", "TONG CONG", "Tong cQng": a table's total row; not "Krông Bông", which looks alike. */
export function isTotalLabel(text: string): boolean {
  const form = comparisonForm(text);
  return form.split(' ').length <= 3 && similarity(form, 'tong cong') >= 0.8;
}

/** Trailing junk the OCR leaves after a row ("r/", "-"): no digit, and punctuation in it. */
function isJunk(token: string): boolean {
  return token.length <= 2 && !/[0-9]/.test(token) && /[^\p{L}\p{N}]/u.test(token);
}

/**
 * The row number a token can be read as, given the one expected next. A misread number ("l0",
 * "JJ", a stray mark before it as in "tJ") must fit the sequence; a clean one may skip ahead
 * where rows were lost.
 */
function rowNumber(token: string, expected: number): number | null {
  const core = token.replace(/[.,)]$/, '');
  if (core.length === 0 || core.length > 3) return null;
  const readings = readNumber(core, 'count').map((r) => r.value);
  if (readings.includes(expected)) return expected;
  if (/^[0-9]+$/.test(core) && readings[0]! > expected && readings[0]! <= expected + 2) return readings[0]!;
  const rest = core.slice(1);
  if (core.length >= 2 && !/[0-9]/.test(core[0]!) && /^([0-9]+|[A-Z])$/.test(rest) && readNumber(rest, 'count').some((r) => r.value === expected)) return expected;
  return null;
}

/** The number printed in the cell of the next ruled row after line `index`, if it is clean digits. */
function nextRowNumber(lines: Line[], index: number): number | null {
  const next = lines.slice(index + 1).find((l) => l.text.trim() !== '');
  const cells = next ? cellsOf(next) : [];
  const text = cells.length >= 3 ? cellText(cells[0]!).trim() : '';
  return /^[0-9]{1,3}$/.test(text) ? Number(text) : null;
}

/** A single character the OCR puts for a digit ("i", "r"): a figure only between figures. */
function isLoneStandIn(token: string): boolean {
  return token.length === 1 && readNumber(token, 'count').length > 0;
}

function isWordLike(token: string): boolean {
  const letters = (token.match(/\p{L}/gu) ?? []).length;
  return letters > 0 && letters >= (token.match(/[0-9]/g) ?? []).length;
}

function splitFigures(tokens: Token[], columns: number): { label: Token[]; figures: Token[]; optionalLead: number } {
  const text = (k: number) => tokens[k]!.text;
  let end = tokens.length;
  while (end > 0 && isJunk(text(end - 1))) end--;
  let start = end;
  while (start > 0) {
    const between = isLoneStandIn(text(start - 1)) && start < end && start - 2 >= 0 && isNumberLike(text(start - 2));
    if (!isNumberLike(text(start - 1)) && !between) break;
    start--;
  }
  const figures = tokens.slice(start, end);
  let optionalLead = 0;
  while (optionalLead < figures.length && figures.length - optionalLead > columns && isWordLike(figures[optionalLead]!.text)) optionalLead++;
  return { label: tokens.slice(0, start), figures, optionalLead };
}

/** Words every table's header has beside its columns' own: the row-number and unit columns. */
const HEADER_WORDS = ['ten co quan', 'ten don vi', 'stt'];

/** Whether a line's words are the table's header: its columns' header words, not a unit's name. */
export function isHeader(words: string, table: TableSpec): boolean {
  const form = comparisonForm(words);
  if (form.length < 2) return false;
  const phrases = [...HEADER_WORDS, ...table.columns.flatMap((c) => c.header)];
  const cost = Math.min(...phrases.map((p) => findCost(form, p).cost));
  if (cost > 0.2) return false;
  // spelled out, a column's header is one; garbled, it must be no unit's name
  if (cost <= 0.05) return true;
  const [unit] = unitDictionary().rank(words);
  return !unit || !isAccepted(unit);
}

/**
 * The column each line's figures were printed under, where the text gives every column its own
 * header followed by its figures (a text tool that reads a ruled table column by column). Headers
 * are matched in the table's column order, so the repeated "TL (%)" of two groups goes to the
 * column after the group's own. A text whose figures all follow the header (one row a line, or a
 * cell a line) says nothing of their columns: the map is then empty.
 */
export function headedLines(lines: Line[], table: TableSpec): Map<number, string> {
  const under = new Map<number, string>();
  let next = 0;
  let field: string | null = null;
  let interleaved = false;
  for (const line of lines) {
    const form = comparisonForm(line.text);
    const at = table.columns.findIndex((c, i) => i >= next && c.header.some((p) => findCost(form, p).cost <= 0.05));
    if (at >= 0 && isHeader(line.text, table)) {
      interleaved ||= under.size > 0;
      [field, next] = [table.columns[at]!.field, at + 1];
      continue;
    }
    if (field !== null && isNumberLike(line.text.trim())) under.set(line.number, field);
  }
  return interleaved ? under : new Map();
}

/** Reads a table block line by line into rows, its total, and the text displaced from its rows. */
export function readRows(block: TableBlock): RawTable {
  const table: RawTable = { table: block.table, lines: block.lines, source: block.source, rows: [], strays: [], total: null };
  const columns = block.table.columns.length;
  let pending = null as { no: number; line: number } | null;

  const push = (row: RawRow) => {
    table.rows.push(row);
    pending = null;
  };
  const stray = (kind: Stray['kind'], text: string, words: Word[], line: Line) =>
    table.strays.push({ kind, text, line: line.number, words, after: table.rows.length - 1 });

  for (const [index, line] of block.lines.entries()) {
    if (!line.text.trim()) continue;
    const expected = (table.rows.at(-1)?.no ?? 0) + 1;
    const tabbed = cellsOf(line);
    if (tabbed.length >= 3) {
      const [number, name] = [cellText(tabbed[0]!).trim(), cellText(tabbed[1]!).trim()];
      // before the first row, a line of the header's words under its titles ("SL  TL (%)  SL  TL (%)")
      if (table.rows.length === 0 && !/^[0-9]+[.)]?$/.test(number) && isHeader(line.text, block.table)) continue;
      let no = rowNumber(number, expected);
      // a number that skips ahead of the sequence, just before a row that carries it on ("32",
      // "35", "34"), was misread: the row is the next one
      if (no !== null && no > expected && nextRowNumber(block.lines, index) === expected + 1) no = null;
      const cells = Array.from({ length: columns }, (_, k): Token => {
        const words = tabbed[k + 2] ?? [];
        return { text: cellText(words).trim(), line: line.number, words };
      });
      const row = { line: line.number, label: name, labelWords: tabbed[1]!, cells, positional: true, optionalLead: 0 };
      if (no !== null) {
        push({ no, noInferred: false, ...row });
      } else if (table.rows.length > 0 && name && cells.some((c) => isNumberLike(c.text))) {
        // a row whose number cell was misread or left blank takes the next place in the sequence
        push({ no: expected, noInferred: true, ...row });
      } else if (table.rows.length > 0 && number === '' && name && cells.every((c) => !c.text)) {
        stray('label', name, tabbed[1]!, line);
      }
      continue;
    }

    const tokens = line.words.filter((w) => w.text !== '').map((w): Token => ({ text: w.text, line: line.number, words: [w] }));
    let first: number | null = pending ? null : rowNumber(tokens[0]!.text, expected);
    // before the first row, a misread number with no figures after it is a header ("SL  TL (%)")
    if (first !== null && table.rows.length === 0 && !/^[0-9]+[.)]?$/.test(tokens[0]!.text) && splitFigures(tokens.slice(1), columns).figures.length === 0) first = null;
    const rest = first === null ? tokens : tokens.slice(1);
    const { label, figures, optionalLead } = splitFigures(rest, columns);
    const labelText = label.map((t) => t.text).join(' ');
    const labelWords = wordsOf(label);

    if (first !== null && rest.length === 0) {
      pending = { no: first, line: line.number };
      continue;
    }
    if (labelText && isTotalLabel(labelText)) {
      table.total = { no: 0, noInferred: false, line: line.number, label: labelText, labelWords, cells: figures, positional: false, optionalLead };
      continue;
    }
    if (first !== null || pending) {
      const no: number = first ?? pending!.no;
      push({ no, noInferred: false, line: line.number, label: labelText, labelWords, cells: figures, positional: false, optionalLead });
      continue;
    }
    if (table.rows.length === 0) continue; // header lines before the first row
    if (labelText && figures.length >= columns) {
      // a full row whose number was lost: it takes the next place in the sequence
      push({ no: expected, noInferred: true, line: line.number, label: labelText, labelWords, cells: figures, positional: false, optionalLead });
      continue;
    }
    if (labelText) stray('label', labelText, labelWords, line);
    for (const figure of figures) stray('number', figure.text, figure.words, line);
  }
  return table;
}
