import type { PreparedPage } from '../preprocess/index.js';
import type { PageLayout, TableGrid } from '../layout/index.js';
import type { Block, Box, Line, Word } from '../model/index.js';
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
  for (const line of inLines(words.filter((w) => !taken.has(w)))) {
    pieces.push({ top: line[0]!.box!.y, block: { kind: 'text', lines: columnsOf(line).map((words) => lineOf(page, words)) } });
  }
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

/**
 * A line of the page parted where a wide blank parts it. Two parts are two columns of text (the
 * letterhead's issuer on the left and national motto on the right, the recipients beside the
 * signature), each its own line, never one across both. Three or more are the cells of a table
 * row drawn without rules: one line, its cells tab-separated.
 */
function columnsOf(line: Word[]): Word[][] {
  const parts: Word[][] = [[]];
  line.forEach((word, i) => {
    const before = line[i - 1];
    if (before && word.box!.x - (before.box!.x + before.box!.width) > 1.2 * word.box!.height) parts.push([]);
    parts.at(-1)!.push({ ...word, gap: parts.at(-1)!.length === 0 ? '' : ' ' });
  });
  return [parts.flatMap((words, k) => words.map((w, i) => (i === 0 && k > 0 ? { ...w, gap: '\t' } : w)))];
}
