import type { TableSpec } from '../reports/index.js';
import { headedLines, isHeader, isTotalLabel } from '../extract/rows.js';
import { comparisonForm } from '../lang/fold.js';
import { isNumberLike, readNumber } from '../lang/numbers.js';
import { isAccepted, unitDictionary } from '../lang/dictionary.js';
import { boundScore, chooseCells, emptyCells, figureCandidates, rankWindows } from '../repair/cells.js';
import { wordsOf, type AssembledRow, type AssembledTable, type FigureCandidate, type Line, type RawRow, type Stray, type Token, type Word } from '../model/index.js';
import { alignInOrder } from './align.js';

/**
 * Tables rebuilt from the tokens of their text, whatever the reading order: one row per line,
 * each cell on a line of its own, names wrapped over lines, numbers split by a space, rows lost
 * whole. The table's tokens, in reading order, are cut into rows by one dynamic programme that
 * weighs, for every way of cutting, the row-number sequence, the dictionary's unit names, the
 * column types, each row's rules and the order of ranked columns.
 */

/** A run of words on one line (a name, or part of one), or one number-like token. */
interface Item extends Token {
  kind: 'name' | 'number';
  /** On a line of the table's header (repeated where the table runs on over a page). */
  header: boolean;
}

/** No unit's name runs longer, even garbled: a longer text is a title, or the header or body ran into it. */
const LONGEST_NAME = 60;

const isWordLike = (token: string) => (token.match(/\p{L}/gu) ?? []).length >= Math.max(1, (token.match(/[0-9]/g) ?? []).length);
/** A token without the rules, brackets, quotes and punctuation the OCR put at its edges. */
export const stripEdges = (token: string) => token.replace(/^[|¦[(“"]+|[|¦\]),;:”"]+$/g, '');

/**
 * Paragraphs (runs of lines between blank ones) of one figure a line, several of the same height
 * in a row, are columns of the same rows stacked: an OCR that took two rows' cells of each column
 * for one paragraph ("23 / 35", "24 / 36", …). They are read back row by row.
 */
function unstack(lines: Line[]): Line[] {
  const paragraphs: Line[][] = [[]];
  for (const line of lines) {
    if (line.text.trim() === '') paragraphs.push([]);
    else paragraphs.at(-1)!.push(line);
  }
  const stacked = (p: Line[]) => p.length >= 2 && p.every((line) => /^\S+$/.test(line.text.trim()) && isNumberLike(stripEdges(line.text.trim().replace(/^[|¦]+/, ''))));
  const out: Line[] = [];
  for (let i = 0; i < paragraphs.length; ) {
    let end = i + 1;
    while (end < paragraphs.length && stacked(paragraphs[i]!) && stacked(paragraphs[end]!) && paragraphs[end]!.length === paragraphs[i]!.length) end++;
    const run = paragraphs.slice(i, end);
    if (run.length >= 2) for (let row = 0; row < run[0]!.length; row++) out.push(...run.map((p) => p[row]!));
    else out.push(...run.flat());
    i = end;
  }
  return out;
}

/** Words and numbers in reading order; a table's total row is kept apart. */
function itemsOf(lines: Line[], table: TableSpec): { items: Item[]; total: RawRow | null } {
  const items: Item[] = [];
  let total: RawRow | null = null;
  for (const line of unstack(lines)) {
    const pieces = line.words.flatMap((word) => word.text.split(/[\s|¦]+/).map((t) => ({ text: stripEdges(t), words: [word] })));
    const kept = pieces.filter((t) => t.text !== '' && /[\p{L}\p{N}]/u.test(t.text));
    const tokens = kept.map((t) => t.text);
    const numeric = tokens.map((t, i) => {
      if (!isNumberLike(t)) return false;
      // "M6i", "6n", "S0" before a word are garbled words, not figures; a line's first token may
      // be its row number, whose 1 the OCR reads as a letter ("l4"), seldom as another
      const beforeWord = i < tokens.length - 1 && !isNumberLike(tokens[i + 1]!);
      const rowNumberLike = i === 0 && /^[lIi|!t][0-9]?[.)]?$/.test(t);
      return !(beforeWord && isWordLike(t) && !rowNumberLike);
    });
    // a lone letter the OCR puts for a digit ("i" for 1) is a figure between figures; so is a
    // short garble ("pt", "wih") among a row's figures, once they began after its name: it holds its column
    const figuresFrom = tokens.findIndex((_, i) => numeric[i] && i > 0 && !numeric[i - 1]);
    tokens.forEach((t, i) => {
      if (numeric[i]) return;
      const between = numeric[i - 1] && numeric[i + 1] && t.length === 1 && readNumber(t, 'count').length > 0;
      const amongFigures = figuresFrom >= 0 && i > figuresFrom && t.length <= 6 && numeric.slice(i + 1).some(Boolean);
      if (between || amongFigures) numeric[i] = true;
    });
    // where the row is short of figures, a short garble just before them ("i 0") or after them
    // ("65 at", "0 1a") is one of them
    const K = table.columns.length;
    if (figuresFrom >= 0 && tokens.length - figuresFrom < K + 1 && numeric.slice(figuresFrom).filter(Boolean).length < K) {
      const before = figuresFrom - 1;
      if (tokens[before]!.length === 1 && readNumber(tokens[before]!, 'count').length > 0 && before > 0) numeric[before] = true;
      tokens.forEach((t, i) => {
        if (i > figuresFrom && t.length <= 3) numeric[i] = true;
      });
    }
    const words = tokens.filter((_, i) => !numeric[i]);
    const token = (i: number): Token => ({ text: tokens[i]!, line: line.number, words: kept[i]!.words });
    if (words.length > 0 && isTotalLabel(words.join(' '))) {
      const labelWords = wordsOf(kept.filter((_, i) => !numeric[i]));
      total = { no: 0, noInferred: false, line: line.number, label: words.join(' '), labelWords, cells: tokens.flatMap((_, i) => (numeric[i] ? [token(i)] : [])), positional: false, optionalLead: 0 };
      continue;
    }
    const header = isHeader(words.join(' '), table);
    let name: Token[] = [];
    const flush = () => {
      if (name.length > 0) items.push({ kind: 'name', text: name.map((t) => t.text).join(' '), line: line.number, words: wordsOf(name), header });
      name = [];
    };
    tokens.forEach((_, i) => {
      if (numeric[i]) {
        flush();
        items.push({ kind: 'number', ...token(i), header });
      } else name.push(token(i));
    });
    flush();
  }
  return { items, total };
}

/** Whether a token can be row `no`'s number: "14", "14.", "l4", "t4". */
function readsAsRowNumber(token: string, no: number): boolean {
  const core = token.replace(/[.)]$/, '');
  if (core.length === 0 || core.length > 3) return false;
  if (readNumber(core, 'count').some((r) => r.value === no)) return true;
  return core.length >= 2 && !/[0-9]/.test(core[0]!) && readNumber(core.slice(1), 'count').some((r) => r.value === no);
}

