import { diffRecords, tablesOf, type DispatchRecord } from '../src/index.js';

/**
 * The tables of a record against a golden record, cell by cell (unit and every figure), with the
 * library's own comparison; document and summary are left to each test.
 */
export function compareTables(actual: DispatchRecord, golden: DispatchRecord): { cells: number; matching: number; differences: string[] } {
  const inTables = diffRecords(actual, golden, { actual: 'record', golden: 'golden' }).differences.filter((d) => d.part !== 'document' && d.part !== 'summary');
  const cells = tablesOf(golden).reduce((sum, table) => sum + (golden.tables[table.id]?.length ?? 0) * (1 + table.columns.length), 0);
  const differences = inTables.map((d) =>
    d.kind === 'extra' ? `${d.part} row ${d.no}: not in the golden record` : `${d.part} row ${d.no} ${d.field === 'unit' ? 'unitId' : d.field}: got ${d.actual}, golden ${d.golden}`,
  );
  return { cells, matching: cells - inTables.filter((d) => d.kind !== 'extra').length, differences: [...new Set(differences)] };
}

/** Character error rate: edit distance over the truth's length, any run of white space as one space. */
export function characterErrorRate(truth: string, read: string): number {
  const [a, b] = [[...truth.normalize('NFC').replace(/\s+/g, ' ').trim()], [...read.normalize('NFC').replace(/\s+/g, ' ').trim()]];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const curr = [i];
    for (let j = 1; j <= b.length; j++) curr.push(Math.min(prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), prev[j]! + 1, curr[j - 1]! + 1));
    prev = curr;
  }
  return prev[b.length]! / a.length;
}
