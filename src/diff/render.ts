import type { CellDifference, DiffReport } from './index.js';

export type DiffFormat = 'text' | 'json' | 'html';

const where = (d: CellDifference) => (d.no === null ? `${d.part}.${d.field}` : `${d.part} row ${d.no} ${d.field}`);
const shown = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value));

function summaryLine(report: DiffReport): string {
  const { compared, matching, differing, missing, extra } = report.counts;
  return `${compared} cells compared: ${matching} matching, ${differing} differing, ${missing} missing, ${extra} extra`;
}

/** The report for a terminal: a line per difference, in colour when `colour` is set. */
function text(report: DiffReport, colour: boolean): string {
  const paint = (code: number, s: string) => (colour ? `\x1b[${code}m${s}\x1b[0m` : s);
  const out: string[] = [];
  for (const diff of report.diffs) {
    out.push(paint(1, `${diff.actual} ↔ ${diff.golden}`));
    for (const d of diff.differences) {
      const label = { differs: paint(33, 'differs'), missing: paint(31, 'missing'), extra: paint(36, 'extra  ') }[d.kind];
      out.push(`  ${label} ${where(d)}: ${paint(31, shown(d.actual))} ≠ golden ${paint(32, shown(d.golden))}`);
    }
    if (diff.differences.length === 0) out.push(`  ${paint(32, 'matches')}`);
  }
  for (const g of report.unpaired.golden) out.push(paint(31, `no record for golden file ${g}`));
  for (const a of report.unpaired.actual) out.push(paint(36, `no golden file for ${a}`));
  out.push(summaryLine(report));
  return out.join('\n') + '\n';
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A self-contained page for people: a table of differences per record, and the summary. */
function html(report: DiffReport): string {
  const sections = report.diffs.map((diff) => {
    const rows = diff.differences
      .map((d) => `<tr class="${d.kind}"><td>${escape(d.part)}</td><td>${d.no ?? ''}</td><td>${escape(d.field)}</td><td>${d.kind}</td><td>${escape(shown(d.actual))}</td><td>${escape(shown(d.golden))}</td></tr>`)
      .join('\n');
    const body = diff.differences.length
      ? `<table><thead><tr><th>part</th><th>row</th><th>field</th><th></th><th>record</th><th>golden</th></tr></thead><tbody>\n${rows}\n</tbody></table>`
      : '<p class="ok">matches</p>';
    return `<section><h2>${escape(diff.actual)} ↔ ${escape(diff.golden)}</h2><p>${escape(`${diff.counts.compared} compared, ${diff.counts.matching} matching`)}</p>${body}</section>`;
  });
  const unpaired = [...report.unpaired.golden.map((g) => `no record for golden file ${g}`), ...report.unpaired.actual.map((a) => `no golden file for ${a}`)];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>digitise diff</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}
tr.differs td{background:#fff4d6}tr.missing td{background:#fde2e2}tr.extra td{background:#e2f3fd}.ok{color:#17702e}</style></head>
<body><h1>Records against golden files</h1><p id="summary">${escape(summaryLine(report))}</p>
${unpaired.map((u) => `<p class="unpaired">${escape(u)}</p>`).join('\n')}
${sections.join('\n')}
</body></html>
`;
}

export function renderDiff(report: DiffReport, format: DiffFormat, colour = false): string {
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n';
  if (format === 'html') return html(report);
  return text(report, colour);
}