/** What a row's name is worth: a unit the dictionary settles on, something like a name, or nothing. */
function nameScore(label: string, expected: boolean): number {
  if (label === '') return expected ? -0.8 : 0;
  if (label.length > LONGEST_NAME) return -0.3;
  const [best] = unitDictionary().rank(label, false);
  if (!best) return -0.3;
  if (isAccepted(best)) return 1.5 + best.score;
  return best.score >= 0.5 ? best.score * 0.5 : -0.3;
}

/**
 * What it costs to leave an item inside the table in no row: little for words that are no
 * unit's name, more for a name, most for a clean figure, which must cost more than a broken rule
 * gains twice over (reports print rows that break their own rules). Before the first row and after the
 * last, items are the header's and the page's, and cost little.
 */
const OUTSIDE_ROWS = 0.3;
function skipCost(item: Item): number {
  if (item.header) return OUTSIDE_ROWS;
  if (item.kind === 'number') return /^[\d.,]+$/.test(item.text) ? 7 : 1.5;
  const [best] = unitDictionary().rank(item.text, false);
  return best && isAccepted(best) ? 2 : 0.2;
}

/** What the layout alone gives the reading it tells of: less than any one figure's evidence. */
export const LAYOUT_PRIOR = 0.25;
/** A row number read apart from its name, among the figures (a cell a paragraph), costs little to leave out. */
const STRAY_NUMBER = 1.5;
const EMPTY_ROW = 2;
const NO_FIGURES = 1;
const FILLED = 0.4;
const ROW_NUMBER = 2;
/** What a row's figures standing a row's width away from its numbered name cost, up to a few rows (further says no more). */
const ANCHOR = 0.3;
const ANCHOR_ROWS = 4;
const CANDIDATES_KEPT = 24;
const BEAM = 8;
const FRONT = 3;

interface Slice {
  /** Items [start, end) of the row, and where its figures are among them. */
  start: number;
  end: number;
  /** Where the row's number stands among its items, if it was printed. */
  numberAt: number | null;
  figures: [number, number];
  /** A row number the text put among the row's figures, which is none of them, or null. */
  hole: number | null;
}

interface State {
  score: number;
  /** The cell of the state that led here, and its place in that cell's front. */
  from: number;
  fromState: number;
  /** The slice of the row that led here, or null for a skipped item or an empty row. */
  slice: Slice | null;
  skipped: boolean;
  ranked: number | null;
}

/**
 * Cuts a table's lines into rows. Returns the rows as printed (their number, name and figures,
 * each figure read into its column), the items no row took, and the total row.
 */
export function assembleTable(table: TableSpec, lines: Line[]): AssembledTable[] {
  const { items, total } = itemsOf(lines, table);
  // figures read beside their names: the layout speaks for it as for any row-first reading. Each
  // row's number before its name, or after its figures (an OCR that read the number cell last):
  // one way through the whole table, each way a reading of its own, since a number between two
  // rows fits either of them
  return (['before', 'after'] as const).flatMap((numberPlace) => ordersOf(table).map((order) => ({ ...cutRows(table, items, { numberPlace, order }), total, prior: LAYOUT_PRIOR })));
}

