import { z } from 'zod';
import { reportKind, TYPE_MAX, type ReportKind } from '../reports/index.js';

/**
 * The record contract reviewers and data tools rely on. Fields may be added; these may not
 * change. A value the input does not settle is null. The shape of `summary` and `tables` is the
 * report kind's (lang-data/reports/); a dispatch of no known kind has none of either, and its
 * ruled tables come as plain grids.
 */
const count = z.number().int().nonnegative().nullable();
const rowNo = z.number().int().positive();

export const issueSchema = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string(),
  table: z.string().nullable(),
  no: z.number().int().nullable(),
  field: z.string().nullable(),
  message: z.string(),
});

/** Where a cell was read on a scan: page, box [x, y, width, height] in page pixels, OCR confidence. */
export const cellSourceSchema = z.object({
  page: z.number().int().positive(),
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  confidence: z.number().min(0).max(100).nullable(),
});

/** Present for scanned input: how each page was straightened, and where each table cell was read. */
export const scanSchema = z.object({
  pages: z.array(
    z.object({
      page: z.number().int().positive(),
      dpi: z.number().positive(),
      source: z.string(),
      quarterTurns: z.number().int(),
      skew: z.number(),
      tables: z.number().int(),
    }),
  ),
  cells: z.record(z.string(), z.array(z.object({ no: z.number().int(), cells: z.record(z.string(), cellSourceSchema) }))),
});

const documentSchema = z.object({
  number: z.string().nullable(),
  issuedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  issuer: z.string().nullable(),
  signer: z.string().nullable(),
  period: z.object({ year: z.number().int().nullable(), quarter: z.number().int().min(1).max(4).nullable() }),
});

/** The registry fields of the letterhead, for a dispatch of any kind; null where the text does not settle one. */
export const letterheadSchema = z.object({
  issuer: z.string().nullable(),
  parentIssuer: z.string().nullable(),
  number: z.string().nullable(),
  place: z.string().nullable(),
  issuedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  documentType: z.string().nullable(),
  subject: z.string().nullable(),
  recipients: z.array(z.string()),
  /** "Nơi nhận": who gets a copy, as the foot lists them, the archive's own copy last. */
  distribution: z.array(z.string()),
  signer: z.string().nullable(),
  signerTitle: z.string().nullable(),
  signingAuthority: z.string().nullable(),
  /** On a scan, each field's confidence, 0–1: the engine's mean confidence in the words of the lines it was read from. */
  confidence: z.record(z.string(), z.number().min(0).max(1)).optional(),
  /** Fields read from the text as restoration mended it: a reviewer checks them against the original. */
  restored: z.array(z.string()).optional(),
});

/** A ruled table as printed, cell by cell, for a dispatch whose kind gives it no columns. */
export const gridSchema = z.object({ page: z.number().int().positive().nullable(), rows: z.array(z.array(z.string())) });

/** What text restoration did: the damage it found, the text as the input gave it, and the words it changed, line by line. */
export const restorationSchema = z.object({
  damage: z.enum(['stripped', 'garbled', 'misread']),
  original: z.string(),
  words: z.number().int().min(0),
  changed: z.number().int().min(0),
  lines: z.array(z.object({ line: z.number().int().positive(), words: z.number().int().min(0), changed: z.number().int().min(0) })),
});

const base = {
  /** The report kind's id, or `unknown`. */
  kind: z.string(),
  document: documentSchema,
  letterhead: letterheadSchema.optional(),
  /** The dispatch's text, for a dispatch of no known kind (a known kind's text is written beside the record). */
  text: z.string().optional(),
  grids: z.array(gridSchema).optional(),
  /** Where the text lost its diacritics or was garbled by an OCR model without Vietnamese: see restorationSchema. */
  restoration: restorationSchema.optional(),
  issues: z.array(issueSchema),
  scan: scanSchema.optional(),
};

/** The schema of records of one report kind: every headline and every column, typed. */
export function recordSchemaFor(kind: ReportKind) {
  const headlines = [...new Set(kind.headlines.map((h) => h.field))];
  const tables = kind.tables.map((table) => {
    const columns = table.columns.map((c) => {
      const value = c.type === 'count' ? count : z.number().min(0).max(TYPE_MAX[c.type]).nullable();
      return [c.field, value] as const;
    });
    return [table.id, z.array(z.object({ no: rowNo, unit: z.string().nullable(), unitId: z.string().nullable(), unitAsRead: z.string().nullable().optional(), ...Object.fromEntries(columns) }))] as const;
  });
  return z.object({
    ...base,
    kind: z.literal(kind.id),
    summary: z.object(Object.fromEntries(headlines.map((h) => [h, count]))),
    tables: z.object(Object.fromEntries(tables)),
  });
}

/** A dispatch of no known kind: its letterhead, its text and its grids. */
export const unknownRecordSchema = z.object({ ...base, kind: z.literal('unknown'), summary: z.object({}), tables: z.object({}), text: z.string(), grids: z.array(gridSchema) });

/** The IT-usage report's schema, the record contract the first outputs were written for. */
export const recordSchema = recordSchemaFor(reportKind('it-usage'));

export interface TableRow {
  no: number;
  unit: string | null;
  unitId: string | null;
  /** The row's name as the input gives it (garbled, or a unit the dictionary does not know); golden records leave it out. */
  unitAsRead?: string | null;
  [field: string]: number | string | null | undefined;
}

export interface DispatchRecord {
  kind: string;
  document: z.infer<typeof documentSchema>;
  letterhead?: z.infer<typeof letterheadSchema>;
  summary: Record<string, number | null>;
  tables: Record<string, TableRow[]>;
  text?: string;
  grids?: Array<z.infer<typeof gridSchema>>;
  restoration?: z.infer<typeof restorationSchema>;
  issues: Issue[];
  scan?: ScanInfo;
}

export type Issue = z.infer<typeof issueSchema>;
export type ScanInfo = z.infer<typeof scanSchema>;
export type CellSource = z.infer<typeof cellSourceSchema>;
export type Grid = z.infer<typeof gridSchema>;
