import type { DocumentContext } from '../context.js';
import type { ReportKind } from '../reports/index.js';
import { readDocument } from './document.js';
import { readRows } from './rows.js';
import { readSummary } from './summary.js';
import type { Extracted, Layout } from '../model/index.js';

/** Reads the letterhead, the body's headline figures and every table's rows, still as printed. */
export function extract(layout: Layout, kind: ReportKind, context: DocumentContext): Extracted {
  const tables = layout.tables.map(readRows);
  for (const { table, source, rows } of tables)
    if (rows.length === 0) context.warn('table-empty', `the ${table.id} table (${source}) has no rows that could be read`, { table: table.id });
  return { document: readDocument([...layout.body, ...layout.tables.flatMap((t) => [t.heading, ...t.lines])], context), summary: readSummary(layout.body, kind, context), tables };
}