interface CutOptions {
  /** What leaving each item out costs. */
  skips?: number[];
  /** The table's rows, where they are known (the names' numbers). */
  rowCount?: number | null;
  /** Which number items may be a row's number (all, where the items hold the rows' numbers). */
  rowNumbers?: (item: Item) => boolean;
  /** Where each row's numbered name stands among the items, where names stand among the figures. */
  anchors?: Map<number, number>;
  /** Where a row's number stands: before its name and figures, after its figures, or either. */
  numberPlace?: 'before' | 'after' | 'either';
  /** Which way a ranked column runs, for a column ranked either way. */
  order?: 'ascending' | 'descending';
}

const RANK_CEILING = 1e12;

/** The ways a table's ranked column may run: a column ranked either way is read both ways. */
const ordersOf = (table: TableSpec): Array<'ascending' | 'descending'> => {
  const ranked = table.columns.find((c) => c.ranked)?.ranked;
  return ranked === 'either' ? ['ascending', 'descending'] : ranked === 'descending' ? ['descending'] : ['ascending'];
};

/** Items cut into rows in reading order, by the dynamic programme above. */
function cutRows(table: TableSpec, items: Item[], { skips = items.map(skipCost), rowCount = null, rowNumbers = () => true, anchors = new Map(), numberPlace = 'before', order = 'ascending' }: CutOptions = {}): Omit<AssembledTable, 'total'> {
  const K = table.columns.length;
  const M = items.length;
  const ranked = table.columns.find((c) => c.ranked === order || c.ranked === 'either')?.field ?? null;
  // the programme follows a rising value: a falling column as its distance below a ceiling
  const rankOf = (value: number | null) => (value === null || order === 'ascending' ? value : RANK_CEILING - value);
  const names = items.filter((i) => i.kind === 'name').length;
  // as many rows as the table is known to have, or as its items could make
  const N = rowCount ?? Math.min(200, names + Math.ceil((M - names) / K) + 2);

  const nameMemo = new Map<string, number>();
  const scoreName = (label: string) => {
    let known = nameMemo.get(label);
    if (known === undefined) nameMemo.set(label, (known = nameScore(label, names > 0)));
    return known;
  };
  const candidateMemo = new Map<number, FigureCandidate[]>();
  const figuresOf = ({ figures: [from, to], hole }: Pick<Slice, 'figures' | 'hole'>): Item[] => items.slice(from, to).filter((_, k) => from + k !== hole);
  const keyOf = ({ figures: [from, to], hole }: Pick<Slice, 'figures' | 'hole'>) => (from * 4096 + to) * 4096 + (hole === null ? 0 : hole - from);
  const figureOptions = (slice: Pick<Slice, 'figures' | 'hole'>): FigureCandidate[] => {
    const key = keyOf(slice);
    let known = candidateMemo.get(key);
    if (!known) {
      const tokens = figuresOf(slice);
      let lead = 0;
      while (lead < tokens.length && tokens.length - lead > K && isWordLike(tokens[lead]!.text)) lead++;
      known = figureCandidates(table, tokens, lead).slice(0, CANDIDATES_KEPT);
      candidateMemo.set(key, known);
    }
    return known;
  };
  /** Each reading of a run of figures, with what it is worth before its neighbours are known. */
  const weighedMemo = new Map<number, Array<{ candidate: FigureCandidate; worth: number; rankedValue: number | null }>>();
  const weighedOptions = (slice: Pick<Slice, 'figures' | 'hole'>) => {
    const key = keyOf(slice);
    let known = weighedMemo.get(key);
    if (!known) {
      known = figureOptions(slice).map((candidate) => {
        const filled = Object.values(candidate.cells).filter((c) => c.value !== null).length;
        return { candidate, worth: candidate.score + FILLED * filled, rankedValue: ranked ? rankOf(candidate.cells[ranked]!.value) : null };
      });
      weighedMemo.set(key, known);
    }
    return known;
  };
  const labelParts = (slice: Slice, dropped: number): Item[] =>
    items.slice(slice.start, slice.end).filter((item, k) => {
      const at = slice.start + k;
      return item.kind === 'name' || (at >= slice.figures[0] && at < slice.figures[0] + dropped);
    });
  const labelOf = (slice: Slice, dropped: number): string =>
    labelParts(slice, dropped)
      .map((p) => p.text)
      .join(' ');

  /**
   * The scores of a slice as a row after one whose ranked value was `low`: the best reading,
   * and the best that leaves the ranked column lowest (a figure that may be either of two columns
   * must not close the way for the rows after it).
   */
  const rowScores = (slice: Slice, low: number | null): Array<{ score: number; ranked: number | null }> => {
    const [f0, f1] = slice.figures;
    const numberScore = slice.numberAt === null ? 0 : ROW_NUMBER * (/^\d+[.)]?$/.test(items[slice.numberAt]!.text) ? 1 : 0.6);
    if (f1 === f0) return [{ score: numberScore + scoreName(labelOf(slice, 0)) - NO_FIGURES, ranked: low }];
    let best: { score: number; ranked: number | null } | null = null;
    let lowest: { score: number; ranked: number | null } | null = null;
    const nameScores = new Map<number, number>();
    const nameScoreOf = (dropped: number) => {
      let known = nameScores.get(dropped);
      if (known === undefined) nameScores.set(dropped, (known = scoreName(labelOf(slice, dropped))));
      return known;
    };
    const holeCost = slice.hole === null ? 0 : skips[slice.hole]!;
    for (const { candidate, worth, rankedValue } of weighedOptions(slice)) {
      const inOrder = rankedValue === null || low === null ? 0 : boundScore(rankedValue, { low, high: Number.POSITIVE_INFINITY });
      const score = worth + inOrder + numberScore + nameScoreOf(candidate.dropped) - holeCost;
      const option = { score, ranked: rankedValue ?? low };
      if (!best || score > best.score) best = option;
      const [mine, theirs] = [option.ranked ?? 0, lowest?.ranked ?? 0];
      if (!lowest || mine < theirs || (mine === theirs && score > lowest.score)) lowest = option;
    }
    if (!best) return [];
    return lowest && lowest.ranked !== best.ranked && best.score - lowest.score < 2 ? [best, lowest] : [best];
  };

  /**
   * The ways items [t, u) can be one row: [number] names… [number] figures… names… (the number
   * before the name, or between name and figures where the name was read first), or names…
   * figures… number; or, where the figures were printed a line above their row (a scan's
   * baseline drift), figures… number names…
   */
  const slicesAt = function* (t: number, no: number): Generator<Slice> {
    const isNumber = (k: number) => items[k]?.kind === 'number' && rowNumbers(items[k]!) && readsAsRowNumber(items[k]!.text, no);
    for (const place of ['before', 'between', 'none'] as const) {
      if ((place !== 'none' && numberPlace === 'after') || (place === 'before' && !isNumber(t))) continue;
      let p = t + (place === 'before' ? 1 : 0);
      const leadStart = p;
      // leading names: at most two runs (a name wrapped over lines)
      while (p < M && p - leadStart < 2 && items[p]!.kind === 'name' && !items[p]!.header) p++;
      const nameRuns = p - leadStart;
      if (place === 'between' && (nameRuns === 0 || !isNumber(p))) continue;
      const numberAt = place === 'before' ? t : place === 'between' ? p++ : null;
      const f0 = p;
      for (let f1 = f0; f1 <= Math.min(M, f0 + K + 2); f1++) {
        if (f1 > f0 && items[f1 - 1]!.kind !== 'number') break;
        // then at most one trailing run, the end of a name wrapped after its figures, where the name began in one
        for (const trailing of nameRuns === 2 ? [0] : [0, 1]) {
          const end = f1 + trailing;
          if (end > M || (trailing === 1 && items[f1]!.kind !== 'name')) continue;
          if (end === t) continue;
          yield { start: t, end, numberAt, figures: [f0, f1], hole: null };
          // a row's number read after its figures (a ruled row read cell by cell, the number last)
          if (numberPlace !== 'before' && place === 'none' && trailing === 0 && f1 > f0 && isNumber(f1)) yield { start: t, end: f1 + 1, numberAt: f1, figures: [f0, f1], hole: null };
          // a row number the text put among a row's figures, one more than the row has columns,
          // is left out of the row rather than cutting it in two
          if (trailing === 1 || f1 - f0 !== K + 1) continue;
          for (let h = f0 + 1; h < f1 - 1; h++) if (skips[h]! < 2 && /^\d{1,3}$/.test(items[h]!.text)) yield { start: t, end, numberAt, figures: [f0, f1], hole: h };
        }
      }
    }
    for (let f1 = t + 2; numberPlace !== 'after' && f1 <= Math.min(M - 1, t + K); f1++) {
      if (items[f1 - 1]!.kind !== 'number' || items[f1 - 2]!.kind !== 'number') break;
      // two figures or more share one line of their own, above the number's (a lone figure is one cell a line)
      const sameLine = items.slice(t, f1).every((item) => item.line === items[t]!.line) && items[f1]!.line !== items[t]!.line;
      if (!sameLine || !isNumber(f1) || items[f1 + 1]?.kind !== 'name') continue;
      let end = f1 + 2;
      if (items[end]?.kind === 'name') end++;
      yield { start: t, end, numberAt: f1, figures: [t, f1], hole: null };
    }
  };

  const width = M + 1;
  // at each (rows, item) a small front of states: the best, and those that leave the ranked column lower
  const states: State[][] = Array.from({ length: (N + 1) * width }, () => []);
  const at = (i: number, t: number) => i * width + t;
  const offer = (i: number, t: number, state: State) => {
    const front = states[at(i, t)]!;
    if (front.some((known) => known.score >= state.score && (known.ranked ?? 0) <= (state.ranked ?? 0))) return;
    const kept = front.filter((known) => !(state.score >= known.score && (state.ranked ?? 0) <= (known.ranked ?? 0)));
    kept.push(state);
    kept.sort((a, b) => b.score - a.score);
    states[at(i, t)] = kept.slice(0, FRONT);
  };
  const bestAt = (k: number) => states[k]![0]?.score ?? Number.NEGATIVE_INFINITY;
  offer(0, 0, { score: 0, from: -1, fromState: 0, slice: null, skipped: false, ranked: null });
  for (let t = 0; t <= M; t++) {
    // a beam: at each item only the few best row counts go on (the rest cannot catch up)
    const alive: number[] = [];
    for (let i = 0; i <= N; i++) if (states[at(i, t)]!.length > 0) alive.push(i);
    const kept = new Set(alive.sort((a, b) => bestAt(at(b, t)) - bestAt(at(a, t))).slice(0, BEAM));
    for (let i = 0; i <= N; i++) {
      if (!kept.has(i)) continue;
      // an empty row (lost whole) joins the beam at the same item, so rows come before the items they lead to
      for (const [s, state] of states[at(i, t)]!.entries()) {
        if (i < N) offer(i + 1, t, { score: state.score - EMPTY_ROW, from: at(i, t), fromState: s, slice: null, skipped: false, ranked: state.ranked });
      }
      if (i < N && states[at(i + 1, t)]!.length > 0) kept.add(i + 1);
      for (const [s, state] of states[at(i, t)]!.entries()) {
        if (t < M) offer(i, t + 1, { score: state.score - (i === 0 ? OUTSIDE_ROWS : skips[t]!), from: at(i, t), fromState: s, slice: null, skipped: true, ranked: state.ranked });
        if (i === N) continue;
        const anchor = anchors.get(i + 1);
        for (const slice of slicesAt(t, i + 1)) {
          const away = anchor === undefined ? 0 : ANCHOR * Math.min(ANCHOR_ROWS, Math.abs(slice.figures[0] - anchor) / K);
          for (const scored of rowScores(slice, state.ranked))
            offer(i + 1, slice.end, { score: state.score + scored.score - away, from: at(i, t), fromState: s, slice, skipped: false, ranked: scored.ranked });
        }
      }
    }
  }

  // the best way through every item, with as many rows as it takes (or as the table has)
  let end = 0;
  let endScore = Number.NEGATIVE_INFINITY;
  const reachedCount = rowCount !== null && states.slice(at(rowCount, 0), at(rowCount, M) + 1).some((front) => front.length > 0);
  for (let i = reachedCount ? rowCount! : 0; i <= N; i++)
    for (let t = 0; t <= M; t++) {
      const score = bestAt(at(i, t)) - OUTSIDE_ROWS * (M - t);
      if (score > endScore) [end, endScore] = [at(i, t), score];
    }
  // the path, first step first: each step a row (perhaps lost whole) or an item no row took
  const path: Array<{ no: number; slice: Slice | null } | { skipped: number }> = [];
  for (let k = end, index = 0; k > 0; ) {
    const s = states[k]![index]!;
    path.push(s.skipped ? { skipped: (k % width) - 1 } : { no: Math.floor(k / width), slice: s.slice });
    [k, index] = [s.from, s.fromState];
  }
  path.reverse();
  const slices = path.flatMap((step) => ('no' in step ? [step] : []));
  // rows lost whole at the end are no rows
  while (slices.length > 0 && slices.at(-1)!.slice === null) slices.pop();
  // a table printed with fewer columns than its kind has (every row as wide, and narrower) lost
  // its last columns: its figures fill from the left
  const widths = new Set(slices.flatMap(({ slice }) => (slice && slice.figures[1] > slice.figures[0] ? [figuresOf(slice).length] : [])));
  const [printed] = widths;
  const narrow = slices.length >= 3 && widths.size === 1 && printed! > 0 && printed! < K;
  const optionsOf = (slice: Slice) => {
    const options = figureOptions(slice);
    return narrow ? options.filter((o) => table.columns.every((c, k) => (o.cells[c.field]!.raw !== null) === k < printed!)) : options;
  };
  const first = slices.map(({ slice }) => (slice && slice.figures[1] > slice.figures[0] ? chooseCells(table, optionsOf(slice), {}, 0).cells : null));
  const rows: AssembledRow[] = slices.map(({ no, slice }, index) => {
    if (!slice) return { no, noInferred: true, line: 0, label: '', labelWords: [], cells: [], positional: false, optionalLead: 0, read: emptyCells(table.columns), figureItems: [], ambiguous: [] };
    const line = items[slice.numberAt ?? slice.start]!.line;
    const options = slice.figures[1] > slice.figures[0] ? optionsOf(slice) : [];
    const chosen = options.length > 0 ? chooseCells(table, options, rankWindows(table, first, index), line) : { cells: emptyCells(table.columns, line), dropped: 0, ambiguous: [] };
    return {
      no,
      noInferred: slice.numberAt === null,
      line,
      label: labelOf(slice, chosen.dropped),
      labelWords: wordsOf(labelParts(slice, chosen.dropped)),
      cells: figuresOf(slice),
      positional: false,
      optionalLead: 0,
      read: chosen.cells,
      ambiguous: chosen.ambiguous,
      figureItems: Array.from({ length: slice.figures[1] - slice.figures[0] }, (_, k) => slice.figures[0] + k).filter((k) => k !== slice.hole),
    };
  });
  for (let k = (end % width) + 1; k <= M; k++) path.push({ skipped: k - 1 });
  const strays: Stray[] = [];
  let done = 0;
  const stray = (k: number) => {
    const { kind, text, line, words, header } = items[k]!;
    // the header's words are no row's, nor displaced from one
    if (header) return;
    strays.push({ kind: kind === 'name' ? 'label' : 'number', text, line, words, after: Math.min(done, rows.length) - 1 });
  };
  for (const step of path) {
    if (!('no' in step)) stray(step.skipped);
    else {
      done++;
      if (step.slice && step.slice.hole !== null) stray(step.slice.hole);
    }
  }
  return { rows, strays };
}

