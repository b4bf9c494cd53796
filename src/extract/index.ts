import type { DocumentContext } from '../context.js';
import type { Layout } from '../segment/index.js';
import { readDocument, type DocumentMeta } from './document.js';
import { readRows, type RawTable } from './rows.js';
import { readSummary, type Summary } from './summary.js';

export interface Extracted {
  document: DocumentMeta;
  summary: Summary;
  tables: RawTable[];
}

/** Reads the letterhead, the body's headline figures and every table's rows, still as printed. */
export function extract(layout: Layout, context: DocumentContext): Extracted {
  const tables = layout.tables.map(readRows);
  for (const table of tables)
    if (table.rows.length === 0) context.warn('table-empty', `the ${table.kind} table (${table.source}) has no rows that could be read`, { table: table.kind });
  return { document: readDocument([...layout.body, ...layout.tables.flatMap((t) => [t.heading, ...t.lines])], context), summary: readSummary(layout.body), tables };
}

export type { RawTable, RawRow, Stray } from './rows.js';
export type { DocumentMeta } from './document.js';
export type { Summary, SummaryField } from './summary.js';
