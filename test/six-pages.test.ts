import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { digitiseFile, digitiseText, DocumentContext, OcrPool } from '../src/index.js';
import { CONDITIONS, printDispatch, readDispatches, scanPrinted, transcript, type PrintedDispatch } from '../samples/make-dispatches.js';
import { CHROMIUM } from '../samples/make-scans.js';
import { characterErrorRate } from './compare.js';
import { scratchDir } from './scratch.js';

/**
 * A district People's Committee's six-page report (samples/dispatches/2024-thainguyen-baocao.json)
 * as an archive's scanner gives it: in colour over a stamped copy, and in black and white at
 * 200 dpi. Every page is read, none refused, and the registry fields are the hand-written ones.
 */
const report = readDispatches().find((d) => d.id === '2024-thainguyen-baocao')!;
const golden = JSON.parse(readFileSync('golden/other/2024-thainguyen-baocao.letterhead.json', 'utf8')) as Record<string, unknown>;
const REGISTRY = ['number', 'issuedOn', 'issuer', 'subject', 'signer'] as const;

describe('a six-page report of a district People\'s Committee', () => {
  it('reads its typed transcript exactly as its golden letterhead', () => {
    const { record } = digitiseText(transcript(report), new DocumentContext('baocao.txt'));
    expect(record.kind).toBe('unknown');
    expect(record.letterhead).toEqual(golden);
  });
});

// Chromium is installed by .ci/run; where it is not, these say they were skipped
describe.skipIf(!CHROMIUM)('the six-page report scanned', () => {
  const pool = new OcrPool();
  const dir = scratchDir('digitise-six-');
  // printed once, by the first test: both scans are of the same sheets
  let printed: PrintedDispatch | undefined;
  afterAll(() => pool.close());

  // six pages scanned and read by OCR, each line twice (ink and grey): tens of seconds on two cores
  it.each(['colour-200', 'bilevel-200'])('gives every page of the %s scan its text and the registry fields', async (condition) => {
    printed ??= printDispatch(report);
    const { pages } = printed;
    expect(pages).toHaveLength(6);
    const path = join(dir, `${condition}.pdf`);
    writeFileSync(path, await scanPrinted(printed, CONDITIONS[condition]!));
    const { record, model } = await digitiseFile(path, { pool });
    expect(record.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(model.pages.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6]);
    // each page's text is that page's own: its lines against the typist's, page by page
    for (const [i, truth] of pages.entries()) {
      const text = model.lines.filter((l) => l.page === i + 1).map((l) => l.text).join('\n');
      expect(characterErrorRate(truth, text), `page ${i + 1}`).toBeLessThan(0.05);
    }
    for (const field of REGISTRY) expect(record.letterhead?.[field], field).toEqual(golden[field]);
  }, 180_000);
});