/**
 * Readings of a table whose columns were read one after the other (a text tool that takes each
 * ruled column, or the names, as a block of its own): the names and their row numbers in one
 * stream, the figures in another. The figures are read row by row, and column by column; the
 * names are then aligned with the rows (see `alignNames`).
 */
export function assembleColumns(table: TableSpec, lines: Line[], headed = headedLines(lines, table)): AssembledTable[] {
  const { items, total } = itemsOf(lines, table);
  // header items stay in the stream, so that a header between two columns keeps them apart
  const body = joinWrapped(items);
  const names = body.filter((i) => i.kind === 'name' && !i.header);
  if (names.length < 2) return [];
  // a small number beside a unit's name is its row number, wherever the name stands
  const limit = names.length + 2;
  const unitLike = (item: Item | undefined) => item?.kind === 'name' && !item.header && comparisonForm(item.text).length >= 5 && (unitDictionary().rank(item.text, false)[0]?.score ?? 0) >= 0.6;
  const numbers = new Map<number, number>();
  // the items taken for row numbers, and the numbers they give (each row has one)
  const used = new Set<number>();
  const claimed = new Set<number>();
  const claim = (k: number) => {
    used.add(k);
    claimed.add(Number.parseInt(body[k]!.text, 10));
  };
  body.forEach((item, k) => {
    if (!unitLike(item)) return;
    const before = body[k - 1];
    const value = before?.kind === 'number' && !before.header && /^\d{1,3}[.)]?$/.test(before.text) ? Number.parseInt(before.text, 10) : null;
    // a second name beside a number already taken has a figure for its neighbour
    if (value !== null && value >= 1 && value <= limit && !used.has(k - 1) && !claimed.has(value)) {
      numbers.set(k, value);
      claim(k - 1);
    }
  });
  // and so is a small number beside another row number, one apart ("18 | Sở Ngoại vụ", "19", "20")
  const small = (k: number) => (/^\d{1,3}[.)]?$/.test(body[k]?.text ?? '') && body[k]!.kind === 'number' && !body[k]!.header ? Number.parseInt(body[k]!.text, 10) : null);
  // a column of row numbers read as a block: a run one apart, from 1 or on from a number already
  // taken (a page's block), as long as a page's rows (five), or the table's if shorter; a column of
  // figures may run 1, 2, 3 too, but seldom further
  const units = names.filter(isUnit).length;
  for (let k = 0; k < body.length; k++) {
    const from = small(k);
    if (from === null || !(from === 1 || claimed.has(from - 1))) continue;
    let end = k + 1;
    while (end < body.length && small(end) === from + (end - k)) end++;
    if (end - k >= Math.min(5, units)) for (let j = k; j < end; j++) claim(j);
    k = end - 1;
  }
  for (let grown = true; grown; ) {
    grown = false;
    body.forEach((_, k) => {
      const value = small(k);
      // beside a number already taken, the same value is a figure
      if (value === null || value > limit || used.has(k) || claimed.has(value)) return;
      if ([k - 1, k + 1].some((j) => used.has(j) && small(j) !== null && Math.abs(small(j)! - value) === 1)) {
        claim(k);
        grown = true;
      }
    });
  }
  // numbers before the header's last words, ahead of the first row, number the header's columns
  const firstRow = body.findIndex((item, k) => used.has(k) || (item.kind === 'name' && isUnit(item)));
  const headerEnd = body.findLastIndex((item, k) => item.header && k < firstRow);
  const figureAt = body.flatMap((item, k) => (item.kind === 'number' && !item.header && !used.has(k) && k > headerEnd ? [k] : []));
  const figures = figureAt.map((k) => body[k]!);
  const K = table.columns.length;
  // a small number no name claimed is a row number read apart from its name: it may stand for its
  // row among the figures, or be left out cheaply
  const strayNumber = (item: Item) => /^\d{1,3}$/.test(item.text) && Number(item.text) >= 1 && Number(item.text) <= limit && !claimed.has(Number(item.text));
  // where the names' numbers run from 1 with few gaps, the last is the table's row count
  const last = Math.max(0, ...claimed);
  const rowCount = last >= 3 && claimed.size >= 0.8 * last ? last : null;
  const strayCosts = figures.map((f) => (strayNumber(f) ? STRAY_NUMBER : skipCost(f)));
  // row numbers read as a block of their own (not beside the names) tell of a text read column
  // by column: where the figures' values do not choose, the layout does
  const runs = rowNumberRuns(body, used);
  const byColumns = runs.length > 0 && runs.reduce((sum, run) => sum + run.count, 0) >= 0.8 * used.size;
  const [rowFirst, columnFirst] = byColumns ? [0, LAYOUT_PRIOR] : [LAYOUT_PRIOR, 0];
  // where numbered names stand among the figures (text read in reading order, not by columns), a
  // row's figures are near its name: figures lost leave cells blank, not every later row shifted
  const anchors = new Map([...numbers].map(([k, no]) => [no, figureAt.filter((j) => j < k).length]));
  const anchored = anchors.size >= 3 && new Set(anchors.values()).size >= anchors.size / 2;
  // each reading with, for each item it cut, where that item stands in the text, and what the layout
  // says of it; the figures alone are read with the unclaimed row numbers standing for rows, and
  // without; near the names' places, and anywhere
  const cuts = [strayNumber, () => false].flatMap((rowNumbers) =>
    (anchored ? [undefined, anchors] : [undefined]).flatMap((near) => ordersOf(table).map((order) => cutRows(table, figures, { skips: strayCosts, rowCount, rowNumbers, anchors: near, numberPlace: 'either', order }))),
  );
  const readings: Array<[Omit<AssembledTable, 'total'>, number[], number]> = cuts.map((cut) => [cut, figureAt, rowFirst]);
  // column after column, where each line is one cell ("1006 3" a number split by a space):
  // as many rows as the table has units, or row numbers, or figures / columns. Figures before the
  // first name or row number (in a title: "Công văn số 2999 …") are no column's.
  const cellAt = figureAt.filter((k, i) => i === 0 || body[figureAt[i - 1]!]!.line !== body[k]!.line);
  const cells = cellAt.map((k) => {
    const onLine = figureAt.filter((j) => body[j]!.line === body[k]!.line).map((j) => body[j]!);
    return { ...body[k]!, text: onLine.map((item) => item.text).join(' '), words: wordsOf(onLine) };
  });
  const lead = cellAt.filter((k) => k < firstRow).length;
  const tries: Array<Array<{ from: number; n: number }>> = [];
  // where the names and their numbers agree on the rows, the figures (some cells blank) do not count them
  const agreed = used.size >= 2 && names.filter(isUnit).length === used.size;
  for (const from of new Set([0, lead]))
    for (const n of new Set([names.filter(isUnit).length, used.size, ...(agreed ? [] : [(cells.length - from) / K])])) if (Number.isInteger(n) && n >= 2) tries.push([{ from, n }]);
  // a block a page: each run of row numbers read as a block starts one, with as many rows
  if (runs.length > 1) tries.push(runs.map((run, i) => ({ from: i === 0 ? lead : cellAt.filter((k) => k < run.start).length, n: run.count })));
  for (const blocks of tries) {
    const reading = columnMajor(table, cells, blocks);
    if (reading) readings.push([reading, cellAt, columnFirst]);
  }
  for (const n of new Set([names.filter(isUnit).length, used.size])) {
    const reading = headedColumns(table, cells, headed, n);
    if (reading) readings.push([reading, cellAt, columnFirst]);
  }
  return readings.map(([reading, at, prior]) => ({ ...alignNames(reading, body, numbers, at), total, prior }));
}

