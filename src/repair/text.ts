import type { DispatchRecord } from '../record/schema.js';
import { tablesOf } from '../reports/index.js';
import type { Line, Provenance } from '../model/index.js';

/**
 * The document's text with every table row the program read replaced by its repaired form:
 * row number, canonical unit name and settled figures, tab-separated ("?" where unsettled).
 */
export function repairedText(lines: Line[], record: DispatchRecord, provenance: Provenance): string {
  const rowLines = new Map<number, string>();
  for (const table of tablesOf(record)) {
    const lineOf = new Map((provenance[table.id] ?? []).map((p) => [p.no, p.line]));
    for (const row of record.tables[table.id] ?? []) {
      const line = lineOf.get(row.no);
      if (line === undefined) continue;
      const figures = table.columns.map((c) => (row[c.field] === null ? '?' : String(row[c.field])));
      rowLines.set(line, [row.no, row.unit ?? '?', ...figures].join('\t'));
    }
  }
  return lines.map((line) => rowLines.get(line.number) ?? line.text).join('\n').replace(/\n*$/, '\n');
}
