/** The text as the stages read it: lines, and the blocks of them a report's tables are printed on. */
import type { TableSpec } from '../reports/index.js';

/** One reading of a table cell by an OCR engine, with the engine's confidence (0–100) in it. */
export interface CellReading {
  text: string;
  confidence: number | null;
}

export interface Line {
  /** 1-based line number in the input, so messages can point back to it. */
  number: number;
  text: string;
  /**
   * Every reading of the line's tab-separated cells, where the source offers several (a scan's
   * figure read more than one way): `readings[k]` for cell k. The text holds the first of them.
   */
  readings?: CellReading[][];
}

export interface NormalisedText {
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
