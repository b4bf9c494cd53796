import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DigitiseError } from '../errors.js';
import { unitDictionary } from '../lang/dictionary.js';
import type { DispatchRecord } from '../record/schema.js';
import { tablesOf } from '../reports/index.js';

/** One compared cell that is not the same in the record and the golden file. */
export interface CellDifference {
  /** `document`, `summary`, or a table kind. */
  part: string;
  /** The table row's number; null outside tables. */
  no: number | null;
  field: string;
  kind: 'differs' | 'missing' | 'extra';
  actual: unknown;
  golden: unknown;
}

export interface DiffCounts {
  compared: number;
  matching: number;
  differing: number;
  /** In the golden file, absent from the record. */
  missing: number;
  /** In the record, absent from the golden file. */
  extra: number;
}

export interface RecordDiff {
  actual: string;
  golden: string;
  counts: DiffCounts;
  differences: CellDifference[];
}

const DOCUMENT_FIELDS = ['number', 'issuedOn', 'issuer', 'signer'] as const;

/**
 * Compares a record with its golden file cell by cell: the document's fields, the headline
 * figures, and every table keyed by row number, the unit compared by dictionary identity (the
 * canonical name and every alias are one unit; a name the dictionary does not know letter for
 * letter, diacritics included, is compared as written).
 */
export function diffRecords(actual: DispatchRecord, golden: DispatchRecord, names: { actual: string; golden: string }): RecordDiff {
  const differences: CellDifference[] = [];
  let compared = 0;
  const compare = (part: string, no: number | null, field: string, a: unknown, g: unknown) => {
    compared++;
    if (!same(a, g)) differences.push({ part, no, field, kind: 'differs', actual: a ?? null, golden: g ?? null });
  };
  for (const field of DOCUMENT_FIELDS) compare('document', null, field, actual.document[field], golden.document[field]);
  compare('document', null, 'period', `${actual.document.period.year}-Q${actual.document.period.quarter}`, `${golden.document.period.year}-Q${golden.document.period.quarter}`);
  for (const [field, value] of Object.entries(golden.summary)) compare('summary', null, field, actual.summary[field as keyof typeof actual.summary], value);

  for (const table of tablesOf(golden)) {
    const kind = table.id;
    const fields = table.columns.map((c) => c.field);
    const rows = new Map((actual.tables[kind] ?? []).map((r) => [r.no, r]));
    for (const want of golden.tables[kind] ?? []) {
      const no = want.no as number;
      const got = rows.get(no);
      rows.delete(no);
      if (!got) {
        for (const field of ['unit', ...fields]) {
          compared++;
          differences.push({ part: kind, no, field, kind: 'missing', actual: null, golden: field === 'unit' ? want.unit : want[field] });
        }
        continue;
      }
      compare(kind, no, 'unit', unitIdentity(got), unitIdentity(want));
      for (const field of fields) compare(kind, no, field, got[field], want[field]);
    }
    for (const [no, got] of rows)
      for (const field of ['unit', ...fields]) differences.push({ part: kind, no, field, kind: 'extra', actual: field === 'unit' ? got.unit : got[field], golden: null });
  }
  const count = (kind: CellDifference['kind']) => differences.filter((d) => d.kind === kind).length;
  return {
    ...names,
    counts: { compared, matching: compared - count('differs') - count('missing'), differing: count('differs'), missing: count('missing'), extra: count('extra') },
    differences,
  };
}

/** A row's unit as the dictionary knows it, else its name as written. */
function unitIdentity(row: Record<string, unknown>): string | null {
  const dictionary = unitDictionary();
  if (typeof row.unitId === 'string' && dictionary.get(row.unitId)) return dictionary.get(row.unitId)!.name;
  if (typeof row.unit !== 'string') return null;
  return dictionary.identify(row.unit)?.name ?? row.unit;
}

function same(a: unknown, g: unknown): boolean {
  return (a ?? null) === (g ?? null);
}

async function readRecord(path: string): Promise<DispatchRecord> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as DispatchRecord;
  } catch (error) {
    throw new DigitiseError('E_READ', `${path}: not a readable record (${(error as Error).message})`, path, { cause: error });
  }
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (error) {
    throw new DigitiseError('E_READ', `${path}: cannot be read`, path, { cause: error });
  }
}

/** Records of a folder by stem, leaving out the manifest. */
async function recordsIn(folder: string): Promise<Map<string, string>> {
  const names = (await readdir(folder)).filter((n) => n.endsWith('.json') && n !== 'index.json').sort();
  return new Map(names.map((n) => [basename(n, '.json'), join(folder, n)]));
}

export interface DiffReport {
  diffs: RecordDiff[];
  /** Golden files no record was found for, and records with no golden file. */
  unpaired: { golden: string[]; actual: string[] };
  counts: DiffCounts;
}

/**
 * Diffs a record against a golden file, or a folder of records against a folder of golden files
 * paired by stem ("2018-Q1.scan.json" is paired with "2018-Q1.json" when no closer name exists).
 */
export async function diffPaths(actualPath: string, goldenPath: string): Promise<DiffReport> {
  const pairs: Array<[string, string]> = [];
  const unpaired = { golden: [] as string[], actual: [] as string[] };
  if ((await isFolder(actualPath)) !== (await isFolder(goldenPath))) throw new DigitiseError('E_ARGS', 'compare a record with a golden file, or a folder with a folder');
  if (await isFolder(actualPath)) {
    const actual = await recordsIn(actualPath);
    const golden = await recordsIn(goldenPath);
    const used = new Set<string>();
    for (const [stem, path] of actual) {
      const match = golden.get(stem) ?? golden.get(stem.replace(/\.[^.]+$/, ''));
      if (match) {
        pairs.push([path, match]);
        used.add(match);
      } else unpaired.actual.push(path);
    }
    unpaired.golden.push(...[...golden.values()].filter((p) => !used.has(p)));
  } else pairs.push([actualPath, goldenPath]);
  const diffs = await Promise.all(pairs.map(async ([a, g]) => diffRecords(await readRecord(a), await readRecord(g), { actual: a, golden: g })));
  const counts = diffs.reduce<DiffCounts>(
    (sum, d) => ({
      compared: sum.compared + d.counts.compared,
      matching: sum.matching + d.counts.matching,
      differing: sum.differing + d.counts.differing,
      missing: sum.missing + d.counts.missing,
      extra: sum.extra + d.counts.extra,
    }),
    { compared: 0, matching: 0, differing: 0, missing: 0, extra: 0 },
  );
  return { diffs, unpaired, counts };
}

/** Whether the records match their golden files exactly, every golden file having a record. */
export function matches(report: DiffReport): boolean {
  return report.counts.differing === 0 && report.counts.missing === 0 && report.counts.extra === 0 && report.unpaired.golden.length === 0 && report.diffs.length > 0;
}
