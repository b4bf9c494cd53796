import type { DocumentContext } from '../context.js';
import type { Extracted } from '../extract/index.js';
import type { RepairedTables } from '../repair/index.js';
import type { Cells } from '../repair/cells.js';
import { recordSchema, type DispatchRecord } from '../record/schema.js';
import { TABLES, TABLE_KINDS, type TableKind } from '../record/tables.js';
import { rateAgrees } from '../record/arithmetic.js';

/** Where each value of a record came from: the row's line, each cell's printed text and how it was settled. */
export type Provenance = Partial<Record<TableKind, Array<{ no: number; line: number; cells: Cells }>>>;

export interface Validated {
  record: DispatchRecord;
  provenance: Provenance;
}

/**
 * Builds the record and checks it against the report's own arithmetic. A broken rule becomes an
 * issue; a value is never changed, except a missing one the arithmetic settles uniquely, which is
 * filled in and marked as inferred.
 */
export function validate(extracted: Extracted, tables: RepairedTables, context: DocumentContext): Validated {
  inferFromArithmetic(tables, context);
  const record: DispatchRecord = {
    document: extracted.document,
    summary: extracted.summary,
    tables: { idesk: [], igate: [], interlink: [], level3: [] },
    issues: [],
  };
  const provenance: Provenance = {};
  for (const kind of TABLE_KINDS) {
    const table = tables[kind];
    if (!table) {
      context.warn('table-missing', `the ${kind} table was not found`, { table: kind });
      continue;
    }
    provenance[kind] = table.rows.map((r) => ({ no: r.no, line: r.line, cells: r.cells }));
    (record.tables[kind] as object[]) = table.rows.map((row) => ({
      no: row.no,
      unit: row.match?.name ?? null,
      unitId: row.match?.unitId ?? null,
      ...Object.fromEntries(TABLES[kind].columns.map((c) => [c.field, row.cells[c.field]!.value])),
    }));
    checkSequence(kind, table.rows.map((r) => r.no), context);
    checkColumnTotals(kind, table.rows.map((r) => r.cells), table.total, context);
  }
  checkIgateRows(record, context);
  checkHeadlines(record, context);

  record.issues = context.messages.map(({ severity, code, table, no, field, message }) => ({ severity, code, table, no, field, message }));
  const parsed = recordSchema.safeParse(record);
  if (!parsed.success) {
    for (const problem of parsed.error.issues)
      record.issues.push({ severity: 'error', code: 'schema', table: null, no: null, field: problem.path.join('.'), message: problem.message });
  }
  return { record, provenance };
}

/** iGate rows: resolved = onTime + late settles one missing count of the three. */
function inferFromArithmetic(tables: RepairedTables, context: DocumentContext): void {
  for (const row of tables.igate?.rows ?? []) {
    const { resolved, onTime, late } = row.cells;
    const known = [resolved, onTime, late].filter((c) => c!.value !== null).length;
    if (known !== 2) continue;
    const fill = (field: string, value: number, rule: string) => {
      if (value < 0) return;
      row.cells[field] = { ...row.cells[field]!, value, inferred: rule };
      context.warn('inferred', `row ${row.no}: ${field} = ${value}, not legible, settled by ${rule}`, { table: 'igate', no: row.no, field, line: row.line });
    };
    if (resolved!.value === null) fill('resolved', onTime!.value! + late!.value!, 'resolved = onTime + late');
    else if (onTime!.value === null) fill('onTime', resolved!.value - late!.value!, 'onTime = resolved − late');
    else fill('late', resolved!.value - onTime!.value, 'late = resolved − onTime');
  }
  // a printed total settles the one missing cell of its column
  for (const kind of TABLE_KINDS) {
    const table = tables[kind];
    if (!table?.total) continue;
    for (const column of TABLES[kind].columns) {
      if (column.type !== 'count') continue;
      const total = table.total[column.field]!.value;
      const missing = table.rows.filter((r) => r.cells[column.field]!.value === null);
      if (total === null || missing.length !== 1) continue;
      const rest = table.rows.reduce((sum, r) => sum + (r.cells[column.field]!.value ?? 0), 0);
      const row = missing[0]!;
      if (total - rest < 0) continue;
      row.cells[column.field] = { ...row.cells[column.field]!, value: total - rest, inferred: 'column total' };
      context.warn('inferred', `row ${row.no}: ${column.field} = ${total - rest}, not legible, settled by the printed total ${total}`, { table: kind, no: row.no, field: column.field, line: row.line });
    }
  }
}

