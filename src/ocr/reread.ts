import type { DispatchRecord } from '../record/schema.js';
import { tablesOf, type ColumnSpec } from '../reports/index.js';
import { orderOf } from '../reports/order.js';
import { scannedCell, type Provenance, type ScannedCell } from '../model/index.js';

/** Below this OCR confidence a figure is read again even when nothing contradicts it. */
const LOW_CONFIDENCE = 70;

/**
 * The figure cells to read again: every figure of a row the checks found fault with, a figure
 * the two readings disagreed on or the engine was unsure of, and a figure that breaks the order
 * of a column the table is ranked by.
 */
export function doubtfulCells(record: DispatchRecord, provenance: Provenance): ScannedCell[] {
  const out = new Set<ScannedCell>();
  for (const table of tablesOf(record)) {
    const kind = table.id;
    const rows = provenance[kind] ?? [];
    const flagged = new Set(record.issues.filter((i) => i.table === kind && i.no !== null && i.field !== 'unit').map((i) => i.no));
    rows.forEach((row, index) => {
      for (const column of table.columns) {
        const word = scannedCell(row.cells[column.field]?.words ?? []);
        if (!word) continue;
        const disagreed = new Set([word.text, ...word.alternatives.map((r) => r.text)].filter((text) => text !== '')).size > 1;
        const unsure = word.confidence !== null && word.confidence < LOW_CONFIDENCE;
        if (flagged.has(row.no) || disagreed || unsure || breaksOrder(rows, index, column.field, column.ranked)) out.add(word);
      }
    });
  }
  return [...out];
}

/** Whether a value of a ranked column lies outside its neighbours' order, the rest being in order. */
function breaksOrder(rows: NonNullable<Provenance[keyof Provenance]>, index: number, field: string, ranked: ColumnSpec['ranked']): boolean {
  const values = rows.map((r) => r.cells[field]?.value ?? null);
  const direction = orderOf(values.filter((v): v is number => v !== null), ranked);
  const value = values[index];
  if (direction === 0 || value === null || value === undefined) return false;
  const before = values.slice(0, index).filter((v): v is number => v !== null).at(-1);
  const after = values.slice(index + 1).find((v): v is number => v !== null);
  return (before !== undefined && (value - before) * direction < 0) || (after !== undefined && (after - value) * direction < 0);
}
