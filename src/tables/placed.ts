import type { TableSpec } from '../reports/index.js';
import { isNumberLike } from '../lang/numbers.js';
import { wordsOf, type Line, type RawRow, type Stray, type Token, type Word } from '../model/index.js';
import { alignInOrder } from './align.js';
import { stripEdges } from './assemble.js';
import { isHeader } from '../extract/rows.js';

/**
 * A table read by where its words stand on their lines, for text that keeps the page's layout in
 * spaces (pdftotext -layout): each figure column is where its figures stand, whatever line of its
 * row they were printed on, and each row is where its number stands. A scan's skew moves a
 * column a character or two down a page, and a page's columns stand apart from another's, so
 * the columns are found page by page.
 */

interface Placed {
  text: string;
  /** The first and last character columns it takes on its line. */
  from: number;
  to: number;
  line: number;
  page: number;
  /** Where it stands in the table's lines, for distances between lines. */
  row: number;
  words: Word[];
  numeric: boolean;
  /** The white space before it on its line. */
  gap: number;
}

/** Lines that keep the page's layout set their columns apart by runs of spaces. */
const COLUMN_GAP = 3;
/** What leaving a figure in no row costs, and a row without a figure in a column, against a line's distance. */
const STRAY_FIGURE = 3;
const BLANK_CELL = 2;
const FARTHEST = 5;
/** How many lines above or below its row's number a cell's text may stand. */
const MOST_OFF = 3;
/**
 * A column's figures are tried on their row's line first, then ever further from it, below before
 * above where two fit as well: a name wrapped over two lines opens its row, so figures centred in
 * the row's height stand on its number's line or below it.
 */
const OFFSETS = Array.from({ length: 2 * MOST_OFF + 1 }, (_, i) => i - MOST_OFF).sort((a, b) => Math.abs(a) - Math.abs(b) || b - a);
/** A name starts on its row number's line: the lines of a name wrapped fit a row lower as well, and must not move it. */
const NAME_OFFSETS = [...OFFSETS].sort((a, b) => Math.abs(a) - Math.abs(b) || a - b);

function placedWords(lines: Line[]): Placed[] {
  const out: Placed[] = [];
  lines.forEach((line, row) => {
    let at = 0;
    // a table's rule ("|") read between two words parts their cells as widely as a column's spaces
    let ruled = false;
    for (const word of line.words) {
      at += word.gap.length;
      const text = stripEdges(word.text);
      const lead = word.text.indexOf(text);
      if (text !== '' && /[\p{L}\p{N}]/u.test(text)) {
        const gap = ruled || /^[|¦]/.test(word.text) ? Math.max(COLUMN_GAP, word.gap.length) : word.gap.length;
        out.push({ text, from: at + lead, to: at + lead + text.length - 1, line: line.number, page: line.page, row, words: [word], numeric: isNumberLike(text), gap });
        ruled = /[|¦]$/.test(word.text);
      } else ruled ||= /[|¦]/.test(word.text);
      at += word.text.length;
    }
  });
  return out;
}

/** The middle value (the upper of the two middle ones), 0 of none. */
export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/**
 * A column's figures (their lines, in order) matched to the rows' lines, each to one row at most,
 * where the lines between them, less the column's own offset, are fewest; each figure's row or -1.
 */
function alignByLines(items: number[], anchors: number[], skipItem: number, skipAnchor: number, offsets = OFFSETS): number[] {
  const assign = (offset: number) =>
    alignInOrder(items.length, anchors.length, {
      skipItem: () => skipItem,
      skipSlot: () => skipAnchor,
      match: (i, j) => Math.min(FARTHEST, Math.abs(items[i]! - anchors[j]! - offset)),
    });
  // the lines a column's figures stand above or below their rows' numbers: where they fit best,
  // the first of those that fit as well
  let best = assign(offsets[0]!);
  for (const offset of offsets.slice(1)) {
    const tried = assign(offset);
    if (tried.cost < best.cost) best = tried;
  }
  return best.slotOf;
}

/** How far along the line a page's columns move a line down: the slope of its row numbers' places. */
function drift(numbers: Placed[]): number {
  if (numbers.length < 3) return 0;
  const xs = numbers.map((n) => n.row);
  const ys = numbers.map((n) => (n.from + n.to) / 2);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const spread = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  return spread === 0 ? 0 : xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i]! - my), 0) / spread;
}

/** Splits positions, sorted, into `k` groups at the widest gaps between neighbours; null where there are not `k` groups. */
function groupsAt(centres: number[], k: number): number[] | null {
  const sorted = [...new Set(centres)].sort((a, b) => a - b);
  if (sorted.length < k || sorted.length === 0) return null;
  const gaps = sorted.slice(1).map((x, i) => ({ at: (x + sorted[i]!) / 2, width: x - sorted[i]! }));
  const cuts = gaps
    .sort((a, b) => b.width - a.width)
    .slice(0, k - 1)
    .filter((g) => g.width >= 2)
    .map((g) => g.at)
    .sort((a, b) => a - b);
  return cuts.length === k - 1 ? cuts : null;
}

