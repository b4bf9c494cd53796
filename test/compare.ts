import type { DispatchRecord } from '../src/index.js';
import { TABLES, TABLE_KINDS } from '../src/index.js';

/** Cell-by-cell comparison of a record's tables with a golden record. */
export function compareTables(actual: DispatchRecord, golden: Pick<DispatchRecord, 'tables'>): { cells: number; matching: number; differences: string[] } {
  let cells = 0;
  let matching = 0;
  const differences: string[] = [];
  for (const kind of TABLE_KINDS) {
    const fields = ['unitId', ...TABLES[kind].columns.map((c) => c.field)];
    const got = new Map((actual.tables[kind] as Array<Record<string, unknown>>).map((r) => [r.no, r]));
    for (const want of golden.tables[kind] as Array<Record<string, unknown>>) {
      for (const field of fields) {
        cells++;
        const value = got.get(want.no)?.[field];
        if (value === want[field]) matching++;
        else differences.push(`${kind} row ${want.no} ${field}: got ${value}, golden ${want[field]}`);
      }
      got.delete(want.no);
    }
    for (const no of got.keys()) differences.push(`${kind} row ${no}: not in the golden record`);
  }
  return { cells, matching, differences };
}
