import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LANG_DATA_DIR } from '../lang/langData.js';

/**
 * Report kinds as data: each file in lang-data/reports/ describes one kind of dispatch, how it is
 * recognised, its headline figures, its tables, their columns and the rules that hold between
 * them. Every stage reads the kind from here; adding a kind is adding a file.
 */
const phrase = z.string().min(2);

const ruleSchema = z.discriminatedUnion('rule', [
  z.object({
    rule: z.literal('sum'),
    /** `field` = the sum of `of`. */
    field: z.string(),
    of: z.array(z.string()).min(2),
    severity: z.enum(['error', 'warning']).default('error'),
    code: z.string().default('sum-mismatch'),
  }),
  z.object({
    rule: z.literal('rate'),
    /** `field` is the percentage `count` is of `base`, as the report rounds it; `complement` is the rate of the rest. */
    field: z.string(),
    count: z.string(),
    base: z.string(),
    complement: z.string().optional(),
    severity: z.enum(['error', 'warning']).default('error'),
    code: z.string().default('rate-mismatch'),
  }),
]);

const columnSchema = z.object({
  field: z.string().regex(/^[a-z][A-Za-z0-9]*$/),
  /** count: a whole number ≥ 0; rate: a percentage 0–100; score: a small mark 0–10. */
  type: z.enum(['count', 'rate', 'score']),
  /**
   * Dispatches list the rows in this order of the column, which bounds a value by its neighbours':
   * rising, falling, or either (a report that ranks the table one way one quarter, the other way the next).
   */
  ranked: z.enum(['ascending', 'descending', 'either']).optional(),
  /** The headline figure of the body this column sums to. */
  headline: z.string().optional(),
  /** Words of the column's header cell, to recognise the table by. */
  header: z.array(phrase).default([]),
});

const tableSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9]*$/),
  title: z.string(),
  /** Which appendix (phụ lục) prints the table, and which numbered section of it; null when it has none. */
  appendix: z.number().int().positive().nullable(),
  section: z.number().int().positive().nullable(),
  /** The body quotes the table too (a copy to merge with the appendix's). */
  quotedInBody: z.boolean().default(false),
  /** Phrases of the table's heading. */
  phrases: z.array(phrase).min(1),
  columns: z.array(columnSchema).min(1),
  rules: z.array(ruleSchema).default([]),
});

const headlineSchema = z.object({ field: z.string(), before: phrase.optional(), after: phrase.optional() }).refine((h) => h.before || h.after, 'a headline needs words before or after its figure');

export const reportKindSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    title: z.string(),
    /** The unit dictionary in lang-data/ the tables' names are matched against. */
    units: z.string(),
    recognition: z.object({
      phrases: z.array(phrase).min(1),
      minimum: z.number().int().positive(),
      /**
       * Of these, one at least must be found too: what only this kind of dispatch prints (its
       * appendix, its systems' names), where its other phrases are common to dispatches on the
       * same subject (a plan on digital government speaks of electronic documents too).
       */
      distinctive: z.array(phrase).default([]),
    }),
    headlines: z.array(headlineSchema).default([]),
    headlineRules: z.array(ruleSchema).default([]),
    tables: z.array(tableSchema).min(1),
  })
  .superRefine((kind, ctx) => {
    const headlines = new Set(kind.headlines.map((h) => h.field));
    const fields = (rule: Rule) => (rule.rule === 'sum' ? [rule.field, ...rule.of] : [rule.field, rule.count, rule.base, ...(rule.complement ? [rule.complement] : [])]);
    for (const rule of kind.headlineRules)
      for (const f of fields(rule)) if (!headlines.has(f)) ctx.addIssue({ code: 'custom', message: `headline rule names "${f}", which is no headline` });
    for (const table of kind.tables) {
      const columns = new Set(table.columns.map((c) => c.field));
      if (columns.size !== table.columns.length) ctx.addIssue({ code: 'custom', message: `table ${table.id} names a column twice` });
      for (const rule of table.rules)
        for (const f of fields(rule)) if (!columns.has(f)) ctx.addIssue({ code: 'custom', message: `a rule of table ${table.id} names "${f}", which is no column` });
      for (const c of table.columns)
        if (c.headline && !headlines.has(c.headline)) ctx.addIssue({ code: 'custom', message: `column ${table.id}.${c.field} sums to "${c.headline}", which is no headline` });
    }
  });

export type ReportKind = z.infer<typeof reportKindSchema>;
export type TableSpec = ReportKind['tables'][number];
export type ColumnSpec = TableSpec['columns'][number];
export type ColumnType = ColumnSpec['type'];
export type Rule = z.infer<typeof ruleSchema>;

/** The largest value each column type holds. */
export const TYPE_MAX: Record<ColumnType, number> = { count: Number.POSITIVE_INFINITY, rate: 100, score: 10 };

/** Reads and checks one report description; a bad file is named with what is wrong in it. */
export function loadReportKind(path: string): ReportKind {
  const parsed = reportKindSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: not a valid report kind: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return parsed.data;
}

let builtIn: ReportKind[] | undefined;

/** The report kinds in lang-data/reports/, in file-name order. */
export function reportKinds(): ReportKind[] {
  const dir = join(LANG_DATA_DIR, 'reports');
  builtIn ??= readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => loadReportKind(join(dir, f)));
  return builtIn;
}

export function reportKind(id: string, among: ReportKind[] = knownReportKinds()): ReportKind {
  const kind = among.find((k) => k.id === id);
  if (!kind) throw new Error(`no report kind "${id}"`);
  return kind;
}

export function tableSpec(kind: ReportKind, table: string): TableSpec {
  const spec = kind.tables.find((t) => t.id === table);
  if (!spec) throw new Error(`report kind ${kind.id} has no table "${table}"`);
  return spec;
}

const registered: ReportKind[] = [];

/** Adds a report kind read from elsewhere (a user's own description) to those the pipeline knows. */
export function registerReportKind(kind: ReportKind): void {
  const at = registered.findIndex((k) => k.id === kind.id);
  if (at >= 0) registered[at] = kind;
  else registered.push(kind);
}

/** Every report kind the pipeline knows: the built-in ones, then those registered. */
export function knownReportKinds(): ReportKind[] {
  return [...reportKinds().filter((k) => !registered.some((r) => r.id === k.id)), ...registered];
}

/**
 * The table descriptions of a record's kind; none for a dispatch of no known kind. Records
 * written before kinds were recorded are IT-usage records.
 */
export function tablesOf(record: { kind?: string }): TableSpec[] {
  return knownReportKinds().find((k) => k.id === (record.kind ?? 'it-usage'))?.tables ?? [];
}
