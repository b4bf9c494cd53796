import { DocumentContext } from './context.js';
import { load } from './load/index.js';
import { normalise } from './normalise/index.js';
import { segment } from './segment/index.js';
import { extract } from './extract/index.js';
import { repair } from './repair/index.js';
import { repairedText } from './repair/text.js';
import { validate, type Provenance } from './validate/index.js';
import { DigitiseError } from './errors.js';
import type { DispatchRecord } from './record/schema.js';

export interface DigitisedDocument {
  context: DocumentContext;
  record: DispatchRecord;
  provenance: Provenance;
  /** The input's text with the table rows repaired. */
  text: string;
}

/** The text path, stage by stage: text in, validated record out. */
export function digitiseText(text: string, context: DocumentContext): DigitisedDocument {
  const normalised = context.run('normalise', () => normalise(text));
  const layout = context.run('segment', () => segment(normalised, context));
  const extracted = context.run('extract', () => extract(layout, context));
  if (extracted.tables.every((t) => t.rows.length === 0) && Object.values(extracted.summary).every((v) => v === null)) {
    throw new DigitiseError('E_NOT_DISPATCH', `${context.path}: no appendix tables or headline figures of an IT-usage dispatch were found`, context.path);
  }
  const tables = context.run('repair', () => repair(extracted.tables, context));
  const { record, provenance } = context.run('validate', () => validate(extracted, tables, context));
  const repaired = context.run('write', () => repairedText(normalised.lines, record, provenance));
  return { context, record, provenance, text: repaired };
}

/** Reads one input file and digitises it. Throws a DigitiseError naming the file on bad input. */
export async function digitiseFile(path: string): Promise<DigitisedDocument> {
  const context = new DocumentContext(path);
  const input = await context.run('load', () => load(path));
  return digitiseText(input.text, context);
}
