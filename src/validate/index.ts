import type { DocumentContext, Where } from '../context.js';
import { recordSchemaFor, type DispatchRecord, type TableRow } from '../record/schema.js';
import type { ReportKind, TableSpec } from '../reports/index.js';
import { checkRules, describe, misreadRates, settle, type RuleCheck } from '../reports/rules.js';
import { valuesOf } from '../repair/cells.js';
import type { Cells, Extracted, Provenance, RepairedTables } from '../model/index.js';

export interface Validated {
  record: DispatchRecord;
  provenance: Provenance;
}

/**
 * Builds the record and checks it against the report's own rules. A broken rule becomes an
 * issue; a value is never changed, except a missing one a rule settles uniquely, which is
 * filled in and marked as inferred, and, in text an OCR engine read, a rate it misread as another
 * figure of the same length, which its row's counts settle (see `misreadRates`). In text as
 * printed, a rate that breaks its rule is the report's own slip, and is reported, not mended.
 */
export function validate(kind: ReportKind, extracted: Extracted, tables: RepairedTables, context: DocumentContext, { read = false } = {}): Validated {
  if (read) mendMisreadRates(kind, tables, context);
  infer(kind, tables, context);
  const record: DispatchRecord = { kind: kind.id, document: extracted.document, summary: extracted.summary, tables: {}, issues: [] };
  const provenance: Provenance = {};
  for (const spec of kind.tables) {
    const table = tables[spec.id];
    record.tables[spec.id] = [];
    if (!table) {
      context.warn('table-missing', `the ${spec.id} table was not found`, { table: spec.id });
      continue;
    }
    provenance[spec.id] = table.rows.map((r) => ({ no: r.no, line: r.line, labelWords: r.labelWords, cells: r.cells }));
    record.tables[spec.id] = table.rows.map((row) => ({
      no: row.no,
      unit: row.match?.name ?? null,
      unitId: row.match?.unitId ?? null,
      unitAsRead: asRead(row.label),
      ...Object.fromEntries(spec.columns.map((c) => [c.field, row.cells[c.field]!.value])),
    }));
    checkSequence(spec.id, table.rows.map((r) => r.no), context);
    checkColumnTotals(spec, table.rows.map((r) => r.cells), table.total, context);
    checkRows(spec, record.tables[spec.id]!, context);
  }
  checkHeadlines(kind, record, context);

  record.issues = context.messages.map(({ severity, code, table, no, field, message }) => ({ severity, code, table, no, field, message }));
  const parsed = recordSchemaFor(kind).safeParse(record);
  if (!parsed.success) {
    for (const problem of parsed.error.issues)
      record.issues.push({ severity: 'error', code: 'schema', table: null, no: null, field: problem.path.join('.'), message: problem.message });
  }
  return { record, provenance };
}

/** A row's name as the input gives it, the table's rules and runs of spaces aside: all a unit the dictionary does not know has. */
const asRead = (label: string): string | null => label.replace(/[|¦]/g, ' ').replace(/\s+/g, ' ').trim() || null;

/** Digits and decimal mark of a figure as printed ("78,3" and "16.5" alike), so a misread is known from a figure of another length. */
const shapeOf = (printed: string) => `${printed.replace(/[^\p{L}\p{N}]/gu, '').length}${/[.,]\S/.test(printed) ? '.' : ''}`;

function mendMisreadRates(kind: ReportKind, tables: RepairedTables, context: DocumentContext): void {
  for (const spec of kind.tables)
    for (const row of tables[spec.id]?.rows ?? [])
      for (const solved of misreadRates(spec.rules, valuesOf(row.cells))) {
        const cell = row.cells[solved.field]!;
        if (cell.raw === null || shapeOf(cell.raw) !== shapeOf(String(solved.value))) continue;
        const how = describe(solved.rule, solved.field);
        row.cells[solved.field] = { ...cell, value: solved.value, inferred: how };
        context.warn('figure-mended', `row ${row.no}: ${solved.field} = ${solved.value}, read as "${cell.raw}", which the row's counts contradict; settled by ${how}`, { table: spec.id, no: row.no, field: solved.field, line: row.line });
      }
}

