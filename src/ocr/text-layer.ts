import type { PreparedPage } from '../preprocess/index.js';
import type { PageLayout, TableGrid } from '../layout/index.js';
import type { Block, Box, Line, Word } from '../model/index.js';
import { median } from '../tables/placed.js';
import { bodyRows, cellBox, lineOf, onPage, rowLine, union } from './rows.js';

/**
 * A born-digital page read from its own text instead of by OCR: its words placed in the ruled
 * tables found on its rendering, cell by cell, as `readPage` places the words it reads, and the
 * rest as lines of running text, in the order they stand on the page.
 */
export function readTextLayer(page: PreparedPage, layout: PageLayout, words: Word[]): Block[] {
  const taken = new Set<Word>();
  const pieces: Array<{ top: number; block: Block }> = layout.tables.map((table) => ({
    top: table.rows[0]!,
    block: { kind: 'table', lines: tableLines(page, table, words, taken), open: table.open },
  }));
  const lines = inLines(words.filter((w) => !taken.has(w)));
  const parts = lines.map(partsOf);
  const { rows, merged } = borderlessRows(lines, parts);
  lines.forEach((line, i) => {
    if (merged.has(i)) return;
    // two parts are two columns of text (the letterhead's issuer and national motto, the
    // recipients beside the signature), each its own line, never one across both
    const row = rows.get(i);
    const texts = row ? [rowLine(page, row)] : parts[i]!.length === 2 ? parts[i]!.map((words) => lineOf(page, words)) : [lineOf(page, parts[i]!.flat())];
    pieces.push({ top: line[0]!.box!.y, block: { kind: 'text', lines: texts } });
  });
  pieces.sort((a, b) => a.top - b.top);
  // consecutive lines of running text are one block, unless a blank line's height parts them
  const blocks: Block[] = [];
  let last: Box | null = null;
  for (const { block } of pieces) {
    const box = union(block.lines.flatMap((l) => l.words.map((w) => w.box!)));
    const before = blocks.at(-1);
    if (block.kind === 'text' && before?.kind === 'text' && last && box.y - (last.y + last.height) < box.height) before.lines.push(...block.lines);
    else blocks.push(block);
    last = box;
  }
  return blocks;
}

/** A table's rows as lines, every word that lies in one of its cells taken into that cell. */
function tableLines(page: PreparedPage, table: TableGrid, words: Word[], taken: Set<Word>): Line[] {
  const rows = table.rows.length - 1;
  const columns = table.columns.length - 1;
  const cells: Word[][][] = Array.from({ length: rows }, () => Array.from({ length: columns }, () => []));
  for (const word of words) {
    const x = word.box!.x + word.box!.width / 2;
    const y = word.box!.y + word.box!.height / 2;
    const row = table.rows.findIndex((top, r) => r < rows && top <= y && y < table.rows[r + 1]!);
    const column = table.columns.findIndex((left, c) => c < columns && left <= x && x < table.columns[c + 1]!);
    if (row < 0 || column < 0) continue;
    cells[row]![column]!.push(word);
    taken.add(word);
  }
  const text = (words: Word[]) => inLines(words).flat().map((w) => w.text).join(' ');
  const body = new Set(bodyRows(cells.map((row) => text(row[0]!)), cells.map((row) => text(row[1] ?? [])), table.open));
  return cells.map((row, r) => {
    const inCell = (words: Word[], column: number): Word[] => inLines(words).flat().map((w) => ({ ...w, cell: onPage(page, cellBox(table, r, column)) }));
    if (!body.has(r)) return rowLine(page, [[], inCell(row[1] ?? [], 1)]);
    // a figure cell is one word, as the scan path reads it, whatever spaces its text has
    const figures = row.slice(2).map((words, k): Word[] => {
      if (words.length === 0) return [];
      const [first] = inCell(words, k + 2);
      return [{ ...first!, text: text(words), box: union(words.map((w) => w.box!)) }];
    });
    return rowLine(page, [inCell(row[0]!, 0), inCell(row[1] ?? [], 1), ...figures]);
  });
}

/** Words grouped into the lines they stand on, top to bottom, each line left to right. */
function inLines(words: Word[]): Word[][] {
  const lines: Array<{ middle: number; height: number; words: Word[] }> = [];
  for (const word of [...words].sort((a, b) => a.box!.y + a.box!.height / 2 - (b.box!.y + b.box!.height / 2))) {
    const middle = word.box!.y + word.box!.height / 2;
    const line = lines.find((l) => Math.abs(l.middle - middle) < Math.min(l.height, word.box!.height) / 2);
    if (line) line.words.push(word);
    else lines.push({ middle, height: word.box!.height, words: [word] });
  }
  return lines.map((l) => l.words.sort((a, b) => a.box!.x - b.box!.x));
}

/** A line of the page parted where a blank wider than its letters' height parts it, each part's words spaced. */
function partsOf(line: Word[]): Word[][] {
  const parts: Word[][] = [[]];
  line.forEach((word, i) => {
    const before = line[i - 1];
    if (before && word.box!.x - (before.box!.x + before.box!.width) > 1.2 * word.box!.height) parts.push([]);
    parts.at(-1)!.push({ ...word, gap: parts.at(-1)!.length === 0 ? '' : ' ' });
  });
  return parts;
}

const ROW_NUMBER = /^\d{1,3}$/;

