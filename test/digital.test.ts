import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { digitiseFile, OcrPool, type DispatchRecord } from '../src/index.js';
import { compareTables } from './compare.js';
import { CHROMIUM, makeDigital } from '../samples/make-scans.js';
import { scratchDir } from './scratch.js';

const golden = (name: string) => JSON.parse(readFileSync(`golden/${name}.json`, 'utf8')) as DispatchRecord;
const options = { dpi: 300, skew: 1.2, quality: 62, noise: 10, blur: 0.7, font: 'Liberation Serif', seed: 1 };
const dir = scratchDir('digitise-digital-');

/** A dispatch exported by a word processor (Chromium prints the laid-out pages, their text real text). */
async function exported(name: string, extra: { borderless?: boolean; pages?: number[]; font?: string } = {}): Promise<string> {
  const path = join(dir, `${name}.${extra.borderless ? 'borderless' : extra.pages ? 'mixed' : 'digital'}.pdf`);
  writeFileSync(path, await makeDigital(golden(name), { ...options, font: extra.font ?? options.font, borderless: extra.borderless }, extra.pages));
  return path;
}

// Chromium is installed by .ci/run; where it is not, these say they were skipped
describe.skipIf(!CHROMIUM)('born-digital PDFs', () => {
  const pool = new OcrPool();
  afterAll(() => pool.close());

  it('reads a page with a text layer from its text, not by OCR, and matches the golden record', async () => {
    const { record, model } = await digitiseFile(await exported('2018-Q3'), { pool });
    expect(compareTables(record, golden('2018-Q3')).differences).toEqual([]);
    expect(record.document).toEqual(golden('2018-Q3').document);
    expect(record.scan!.pages.every((p) => p.source === 'text layer')).toBe(true);
    // the text is the document's own: exact, no confidence to doubt, every word placed on its page
    const words = model.lines.flatMap((l) => l.words);
    expect(words.every((w) => w.confidence === null && w.box !== null)).toBe(true);
    expect(model.lines.some((l) => l.text === 'Thống kê tình hình gửi, nhận văn bản điện tử trên Hệ thống quản lý văn')).toBe(true);
    expect(record.issues.map((i) => i.code)).not.toContain('cells-read-again');
    // each figure still points back to its ruled cell on the page
    expect(record.scan!.cells.idesk![33]!.cells.sent!.page).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('reads a mixed document page by page: exported pages from their text, scanned ones by OCR', async () => {
    const { record } = await digitiseFile(await exported('2018-Q1', { pages: [1, 3] }), { pool });
    expect(record.scan!.pages.map((p) => p.source)).toEqual(['text layer', 'embedded image', 'text layer', 'embedded image', 'embedded image']);
    const { cells, matching } = compareTables(record, golden('2018-Q1'));
    expect(matching / cells).toBeGreaterThanOrEqual(0.99);
    expect(record.document).toEqual(golden('2018-Q1').document);
  }, 120_000);

  // in DejaVu Serif a two-digit row number stands close to its name ("10 UBND huyện Cư Kuin"), and
  // Q3's blank cells, and its names all opening with "Sở", leave strips that are no column's edge
  it.each([
    ['2018-Q1', 'Liberation Serif'],
    ['2018-Q3', 'DejaVu Serif'],
  ])('reads the tables of %s drawn without rules (%s) by where their words stand', async (name, font) => {
    const { record } = await digitiseFile(await exported(name, { borderless: true, font }), { pool });
    expect(compareTables(record, golden(name)).differences).toEqual([]);
  }, 60_000);
});