/**
 * The row numbers: small numbers opening their lines, left of where lines' first words begin (a
 * skewed page moves them some), rising from 1; a number or two may be lost, not more.
 */
function rowNumbers(words: Placed[]): Array<Placed & { no: number }> {
  const opening = words.filter((w, i) => words[i - 1]?.row !== w.row);
  const wordsFrom = median(opening.filter((w) => !w.numeric && w.text.length >= 2).map((w) => w.from));
  const numbers: Array<Placed & { no: number }> = [];
  for (const w of opening) {
    const value = /^\d{1,3}[.)]?$/.test(w.text) ? Number.parseInt(w.text, 10) : null;
    if (value === null || w.from > wordsFrom + COLUMN_GAP) continue;
    // "1. Tình hình …" numbers a section: a row's number with a point has figures on its line
    if (/\.$/.test(w.text) && words.filter((x) => x.row === w.row && x.numeric).length < 3) continue;
    const last = numbers.at(-1)?.no ?? 0;
    if (value > last && value <= last + 3) numbers.push({ ...w, no: value });
  }
  return numbers;
}

/** A skewed scan moves every column along the lines, page by page, as its row numbers show: the words are put back. */
function takeOutDrift(words: Placed[], numbers: Placed[]): void {
  for (const page of new Set(words.map((w) => w.page))) {
    const own = numbers.filter((n) => n.page === page);
    const slope = drift(own);
    const middle = own.length > 0 ? own.reduce((sum, n) => sum + n.row, 0) / own.length : 0;
    for (const w of words.filter((x) => x.page === page)) Object.assign(w, { from: w.from - slope * (w.row - middle), to: w.to - slope * (w.row - middle) });
  }
}

/**
 * Each figure's column, page by page, from where the figures stand; a table printed with fewer
 * columns than its kind has lost its last ones. Null where a page's figures make no columns.
 */
function figureColumns(figures: Placed[], columns: number): Map<Placed, number> | null {
  const centre = (f: Placed) => (f.from + f.to) / 2;
  const columnOf = new Map<Placed, number>();
  for (const page of new Set(figures.map((f) => f.page))) {
    let own = figures.filter((f) => f.page === page);
    let width = columns;
    let cuts = groupsAt(own.map(centre), width);
    while (!cuts && width > 1) cuts = groupsAt(own.map(centre), --width);
    const columnAt = (f: Placed) => cuts!.filter((cut) => cut < centre(f)).length;
    // a group far smaller than the others is a few figures that are none (numbers in a name), not a column
    for (let tries = 0; cuts && width > 1 && tries < 3; tries++) {
      const sizes = Array.from({ length: width }, (_, c) => own.filter((f) => columnAt(f) === c).length);
      const smallest = sizes.indexOf(Math.min(...sizes));
      if (sizes[smallest]! >= 0.25 * Math.max(...sizes)) break;
      own = own.filter((f) => columnAt(f) !== smallest);
      cuts = groupsAt(own.map(centre), width);
    }
    if (!cuts) return null;
    for (const f of own) columnOf.set(f, columnAt(f));
  }
  return columnOf;
}

export interface PlacedReading {
  rows: RawRow[];
  strays: Stray[];
}

