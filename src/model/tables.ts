/** A table as it is read: its printed rows and strays, its cells as settled, where each came from. */
import type { Line, TableBlock, Word } from './text.js';
import type { TableSpec } from '../reports/index.js';
import type { UnitMatch } from '../lang/dictionary.js';

/** A cell's value and where it came from. */
export interface Cell {
  value: number | null;
  /** The text the value was read from; null when no text reached this column. */
  raw: string | null;
  /** Characters reinterpreted to read it (0 for a clean number). */
  cost: number;
  line: number;
  /** The words the value was read from (on a scan, their boxes and the cell they were read in). */
  words: Word[];
  /** Why the value is not simply what was printed in its place, when it is not. */
  inferred?: string;
}

export type Cells = Record<string, Cell>;

/** Bounds a ranked column puts on one row's value, from the rows around it. */
export interface Window {
  low: number;
  high: number;
}

/** A figure as printed (a table cell's text, or a piece of a word), the line it stands on, and its words. */
export interface Token {
  text: string;
  line: number;
  words: Word[];
}

export interface FigureCandidate {
  cells: Cells;
  /** Leading tokens given back to the unit's name. */
  dropped: number;
  /** How plausible the reading is, before the ranked columns' bounds are weighed. */
  score: number;
}

/** A table row as printed: its number, its unit's name, and its figures still as text. */
export interface RawRow {
  no: number;
  /** The number was not printed (or not read); the row's place in the sequence gave it. */
  noInferred: boolean;
  line: number;
  label: string;
  labelWords: Word[];
  /**
   * The figures. With `positional`, cell k is column k (tab-separated text, where an empty cell
   * is a blank); otherwise they are tokens in order and the repair stage decides which column
   * each belongs to, joining split numbers.
   */
  cells: Token[];
  positional: boolean;
  /**
   * How many of the leading cells look more like words than numbers ("t6i" for "tải",
   * "H0" for "Hồ"): they may end the name instead. The repair stage decides, by the columns.
   */
  optionalLead: number;
}

/** Text inside a table that belongs to no row where it stands: a displaced name or figure. */
export interface Stray {
  kind: 'label' | 'number';
  text: string;
  line: number;
  words: Word[];
  /** Index of the row it followed, -1 before the first row. */
  after: number;
}

export interface RawTable {
  table: TableSpec;
  /** The lines the table was printed on, for reading it again from its tokens. */
  lines: Line[];
  source: TableBlock['source'];
  rows: RawRow[];
  strays: Stray[];
  /** The "Tổng cộng" (total) row, where the table prints one. */
  total: RawRow | null;
}

export interface Labelled {
  no: number;
  line: number;
  label: string;
  labelWords: Word[];
  match: UnitMatch | null;
}

export interface RepairedRow extends Labelled {
  cells: Cells;
}

export interface RepairedTable {
  table: TableSpec;
  rows: RepairedRow[];
  total: Cells | null;
}

export type RepairedTables = Record<string, RepairedTable>;

export interface AssembledRow extends RawRow {
  /** The figures read into their columns. */
  read: Cells;
  /** The items the row's figures were, among those cut into rows. */
  figureItems: number[];
  ambiguous: string[];
}

export interface AssembledTable {
  rows: AssembledRow[];
  strays: Stray[];
  total: RawRow | null;
  /** What the text's layout alone says for this reading, weighed with its values' evidence. */
  prior?: number;
  /** Columns printed one figure short of the rows: which row lacks it the text does not say, so their cells stay null. */
  shortColumns?: Array<{ field: string; figures: number }>;
}

/** Where each row of the record was read: its line, the words of its unit's name, and each cell's printed text and how it was settled. */
export type Provenance = Record<string, Array<{ no: number; line: number; labelWords: Word[]; cells: Cells }>>;
