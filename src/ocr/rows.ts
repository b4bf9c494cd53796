/**
 * How a page's ruled tables become lines of the document model, whoever reads their cells (the OCR
 * engine, or a born-digital page's own text): a line a row, its cells tab-separated, every word
 * tied to the ruled cell it lies in.
 */
import type { TableGrid } from '../layout/index.js';
import { comparisonForm } from '../lang/fold.js';
import { textOf, type Box, type Line, type Word } from '../model/index.js';
import type { OcrBox } from './pool.js';

/** A line of the model from words in order; its number is given when the document is put together. */
export const lineOf = (page: { page: number }, words: Word[]): Line => ({ number: 0, page: page.page, text: textOf(words), words });

/** The inside of a table's cell, clear of its rules. */
export function cellBox(table: TableGrid, row: number, column: number): OcrBox {
  const inset = table.rule + 2;
  const x = table.columns[column]! + inset;
  const y = Math.round(table.rows[row]!) + inset;
  return { x, y, width: Math.max(1, table.columns[column + 1]! - inset - x), height: Math.max(1, Math.round(table.rows[row + 1]!) - inset - y) };
}

const HEADER_WORDS = ['ten co quan', 'ten don vi', 'don vi'];

/** Whether a name cell is a column title ("Tên cơ quan, đơn vị"). */
export function isHeader(name: string): boolean {
  const form = comparisonForm(name);
  return HEADER_WORDS.some((w) => form.includes(w));
}

/**
 * The body rows of a table, from its number and name cells' text: header rows name the columns;
 * the first row is one too when its number cell holds no number, unless it ends a row begun on the
 * page before.
 */
export function bodyRows(numbers: string[], names: string[], open: TableGrid['open']): number[] {
  return names.flatMap((name, r) => (!isHeader(name) && (/^\d{1,3}$/.test(numbers[r]!) || r > 0 || open.top) ? [r] : []));
}

/** A table row's line: its cells' words, each cell's first word after a tab (two for a blank cell between). */
export function rowLine(page: { page: number }, cells: Word[][]): Line {
  let tabs = '';
  const words = cells.flatMap((words, k) => {
    if (k > 0) tabs += '\t';
    if (words.length === 0) return [];
    const placed = words.map((w, i) => ({ ...w, gap: i === 0 ? tabs : ' ' }));
    tabs = '';
    return placed;
  });
  // blank cells at the row's end still count: the text keeps their tabs
  return { ...lineOf(page, words), text: textOf(words) + tabs };
}

/** A box of the page, on its page. */
export const onPage = (page: { page: number }, b: OcrBox): Box => ({ page: page.page, x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) });

/** How far two boxes share their widths, and their heights (negative where they lie apart). */
export const sharedWidth = (a: Box, b: Box) => Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
export const sharedHeight = (a: Box, b: Box) => Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);

/** The smallest box around boxes of one page. */
export function union(boxes: Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const width = Math.max(...boxes.map((b) => b.x + b.width)) - x;
  const height = Math.max(...boxes.map((b) => b.y + b.height)) - y;
  return { page: boxes[0]!.page, x, y, width, height };
}