/** The table read by where its words stand, or null where its text keeps no layout. */
export function assemblePlaced(table: TableSpec, lines: Line[]): PlacedReading | null {
  const words = placedWords(lines);
  // text that keeps a page's layout sets its words at their places with runs of spaces
  const spaced = lines.filter((line) => line.words.some((w) => w.gap.length >= COLUMN_GAP && !w.gap.includes('\t'))).length;
  if (spaced < 0.5 * lines.filter((line) => line.text.trim() !== '').length) return null;
  const numbers = rowNumbers(words);
  if (numbers.length < 3) return null;
  takeOutDrift(words, numbers);
  // where the names stand, page by page: where lines' first words that are words begin
  const numberWords = new Set(numbers.flatMap((n) => n.words));
  const firstWords = lines.flatMap((_, row) => {
    const first = words.find((w) => w.row === row && !numberWords.has(w.words[0]!));
    return first && !first.numeric && first.text.length >= 2 ? [first] : [];
  });
  if (firstWords.length < 3) return null;
  const nameAtOf = new Map([...new Set(words.map((w) => w.page))].map((page) => {
    const own = firstWords.filter((w) => w.page === page);
    return [page, median((own.length >= 3 ? own : firstWords).map((w) => w.from))] as const;
  }));
  const nameAt = (w: Placed) => nameAtOf.get(w.page)!;
  // each row's line: its number's, or for a number lost, one between its neighbours'
  const rowsAt = Array.from({ length: numbers.at(-1)!.no }, (_, r) => {
    const printed = numbers.find((n) => n.no === r + 1);
    if (printed) return { row: printed.row, printed: true };
    const before = numbers.findLast((n) => n.no < r + 1);
    const after = numbers.find((n) => n.no > r + 1)!;
    const row = before ? Math.round(before.row + ((after.row - before.row) * (r + 1 - before.no)) / (after.no - before.no)) : after.row - (after.no - r - 1);
    return { row: Math.max(0, row), printed: false };
  });
  const count = rowsAt.length;
  const anchors = rowsAt.map((a) => a.row);
  const pageOfRow = (r: number) => lines[anchors[r]!]!.page;
  const K = table.columns.length;
  // figures: numbers right of the names that stand apart from the words before them, and short
  // garbles standing far apart, where a figure would ("Zz" for 2)
  const apart = (w: Placed, i: number) => w.gap >= COLUMN_GAP || words[i - 1]?.row !== w.row;
  const numeric = words.filter((w, i) => w.numeric && w.from > nameAt(w) && (w.gap >= 2 || apart(w, i)));
  // where the figures begin on a page: right of most of its names' words
  const firstFigureOf = new Map([...nameAtOf.keys()].map((page) => [page, median(numeric.filter((w) => w.page === page).map((w) => w.from)) - 2 * COLUMN_GAP * K] as const));
  const firstFigure = (w: Placed) => firstFigureOf.get(w.page)!;
  // the header's lines above the first row: their short words ("Số", "giấy") are no figures, nor names
  const headerRows = new Set(lines.flatMap((line, row) => (row < anchors[0]! && isHeader(line.words.filter((w) => !isNumberLike(stripEdges(w.text))).map((w) => w.text).join(' '), table) ? [row] : [])));
  const figures: Placed[] = [];
  const taken = new Set<Placed>();
  words.forEach((w, i) => {
    const last = figures.at(-1);
    // a number split by a space ("1006 3") is one figure
    if (last && taken.has(words[i - 1]!) && words[i - 1]!.row === w.row && w.numeric && w.gap === 1) {
      Object.assign(last, { text: `${last.text} ${w.text}`, to: w.to, words: [...last.words, ...w.words] });
      taken.add(w);
    } else if (w.row < anchors[0]! - MOST_OFF || (!w.numeric && w.row < anchors[0]! - 1) || headerRows.has(w.row)) {
      // the header's words and its columns' numbers, above the first row
    } else if (numeric.includes(w) || (!w.numeric && w.text.length <= 6 && w.from > nameAt(w) + 2 * COLUMN_GAP && w.from > firstFigure(w) && w.gap >= COLUMN_GAP)) {
      figures.push(w);
      taken.add(w);
    }
  });
  const columnOf = figureColumns(figures, K);
  if (!columnOf) return null;
  const cells: Token[][] = Array.from({ length: count }, () => Array.from({ length: K }, () => ({ text: '', line: 0, words: [] })));
  const strays: Stray[] = [];
  // each column page by page: a page's figures stand their own distance from their rows' numbers
  for (let c = 0; c < K; c++)
    for (const page of new Set(anchors.map((_, r) => pageOfRow(r)))) {
      const rowsHere = anchors.flatMap((_, r) => (pageOfRow(r) === page ? [r] : []));
      const column = figures.filter((f) => columnOf.get(f) === c && f.page === page);
      alignByLines(column.map((f) => f.row), rowsHere.map((r) => anchors[r]!), STRAY_FIGURE, BLANK_CELL).forEach((k, i) => {
        const f = column[i]!;
        if (k < 0) strays.push({ kind: 'number', text: f.text, line: f.line, words: f.words, after: -1 });
        else cells[rowsHere[k]!]![c] = { text: f.text, line: f.line, words: f.words };
      });
    }
  // names: runs of words that start near the names' column, joined where they fall to one row
  const runs: Placed[][] = [];
  for (const w of words) {
    const last = runs.at(-1)?.at(-1);
    if (taken.has(w)) continue;
    // the header's words, above the first row, as for the figures
    if (w.row < anchors[0]! - 1 || headerRows.has(w.row)) continue;
    if (w.to < nameAt(w) - COLUMN_GAP || (w.numeric && w.from < nameAt(w))) continue;
    if (last && last.row === w.row && w.gap < COLUMN_GAP) runs.at(-1)!.push(w);
    else if (!w.numeric) runs.push([w]);
  }
  const labels: Placed[][] = Array.from({ length: count }, () => []);
  alignByLines(runs.map((run) => run[0]!.row), anchors, 1, 1, NAME_OFFSETS).forEach((r, i) => {
    // the wrapped lines of a name go to the row whose number is nearest; the header's, to none
    const at = runs[i]![0]!.row;
    const near = r >= 0 ? r : anchors.reduce((best, a, j) => (Math.abs(a - at) < Math.abs(anchors[best]! - at) ? j : best), 0);
    if (Math.abs(anchors[near]! - at) <= 2) labels[near]!.push(...runs[i]!);
    else strays.push({ kind: 'label', text: runs[i]!.map((w) => w.text).join(' '), line: runs[i]![0]!.line, words: wordsOf(runs[i]!), after: -1 });
  });
  const rows = rowsAt.map((at, r): RawRow => ({
    no: r + 1,
    noInferred: !at.printed,
    line: lines[at.row]!.number,
    label: labels[r]!.map((w) => w.text).join(' '),
    labelWords: wordsOf(labels[r]!),
    cells: cells[r]!,
    positional: true,
    optionalLead: 0,
  }));
  return { rows, strays };
}