/** Missing values the rules settle: a row's, one settling the next, or the one missing cell under a printed total. */
function infer(kind: ReportKind, tables: RepairedTables, context: DocumentContext): void {
  for (const spec of kind.tables) {
    const table = tables[spec.id];
    if (!table) continue;
    for (const row of table.rows)
      for (const solved of settle(spec.rules, valuesOf(row.cells))) {
        const how = describe(solved.rule, solved.field);
        row.cells[solved.field] = { ...row.cells[solved.field]!, value: solved.value, inferred: how };
        context.warn('inferred', `row ${row.no}: ${solved.field} = ${solved.value}, not legible, settled by ${how}`, { table: spec.id, no: row.no, field: solved.field, line: row.line });
      }
    if (!table.total) continue;
    for (const column of spec.columns) {
      if (column.type !== 'count') continue;
      const total = table.total[column.field]!.value;
      const missing = table.rows.filter((r) => r.cells[column.field]!.value === null);
      if (total === null || missing.length !== 1) continue;
      const rest = table.rows.reduce((sum, r) => sum + (r.cells[column.field]!.value ?? 0), 0);
      const row = missing[0]!;
      if (total - rest < 0) continue;
      row.cells[column.field] = { ...row.cells[column.field]!, value: total - rest, inferred: 'column total' };
      context.warn('inferred', `row ${row.no}: ${column.field} = ${total - rest}, not legible, settled by the printed total ${total}`, { table: spec.id, no: row.no, field: column.field, line: row.line });
    }
  }
}

function checkSequence(table: string, numbers: number[], context: DocumentContext): void {
  numbers.forEach((no, i) => {
    if (no !== i + 1) context.error('row-sequence', `row numbers should run 1..${numbers.length}; position ${i + 1} holds row ${no}`, { table, no });
  });
}

function checkColumnTotals(spec: TableSpec, rows: Cells[], total: Cells | null, context: DocumentContext): void {
  if (!total) return;
  for (const column of spec.columns) {
    const printed = total[column.field]!.value;
    if (column.type !== 'count' || printed === null || rows.some((r) => r[column.field]!.value === null)) continue;
    const sum = rows.reduce((s, r) => s + r[column.field]!.value!, 0);
    if (sum !== printed) context.error('total-mismatch', `${column.field} sums to ${sum} but the table's total row says ${printed}`, { table: spec.id, field: column.field });
  }
}

/** Each row against the table's rules, and each unit named once. */
function checkRows(spec: TableSpec, rows: TableRow[], context: DocumentContext): void {
  const seen = new Map<string, number>();
  for (const row of rows) {
    const values = Object.fromEntries(spec.columns.map((c) => [c.field, row[c.field] as number | null]));
    for (const check of checkRules(spec.rules, values)) if (!check.holds) report(context, check, `row ${row.no}: `, { table: spec.id, no: row.no });
    if (row.unitId === null) continue;
    if (seen.has(row.unitId)) context.error('unit-repeated', `${row.unit} appears in rows ${seen.get(row.unitId)} and ${row.no}`, { table: spec.id, no: row.no, field: 'unit' });
    seen.set(row.unitId, row.no);
  }
}

/** The body's headline figures against the columns they summarise, and against each other. */
function checkHeadlines(kind: ReportKind, record: DispatchRecord, context: DocumentContext): void {
  for (const spec of kind.tables)
    for (const column of spec.columns) {
      const headline = column.headline ? record.summary[column.headline] : null;
      const rows = record.tables[spec.id]!;
      if (headline === null || headline === undefined || rows.length === 0) continue;
      const values = rows.map((r) => r[column.field] as number | null);
      if (values.some((v) => v === null)) continue;
      const sum = values.reduce<number>((s, v) => s + v!, 0);
      if (sum !== headline) context.warn('headline-mismatch', `the body gives ${column.headline} ${headline}, the ${spec.id} column ${column.field} sums to ${sum}`, { table: spec.id, field: column.field });
    }
  for (const check of checkRules(kind.headlineRules, record.summary)) if (!check.holds) report(context, check, "the body's ", {});
}

function report(context: DocumentContext, check: RuleCheck, prefix: string, where: Where): void {
  const say = check.rule.severity === 'error' ? context.error : context.warn;
  say.call(context, check.rule.code, prefix + check.message, { ...where, field: check.rule.field });
}
