/** Building and reading the document model's lines: the one place a line's text and its words are tied. */
import type { Box, DocumentModel, Line, Page, Word } from './text.js';

/** A typed text's words, each with the white space before it. */
export function wordsOfText(text: string): Word[] {
  return [...text.matchAll(/(\s*)(\S+)/g)].map(([, gap, word]) => ({ text: word!, gap: gap!, confidence: null, alternatives: [], box: null, cell: null }));
}

/** A line's text: its words with their gaps. */
export const textOf = (words: Word[]): string => words.map((w) => w.gap + w.text).join('');

/** A line of typed text. */
export function lineOfText(number: number, text: string, page = 1): Line {
  return { number, page, text, words: wordsOfText(text) };
}

/** A line's tab-separated cells, each as its words (a blank cell has none). */
export function cellsOf(line: Line): Word[][] {
  const tabs = (space: string) => (space.match(/\t/g) ?? []).length;
  const cells: Word[][] = [[]];
  for (const word of line.words) {
    for (let n = tabs(word.gap); n > 0; n--) cells.push([]);
    cells.at(-1)!.push(word);
  }
  // blank cells at a row's end leave only their tabs, after the last word
  for (let n = tabs(line.text.slice(textOf(line.words).length)); n > 0; n--) cells.push([]);
  return cells;
}

/** A cell's text: its words joined by the spaces between them. */
export const cellText = (words: Word[]): string => words.map((w, i) => (i === 0 ? '' : w.gap) + w.text).join('');

/** The model of pages read in order: their lines numbered through the document. */
export function documentOf(pages: Page[]): DocumentModel {
  const lines = pages.flatMap((page) => page.blocks.flatMap((block) => block.lines));
  lines.forEach((line, i) => Object.assign(line, { number: i + 1 }));
  return { pages, lines };
}

/** The words a run of tokens was read from, each once (a word cut by a rule gives two tokens). */
export const wordsOf = (tokens: Array<{ words: Word[] }>): Word[] => [...new Set(tokens.flatMap((t) => t.words))];

/** A figure cell of a scanned table: one word, read in a ruled cell. */
export type ScannedCell = Word & { cell: Box };

/** The scanned table cell a value was read from, where it was one. */
export function scannedCell(words: Word[]): ScannedCell | null {
  const [word] = words;
  return words.length === 1 && word!.cell !== null ? (word as ScannedCell) : null;
}
