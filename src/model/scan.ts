/** A scan's text as OCR gives it to the text stages. */
import type { CellReading } from './text.js';
import type { CellSource } from '../record/schema.js';

/** One line of the page's text; a table row's line carries the source of each of its cells. */
export interface ScanLine {
  text: string;
  cells?: CellSource[];
  /** Every reading of the row's figure cells, by tab position (see `Line.readings`). */
  readings?: CellReading[][];
}