/**
 * Columns each under its own header, one after the other (see `headedLines`), where a blank cell
 * printed nothing: a column with all its rows' figures is read whole; one short of them leaves
 * its cells null (which row lost its figure the text does not say), for the rules to settle where
 * they can, and says so.
 */
function headedColumns(table: TableSpec, cells: Item[], headed: Map<number, string>, n: number): Omit<AssembledTable, 'total'> | null {
  if (n < 2 || headed.size === 0) return null;
  const columns = table.columns.map((column) => cells.flatMap((cell, i) => (headed.get(cell.line) === column.field ? [i] : [])));
  if (columns.some((run) => run.length > n) || columns.every((run) => run.length === 0)) return null;
  const rows = Array.from({ length: n }, (_, r): AssembledRow => {
    const whole = columns.map((run) => (run.length === n ? run[r]! : null));
    const line = cells[whole.find((i) => i !== null) ?? columns.find((run) => run.length > 0)![0]!]!.line;
    const read = emptyCells(table.columns, line);
    table.columns.forEach((column, c) => {
      const i = whole[c];
      const reading = i === null || i === undefined ? undefined : readNumber(cells[i]!.text, column.type)[0];
      if (reading) read[column.field] = { value: reading.value, raw: cells[i!]!.text, cost: reading.cost, line: cells[i!]!.line, words: cells[i!]!.words };
    });
    const figureItems = whole.filter((i): i is number => i !== null);
    return { no: r + 1, noInferred: true, line, label: '', labelWords: [], cells: figureItems.map((i) => cells[i]!), positional: false, optionalLead: 0, read, ambiguous: [], figureItems };
  });
  const shortColumns = table.columns.flatMap((column, c) => (columns[c]!.length < n ? [{ field: column.field, figures: columns[c]!.length }] : []));
  return { rows, strays: [], shortColumns };
}