/**
 * The rows of tables drawn without rules, each line of three parts or more (or two, the first a
 * row number) cut into its table's columns. A table is the run of lines whose numbered rows count
 * up (a number that does not starts the next table); its columns are parted by the strips of the
 * page no word of its rows crosses, so a narrow gap ("10 Sở Y tế") still parts two cells and a
 * blank cell keeps its place. Also returns the lines taken into a row as wrapped parts of its cells.
 */
function borderlessRows(lines: Word[][], parts: Word[][][]): { rows: Map<number, Word[][]>; merged: Set<number> } {
  const tables: number[][] = [];
  let current: number[] = [];
  let last = 0;
  let numbered = false;
  parts.forEach((p, i) => {
    const no = ROW_NUMBER.test(p[0]![0]!.text) ? Number(p[0]![0]!.text) : null;
    // a numbered row whose name runs up to its first figure shows only two parts
    if (p.length < (no === null ? 3 : 2)) return;
    // a header line after numbered rows, or a number that does not count up, starts another table
    if ((no !== null && no <= last) || (no === null && numbered)) {
      tables.push(current);
      [current, last, numbered] = [[], 0, false];
    }
    current.push(i);
    if (no !== null) [last, numbered] = [no, true];
  });
  tables.push(current);
  const rows = new Map<number, Word[][]>();
  const merged = new Set<number>();
  for (const table of tables) {
    const body = table.filter((i) => ROW_NUMBER.test(parts[i]![0]![0]!.text));
    if (body.length === 0) continue;
    // a numbered row with the lines between rows nearest it: a cell's wrapped lines stand above the
    // row's own line where the row centres its cells, or below it
    const nearest = (i: number) => body.reduce((a, b) => (Math.abs(middle(lines[b]!) - middle(lines[i]!)) < Math.abs(middle(lines[a]!) - middle(lines[i]!)) ? b : a));
    const bands = new Map(body.map((b) => [b, [b]]));
    for (let i = body[0]! + 1; i < body.at(-1)!; i++) if (!table.includes(i)) bands.get(nearest(i))!.push(i);
    const edges = columnEdges([...bands.values()].map((band) => band.map((i) => lines[i]!)));
    for (const i of table) rows.set(i, cut(lines[i]!, edges));
    // a wrapped line with words in one column only is part of that cell of its row, its lines in
    // the order they stand
    for (const [row, band] of bands) {
      const wrapped = band.slice(1).filter((i) => cut(lines[i]!, edges).filter((c) => c.length > 0).length === 1);
      const order = [row, ...wrapped].sort((a, b) => middle(lines[a]!) - middle(lines[b]!));
      rows.set(row, rows.get(row)!.map((_, column) => order.flatMap((i) => (i === row ? rows.get(row)! : cut(lines[i]!, edges))[column]!)));
      for (const i of wrapped) merged.add(i);
    }
  }
  return { rows, merged };
}

/** Where a line stands down the page: the middle of its words' boxes. */
const middle = (line: Word[]): number => line.reduce((sum, w) => sum + w.box!.y + w.box!.height / 2, 0) / line.length;

/** A line's words in the columns the edges part. */
function cut(line: Word[], edges: number[]): Word[][] {
  const cells: Word[][] = Array.from({ length: edges.length + 1 }, () => []);
  for (const word of line) cells[edges.filter((edge) => edge <= word.box!.x + word.box!.width / 2).length]!.push(word);
  return cells;
}

/**
 * Where a table's columns part: the middle of each strip across its rows that no word covers,
 * wider than a sliver. Not an edge: a strip with words right of it in fewer than half the rows,
 * nor one narrower than a letter between two columns of words, both spaces between the words of
 * names that happen to line up ("Sở | Nội vụ", "Sở | Tư pháp"). Each row is its lines.
 */
function columnEdges(rows: Word[][][]): number[] {
  const words = rows.flat(2);
  const height = median(words.map((w) => w.box!.height));
  const left = Math.min(...words.map((w) => w.box!.x));
  const right = Math.max(...words.map((w) => w.box!.x + w.box!.width));
  const covered = new Uint8Array(right - left);
  for (const w of words) covered.fill(1, w.box!.x - left, w.box!.x + w.box!.width - left);
  const strips: Array<{ at: number; width: number }> = [];
  for (let x = 0; x < covered.length; ) {
    if (covered[x]) {
      x++;
      continue;
    }
    const start = x;
    while (x < covered.length && !covered[x]) x++;
    if (x - start >= 0.15 * height) strips.push({ at: left + (start + x) / 2, width: x - start });
  }
  const wordy = (cells: Word[][]) => cells.filter((c) => c.length > 0 && c.some((w) => /\p{L}{2}/u.test(w.text))).length * 2 > cells.filter((c) => c.length > 0).length;
  for (let space = 0; space >= 0; ) {
    const edges = strips.map((s) => s.at);
    const columns = rows.map((lines) => cut(lines.flat(), edges));
    const column = (k: number) => columns.map((cells) => cells[k]!);
    space = strips.findIndex((strip, k) => column(k + 1).filter((c) => c.length > 0).length * 2 < rows.length || (strip.width < height && wordy(column(k)) && wordy(column(k + 1))));
    if (space >= 0) strips.splice(space, 1);
  }
  return strips.map((s) => s.at);
}
