import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runBatch, type DispatchRecord } from '../src/index.js';
import { CHROMIUM } from '../samples/make-scans.js';
import { scratchDir } from './scratch.js';

// Debian's Chromium, which .ci/run installs; elsewhere the browser test says it was skipped

function renderedDom(file: string): string {
  return execFileSync(CHROMIUM!, ['--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', pathToFileURL(resolve(file)).href], { encoding: 'utf8', timeout: 60_000 });
}

describe('review page', () => {
  it.skipIf(!CHROMIUM)('shows the flagged cells of a scan beside their crops, in headless Chromium', async () => {
    const dir = scratchDir('digitise-review-');
    const { results } = await runBatch(['samples/2018-Q3.scan.pdf'], dir);
    expect(results[0]!.files).toContain('2018-Q3.scan.review.html');
    const record = JSON.parse(readFileSync(join(dir, '2018-Q3.scan.json'), 'utf8')) as DispatchRecord;
    const dom = renderedDom(join(dir, '2018-Q3.scan.review.html'));

    // every table as extracted: a row per record row
    for (const kind of ['idesk', 'igate', 'interlink', 'level3'] as const)
      for (const row of record.tables[kind]!) expect(dom).toContain(`id="${kind}:${row.no}:unit"`);
    // each error about a table cell is listed, linked to that cell, and the cell is highlighted
    const cellErrors = record.issues.filter((i) => i.severity === 'error' && i.table && i.no !== null);
    expect(cellErrors.length).toBeGreaterThan(0);
    for (const issue of cellErrors) {
      const id = `${issue.table}:${issue.no}:${issue.field ?? 'unit'}`;
      expect(dom).toContain(`href="#${id}"`);
      expect(dom).toMatch(new RegExp(`<td id="${id}" class="flagged"`));
    }
    // the crops are inlined and the browser could draw every one of them
    const crops = (dom.match(/<img class="crop"/g) ?? []).length;
    expect(crops).toBeGreaterThan(0);
    expect(dom).toContain(`data-crops-shown="${crops}"`);
    expect(dom).not.toMatch(/src="(https?:|file:)/);
  }, 180_000);
});