/** A name wrapped onto a later line comes back whole: its tail is joined where that names a unit better. */
function joinWrapped(items: Item[]): Item[] {
  const dictionary = unitDictionary();
  const out: Item[] = [];
  let previousName: Item | null = null;
  for (const item of items) {
    if (item.kind === 'name' && previousName) {
      const alone = dictionary.rank(item.text)[0];
      const before = dictionary.rank(previousName.text)[0]?.score ?? 0;
      const joined = dictionary.rank(`${previousName.text} ${item.text}`)[0];
      if ((!alone || !isAccepted(alone)) && joined && isAccepted(joined) && joined.score > before + 0.02) {
        previousName.text = `${previousName.text} ${item.text}`;
        previousName.words = wordsOf([previousName, item]);
        continue;
      }
    }
    const copy = { ...item };
    if (copy.kind === 'name') previousName = copy;
    out.push(copy);
  }
  return out;
}

/**
 * The figures read column after column, block by block (a table that runs over pages is read a
 * page at a time): in a block of n rows, row r's figures are the r-th of each column's run of n.
 * A table printed with fewer columns than its kind has lost its last ones.
 */
function columnMajor(table: TableSpec, figures: Item[], blocks: Array<{ from: number; n: number }>): Omit<AssembledTable, 'total'> | null {
  const groups: number[][] = [];
  for (const [i, { from, n }] of blocks.entries()) {
    const width = ((blocks[i + 1]?.from ?? figures.length) - from) / n;
    if (!Number.isInteger(width) || width < 1 || width > table.columns.length) return null;
    for (let r = 0; r < n; r++) groups.push(Array.from({ length: width }, (_, c) => from + c * n + r));
  }
  const options = groups.map((group) => {
    const printed = { ...table, columns: table.columns.slice(0, group.length) };
    const line = figures[group[0]!]!.line;
    const blank = emptyCells(table.columns, line);
    return figureCandidates(printed, group.map((k) => figures[k]!)).map((o) => ({ ...o, cells: { ...blank, ...o.cells } }));
  });
  const first = options.map((o) => chooseCells(table, o, {}, 0).cells);
  const rows = groups.map((group, r): AssembledRow => {
    const line = figures[group[0]!]!.line;
    const chosen = chooseCells(table, options[r]!, rankWindows(table, first, r), line);
    const cells = group.map((k) => figures[k]!);
    return { no: r + 1, noInferred: true, line, label: '', labelWords: [], cells, positional: false, optionalLead: 0, read: chosen.cells, ambiguous: chosen.ambiguous, figureItems: group };
  });
  return { rows, strays: [] };
}

