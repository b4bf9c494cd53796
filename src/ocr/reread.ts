import type { DispatchRecord } from '../record/schema.js';
import { tablesOf } from '../reports/index.js';
import type { Provenance, ScanLine } from '../model/index.js';

/** A table cell worth reading again: the scan line it came from and its tab position. */
export interface DoubtfulCell {
  line: number;
  position: number;
}

/** Below this OCR confidence a figure is read again even when nothing contradicts it. */
const LOW_CONFIDENCE = 70;

/**
 * The figure cells to read again: every figure of a row the checks found fault with, a figure
 * the two readings disagreed on or the engine was unsure of, and a figure that breaks the order
 * of a column the table is ranked by.
 */
export function doubtfulCells(record: DispatchRecord, provenance: Provenance, lines: ScanLine[]): DoubtfulCell[] {
  const out = new Map<string, DoubtfulCell>();
  const add = (line: number, position: number) => {
    if (lines[line - 1]?.cells?.[position]) out.set(`${line}:${position}`, { line, position });
  };
  for (const table of tablesOf(record)) {
    const kind = table.id;
    const rows = provenance[kind] ?? [];
    const { columns } = table;
    const flagged = new Set(record.issues.filter((i) => i.table === kind && i.no !== null && i.field !== 'unit').map((i) => i.no));
    rows.forEach((row, index) => {
      const scan = lines[row.line - 1];
      columns.forEach((column, k) => {
        const position = k + 2;
        const source = scan?.cells?.[position];
        const disagreed = new Set(scan?.readings?.[position]?.map((r) => r.text)).size > 1;
        const unsure = source?.confidence !== null && source?.confidence !== undefined && source.confidence < LOW_CONFIDENCE;
        if (flagged.has(row.no) || disagreed || unsure || breaksOrder(rows, index, column.field, column.ranked !== undefined)) add(row.line, position);
      });
    });
  }
  return [...out.values()];
}

/** Whether a value of a ranked column lies outside its neighbours' order, the rest being in order. */
function breaksOrder(rows: NonNullable<Provenance[keyof Provenance]>, index: number, field: string, ranked: boolean | undefined): boolean {
  if (!ranked) return false;
  const values = rows.map((r) => r.cells[field]?.value ?? null);
  const known = values.filter((v): v is number => v !== null);
  if (known.length < 4) return false;
  let rising = 0;
  let falling = 0;
  for (let i = 1; i < known.length; i++) {
    if (known[i]! >= known[i - 1]!) rising++;
    if (known[i]! <= known[i - 1]!) falling++;
  }
  const direction = rising >= 0.9 * (known.length - 1) ? 1 : falling >= 0.9 * (known.length - 1) ? -1 : 0;
  const value = values[index];
  if (direction === 0 || value === null || value === undefined) return false;
  const before = values.slice(0, index).filter((v): v is number => v !== null).at(-1);
  const after = values.slice(index + 1).find((v): v is number => v !== null);
  return (before !== undefined && (value - before) * direction < 0) || (after !== undefined && (after - value) * direction < 0);
}
