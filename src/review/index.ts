import sharp from 'sharp';
import type { PreparedPage } from '../preprocess/index.js';
import type { CellSource, DispatchRecord } from '../record/schema.js';
import { tablesOf } from '../reports/index.js';

/** Below this OCR confidence a cell is shown to the reviewer even when no check failed. */
const LOW_CONFIDENCE = 80;
/** Space kept around a cell's box in its crop, in inches: enough to see the rules around it. */
const MARGIN = 0.08;

/** Crops of the scan for the cells worth a reviewer's look, as data URLs by `table:no:field`. */
export type Crops = Record<string, string>;

const key = (table: string, no: number, field: string) => `${table}:${no}:${field}`;

/** The cells a reviewer should check: flagged by a check, or read with low confidence. */
export function cellsToReview(record: DispatchRecord): Set<string> {
  const out = new Set<string>();
  for (const issue of record.issues) {
    if (!issue.table || issue.no === null || issue.severity === 'info') continue;
    const fields = issue.field ? [issue.field] : tablesOf(record).find((t) => t.id === issue.table)?.columns.map((c) => c.field) ?? [];
    for (const field of fields) out.add(key(issue.table, issue.no, field));
  }
  for (const [table, rows] of Object.entries(record.scan?.cells ?? {}))
    for (const row of rows)
      for (const [field, source] of Object.entries(row.cells)) if (source.confidence !== null && source.confidence < LOW_CONFIDENCE) out.add(key(table, row.no, field));
  return out;
}

/** Where on the scan each cell to review was read, by `table:no:field`. */
function sourcesToReview(record: DispatchRecord): Array<[string, CellSource]> {
  const wanted = cellsToReview(record);
  return Object.entries(record.scan?.cells ?? {}).flatMap(([table, rows]) =>
    rows.flatMap((row) => Object.entries(row.cells).flatMap(([field, source]) => (wanted.has(key(table, row.no, field)) ? [[key(table, row.no, field), source] as [string, CellSource]] : []))),
  );
}

/** The pages that hold a cell to review: those cropCells needs. */
export const pagesToReview = (record: DispatchRecord): Set<number> => new Set(sourcesToReview(record).map(([, source]) => source.page));

/** Cuts the scan around each cell to review, from the straightened pages. */
export async function cropCells(record: DispatchRecord, pages: ReadonlyMap<number, PreparedPage>): Promise<Crops> {
  const crops: Crops = {};
  for (const [at, source] of sourcesToReview(record)) {
    const page = pages.get(source.page);
    if (page) crops[at] = await crop(page, source);
  }
  return crops;
}

async function crop(page: PreparedPage, source: CellSource): Promise<string> {
  const margin = Math.round(page.dpi * MARGIN);
  const [x, y, width, height] = source.box;
  const left = Math.max(0, x - margin);
  const top = Math.max(0, y - margin);
  const png = await sharp(page.grey, { raw: { width: page.width, height: page.height, channels: 1 } })
    .extract({ left, top, width: Math.min(page.width - left, width + 2 * margin), height: Math.min(page.height - top, height + 2 * margin) })
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

const escape = (value: unknown) =>
  String(value ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The review page: one self-contained HTML file with every table as extracted, the cells a
 * reviewer should check highlighted, each beside the crop of the scan it was read from, and the
 * issues listed with links to their cells. Nothing is loaded from elsewhere.
 */
export function reviewPage(stem: string, record: DispatchRecord, crops: Crops): string {
  const flagged = cellsToReview(record);
  const specs = tablesOf(record);
  const tables = specs.map((table) => {
    const kind = table.id;
    const columns = ['unit', ...table.columns.map((c) => c.field)];
    const rows = (record.tables[kind] ?? []).map((row) => {
      const no = row.no;
      const cells = columns.map((field) => {
        const id = key(kind, no, field);
        const value = field === 'unit' ? row.unit : row[field];
        const confidence = record.scan?.cells[kind]?.find((r) => r.no === no)?.cells[field]?.confidence;
        const image = crops[id] ? `<img class="crop" alt="scan of ${escape(id)}" src="${crops[id]}">` : '';
        const title = confidence !== undefined && confidence !== null ? ` title="OCR confidence ${confidence}"` : '';
        return `<td id="${escape(id)}"${flagged.has(id) ? ' class="flagged"' : ''}${title}><span class="value">${value === null || value === undefined ? '<i>null</i>' : escape(value)}</span>${image}</td>`;
      });
      return `<tr><th>${no}</th>${cells.join('')}</tr>`;
    });
    return `<section><h2>${escape(table.title)}</h2><table><thead><tr><th>no</th>${columns.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>${rows.join('\n')}</tbody></table></section>`;
  });
  const issues = record.issues.map((issue) => {
    const shownField = issue.field && specs.find((t) => t.id === issue.table)?.columns.some((c) => c.field === issue.field) ? issue.field : 'unit';
    const target = issue.table && issue.no !== null ? key(issue.table, issue.no, shownField) : null;
    const text = `${escape(issue.severity)} ${escape(issue.code)}: ${escape(issue.message)}`;
    return `<li class="${escape(issue.severity)}">${target ? `<a href="#${escape(target)}">${text}</a>` : text}</li>`;
  });
  const { document: doc, summary } = record;
  // a dispatch of no known kind: its letterhead, and its tables as printed
  const letterhead = record.letterhead
    ? `<p>${escape(record.letterhead.documentType ?? '—')}: ${escape(record.letterhead.subject ?? '—')}; ${escape(record.letterhead.place ?? '—')}; ${escape([record.letterhead.signingAuthority, record.letterhead.signerTitle].filter(Boolean).join(' ') || '—')}</p>`
    : '';
  const grids = (record.grids ?? []).map(
    (grid, i) => `<section><h2>Bảng ${i + 1}</h2><table><tbody>${grid.rows.map((row) => `<tr>${row.map((cell) => `<td>${escape(cell)}</td>`).join('')}</tr>`).join('\n')}</tbody></table></section>`,
  );
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${escape(stem)}: review</title>
<style>
body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}
td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}td.flagged{background:#fff1c2;outline:2px solid #d89b00}
img.crop{display:block;max-width:240px;margin-top:4px;border:1px solid #999}li.error{color:#a40000}li.warning{color:#7a5300}
:target{outline:3px solid #0050d0}
</style></head>
<body>
<h1>${escape(stem)}</h1>
<p>Số ${escape(doc.number ?? '—')}, ${escape(doc.issuedOn ?? '—')}, ${escape(doc.issuer ?? '—')}; quý ${escape(doc.period.quarter ?? '—')}/${escape(doc.period.year ?? '—')}; ${escape(doc.signer ?? '—')}</p>
${letterhead}
<p>${Object.entries(summary).map(([k, v]) => `${k} <b>${v === null ? '—' : escape(v)}</b>`).join(', ')}</p>
<p id="counts">${flagged.size} cells to check; ${Object.keys(crops).length} shown with their scan.</p>
<h2>Issues</h2><ol id="issues">${issues.join('\n')}</ol>
${tables.join('\n')}
${grids.join('\n')}
<script>
// how many scan crops the browser could show: a check for whoever opens the page, and for the tests
document.body.dataset.cropsShown = String([...document.images].filter((i) => i.complete && i.naturalWidth > 0).length);
</script>
</body></html>
`;
}
