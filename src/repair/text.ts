import type { Line } from '../normalise/index.js';
import type { DispatchRecord } from '../record/schema.js';
import { TABLES, TABLE_KINDS } from '../record/tables.js';

/**
 * The document's text with every table row the program read replaced by its repaired form:
 * row number, canonical unit name and settled figures, tab-separated ("?" where unsettled).
 */
export function repairedText(lines: Line[], record: DispatchRecord, rowLines: Map<number, string>): string {
  const out: string[] = [];
  for (const line of lines) {
    const replacement = rowLines.get(line.number);
    out.push(replacement ?? line.text);
  }
  return out.join('\n').replace(/\n*$/, '\n');
}

/** The repaired form of each row, keyed by the input line it was read from. */
export function rowLinesOf(record: DispatchRecord, lineOf: (kind: string, no: number) => number | undefined): Map<number, string> {
  const map = new Map<number, string>();
  for (const kind of TABLE_KINDS) {
    for (const row of record.tables[kind] as Array<Record<string, unknown>>) {
      const line = lineOf(kind, row.no as number);
      if (line === undefined) continue;
      const figures = TABLES[kind].columns.map((c) => (row[c.field] === null ? '?' : String(row[c.field])));
      map.set(line, [row.no, row.unit ?? '?', ...figures].join('\t'));
    }
  }
  return map;
}
