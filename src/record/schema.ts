import { z } from 'zod';

/**
 * The record contract reviewers and data tools rely on. Fields may be added; these may not
 * change. A value the input does not settle is null.
 */
const count = z.number().int().nonnegative().nullable();
const percent = z.number().min(0).max(100).nullable();
const rowNo = z.number().int().positive();
const unitRef = { unit: z.string().nullable(), unitId: z.string().nullable() };

export const ideskRowSchema = z.object({ no: rowNo, ...unitRef, sent: count, received: count });
export const igateRowSchema = z.object({
  no: rowNo,
  ...unitRef,
  received: count,
  resolved: count,
  onTime: count,
  onTimeRate: percent,
  late: count,
  lateRate: percent,
});
export const interlinkRowSchema = z.object({ no: rowNo, ...unitRef, viaIgate: count, paper: count });
export const level3RowSchema = z.object({ no: rowNo, ...unitRef, dossiers: count, rate: percent, score: z.number().nonnegative().nullable() });

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

export const recordSchema = z.object({
  document: z.object({
    number: z.string().nullable(),
    issuedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
    issuer: z.string().nullable(),
    signer: z.string().nullable(),
    period: z.object({ year: z.number().int().nullable(), quarter: z.number().int().min(1).max(4).nullable() }),
  }),
  summary: z.object({
    documentsTotal: count,
    documentsSent: count,
    documentsReceived: count,
    dossiersReceived: count,
    dossiersResolved: count,
    dossiersOnTime: count,
    dossiersLate: count,
    level3Dossiers: count,
  }),
  tables: z.object({
    idesk: z.array(ideskRowSchema),
    igate: z.array(igateRowSchema),
    interlink: z.array(interlinkRowSchema),
    level3: z.array(level3RowSchema),
  }),
  issues: z.array(issueSchema),
  scan: scanSchema.optional(),
});

export type DispatchRecord = z.infer<typeof recordSchema>;
export type Issue = z.infer<typeof issueSchema>;
export type ScanInfo = z.infer<typeof scanSchema>;
export type CellSource = z.infer<typeof cellSourceSchema>;
export type IdeskRow = z.infer<typeof ideskRowSchema>;
export type IgateRow = z.infer<typeof igateRowSchema>;
export type InterlinkRow = z.infer<typeof interlinkRowSchema>;
export type Level3Row = z.infer<typeof level3RowSchema>;
