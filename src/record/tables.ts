import { reportKind, type TableSpec } from '../reports/index.js';

export type { ColumnSpec, ColumnType, TableSpec } from '../reports/index.js';

/**
 * The tables of the IT-usage report, the kind whose record contract the outputs were first
 * written for: a view of lang-data/reports/it-usage.json, not a second description.
 */
export type TableKind = string;

const itUsage = reportKind('it-usage');

export const TABLES: Record<TableKind, TableSpec> = Object.fromEntries(itUsage.tables.map((t) => [t.id, t]));
export const TABLE_KINDS: TableKind[] = itUsage.tables.map((t) => t.id);