function checkSequence(kind: TableKind, numbers: number[], context: DocumentContext): void {
  numbers.forEach((no, i) => {
    if (no !== i + 1) context.error('row-sequence', `row numbers should run 1..${numbers.length}; position ${i + 1} holds row ${no}`, { table: kind, no });
  });
}

function checkColumnTotals(kind: TableKind, rows: Cells[], total: Cells | null, context: DocumentContext): void {
  if (!total) return;
  for (const column of TABLES[kind].columns) {
    const printed = total[column.field]!.value;
    if (column.type !== 'count' || printed === null || rows.some((r) => r[column.field]!.value === null)) continue;
    const sum = rows.reduce((s, r) => s + r[column.field]!.value!, 0);
    if (sum !== printed) context.error('total-mismatch', `${column.field} sums to ${sum} but the table's total row says ${printed}`, { table: kind, field: column.field });
  }
}

function checkIgateRows(record: DispatchRecord, context: DocumentContext): void {
  for (const row of record.tables.igate) {
    const where = { table: 'igate' as const, no: row.no };
    if (row.resolved !== null && row.onTime !== null && row.late !== null && row.resolved !== row.onTime + row.late)
      context.error('resolved-sum', `row ${row.no}: resolved ${row.resolved} ≠ on time ${row.onTime} + late ${row.late}`, { ...where, field: 'resolved' });
    for (const [count, rate, other, field] of [
      [row.onTime, row.onTimeRate, row.lateRate, 'onTimeRate'],
      [row.late, row.lateRate, row.onTimeRate, 'lateRate'],
    ] as const) {
      if (count === null || rate === null || row.resolved === null || row.resolved === 0) continue;
      if (!rateAgrees(count, row.resolved, rate, other))
        context.error('rate-mismatch', `row ${row.no}: ${field} is printed ${rate} but ${count}/${row.resolved} is ${((100 * count) / row.resolved).toFixed(1)}%`, { ...where, field });
    }
  }
  const units = new Map<string, number>();
  for (const kind of TABLE_KINDS)
    for (const row of record.tables[kind]) {
      if (row.unitId === null) continue;
      const key = `${kind}:${row.unitId}`;
      if (units.has(key)) context.error('unit-repeated', `${row.unit} appears in rows ${units.get(key)} and ${row.no}`, { table: kind, no: row.no, field: 'unit' });
      units.set(key, row.no);
    }
}

/** The body's headline figures against the appendix columns they summarise. */
function checkHeadlines(record: DispatchRecord, context: DocumentContext): void {
  const checks: Array<[number | null, TableKind, string, string]> = [
    [record.summary.documentsSent, 'idesk', 'sent', 'documentsSent'],
    [record.summary.documentsReceived, 'idesk', 'received', 'documentsReceived'],
    [record.summary.dossiersReceived, 'igate', 'received', 'dossiersReceived'],
    [record.summary.dossiersResolved, 'igate', 'resolved', 'dossiersResolved'],
    [record.summary.level3Dossiers, 'level3', 'dossiers', 'level3Dossiers'],
  ];
  for (const [headline, kind, field, name] of checks) {
    const rows = record.tables[kind] as Array<Record<string, unknown>>;
    if (headline === null || rows.length === 0) continue;
    const values = rows.map((r) => r[field] as number | null);
    if (values.some((v) => v === null)) continue;
    const sum = values.reduce<number>((s, v) => s + v!, 0);
    if (sum !== headline) context.warn('headline-mismatch', `the body gives ${name} ${headline}, the ${kind} column ${field} sums to ${sum}`, { table: kind, field });
  }
  const { documentsTotal, documentsSent, documentsReceived } = record.summary;
  if (documentsTotal !== null && documentsSent !== null && documentsReceived !== null && documentsTotal !== documentsSent + documentsReceived)
    context.warn('headline-mismatch', `the body's document total ${documentsTotal} ≠ sent ${documentsSent} + received ${documentsReceived}`, { field: 'documentsTotal' });
}
