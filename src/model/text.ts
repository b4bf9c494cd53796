/**
 * The document as every input becomes it: pages of blocks of lines of words. The text path
 * builds it from text (no boxes), the scan path from OCR (every word with its box on the page);
 * the stages after read only this.
 */
import type { TableSpec } from '../reports/index.js';
import type { Affine } from './geometry.js';

/** One reading of a word or a table cell by an OCR engine, with the engine's confidence (0–100) in it. */
export interface CellReading {
  text: string;
  confidence: number | null;
}

/** A region of a page, in the pixels of the page as it was straightened. */
export interface Box {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Word {
  /**
   * As read. A scanned figure cell is one word, whatever spaces the engine put in it; one the
   * engine read nothing in, though it holds ink, is a word with no text, so it can be read again.
   */
  text: string;
  /** The white space before it in its line: a tab between table cells (two for a blank cell between), else a space. */
  gap: string;
  /** The engine's confidence, 0–100; null for typed text. */
  confidence: number | null;
  /** Other readings of the same ink (a figure read from the grey image and from the black-and-white one). */
  alternatives: CellReading[];
  /** Where its ink is; null for text that came as text. */
  box: Box | null;
  /** The ruled table cell it was read in, on a scan. */
  cell: Box | null;
}

export interface Line {
  /** 1-based line number in the document's text, so messages can point back to it. */
  number: number;
  page: number;
  /** The words with their gaps, as one string: what the stages that read text by patterns see. */
  text: string;
  words: Word[];
}

/** Lines that belong together: a paragraph of text, or the rows of a ruled table found on a scan. */
export interface Block {
  kind: 'text' | 'table';
  lines: Line[];
  /**
   * A scanned table whose rows a page break leaves open: its first row ends one begun on the
   * page before, its last runs on to the next page.
   */
  open?: { top: boolean; bottom: boolean };
}

export interface Page {
  number: number;
  blocks: Block[];
  /**
   * On a page read by OCR: where a point of its pixels (its words' boxes) is on the input page, in
   * PDF user space (points, from the bottom left), the straightening undone.
   */
  toPage?: Affine;
}

export interface DocumentModel {
  pages: Page[];
  /** Every line of every page in reading order (the same objects the blocks hold). */
  lines: Line[];
}

export interface TableBlock {
  table: TableSpec;
  /** Tables the body quotes are also printed in the appendix; the appendix copy comes first. */
  source: 'appendix' | 'body';
  /** The heading or title line the table was found by. */
  heading: Line;
  lines: Line[];
}

export interface Layout {
  /** Everything before the first appendix: letterhead, body, signature. */
  body: Line[];
  tables: TableBlock[];
}
