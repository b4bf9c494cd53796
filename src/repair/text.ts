import type { Line } from '../normalise/index.js';
import type { DispatchRecord } from '../record/schema.js';
import type { Provenance } from '../validate/index.js';
import { TABLES, TABLE_KINDS } from '../record/tables.js';

/**
 * The document's text with every table row the program read replaced by its repaired form:
 * row number, canonical unit name and settled figures, tab-separated ("?" where unsettled).
 */
export function repairedText(lines: Line[], record: DispatchRecord, provenance: Provenance): string {
  const rowLines = new Map<number, string>();
  for (const kind of TABLE_KINDS) {
    const lineOf = new Map((provenance[kind] ?? []).map((p) => [p.no, p.line]));
    for (const row of record.tables[kind] as Array<Record<string, unknown>>) {
      const line = lineOf.get(row.no as number);
      if (line === undefined) continue;
      const figures = TABLES[kind].columns.map((c) => (row[c.field] === null ? '?' : String(row[c.field])));
      rowLines.set(line, [row.no, row.unit ?? '?', ...figures].join('\t'));
    }
  }
  return lines.map((line) => rowLines.get(line.number) ?? line.text).join('\n').replace(/\n*$/, '\n');
}
