/** What the text stages read outside the tables: the letterhead and the headline figures. */
import type { RawTable } from './tables.js';

export type Summary = Record<string, number | null>;

export interface DocumentMeta {
  number: string | null;
  issuedOn: string | null;
  issuer: string | null;
  signer: string | null;
  period: { year: number | null; quarter: number | null };
}

export interface Extracted {
  document: DocumentMeta;
  summary: Summary;
  tables: RawTable[];
}