/** Runs of row numbers standing together, one apart: where each starts in the text, and how many. */
function rowNumberRuns(body: Item[], used: Set<number>): Array<{ start: number; count: number }> {
  const runs: Array<{ start: number; count: number; last: number }> = [];
  for (const k of [...used].sort((a, b) => a - b)) {
    const value = Number.parseInt(body[k]!.text, 10);
    const run = runs.at(-1);
    const between = run ? body.slice(run.start, k).filter((item, j) => !used.has(run.start + j) && !item.header).length : 0;
    if (run && value === run.last + 1 && between === 0) Object.assign(run, { count: run.count + 1, last: value });
    else runs.push({ start: k, count: 1, last: value });
  }
  return runs.filter((r) => r.count >= 3);
}

/** What each piece of evidence is worth in giving the rows their names. */
const NUMBER_MATCH = 1;
const NUMBER_OTHER = 0.3;
const POSITION = 0.3;
const UNNAMED_ROW = 0.8;
const UNIT_LEFT = 1;

/**
 * Gives the rows of a reading of the figures alone their names, names and rows both in reading
 * order, by one alignment that weighs a unit's name against a word that is none, the row number
 * printed beside a name, and, where names stand among the figures, the row of the figures that follow it.
 */
function alignNames(reading: Omit<AssembledTable, 'total'>, body: Item[], numbers: Map<number, number>, at: number[]): Omit<AssembledTable, 'total'> {
  const rows = reading.rows.map((r) => ({ ...r, label: '', labelWords: [] as Word[], noInferred: true }));
  const R = rows.length;
  const rowOfItem = new Map(rows.flatMap((r, j) => r.figureItems.map((i) => [at[i]!, j] as const)));
  const names = body.flatMap((item, k) => (item.kind === 'name' && !item.header ? [k] : []));
  const nextRow = names.map((k) => {
    for (let j = k + 1; j < body.length; j++) if (rowOfItem.has(j)) return rowOfItem.get(j)!;
    return R;
  });
  // where names stand in a block of their own, where they stand says nothing of their rows
  const spread = new Set(nextRow).size >= Math.min(R, names.length) / 2;
  const units = names.map((k) => isUnit(body[k]!));
  const gain = (i: number, j: number) => {
    const number = numbers.get(names[i]!);
    const numbered = number === undefined ? 0 : number === j + 1 ? NUMBER_MATCH : -NUMBER_OTHER;
    const near = spread ? -POSITION * Math.min(3, Math.abs(nextRow[i]! - j)) : 0;
    return (units[i] ? 1.5 : 0.2) + numbered + near;
  };
  const { slotOf } = alignInOrder(names.length, R, {
    skipItem: (i) => (units[i] ? UNIT_LEFT : 0),
    skipSlot: () => UNNAMED_ROW,
    match: (i, j) => -gain(i, j),
  });
  const left: number[] = [];
  slotOf.forEach((j, i) => {
    const k = names[i]!;
    if (j < 0) left.push(k);
    else Object.assign(rows[j]!, { label: body[k]!.text, labelWords: body[k]!.words, noInferred: numbers.get(k) !== j + 1, line: body[k]!.line });
  });
  const strays: Stray[] = [...reading.strays, ...left.map((k): Stray => ({ kind: 'label', text: body[k]!.text, line: body[k]!.line, words: body[k]!.words, after: -1 }))];
  return { ...reading, rows, strays };
}

function isUnit(item: Item): boolean {
  if (item.header || item.text.length > LONGEST_NAME) return false;
  const [best] = unitDictionary().rank(item.text);
  return best !== undefined && isAccepted(best);
}
