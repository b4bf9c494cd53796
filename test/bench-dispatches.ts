/**
 * npm run bench:dispatches: dispatches of other kinds (samples/dispatches/), laid out as Decree 30
 * sets them, printed and scanned by samples/make-dispatches.ts under each condition (an office
 * scanner in grey and in black and white at 200 dpi, a phone's 100-dpi colour photo of a stamped
 * copy; cached in .bench/dispatches/), digitised; per page and per document it prints the
 * character error rate of the text against the typist's transcript, in reading order, beside
 * plain tesseract.js (the Vietnamese model on the whole page) on the same pages, and which
 * registry fields (number and symbol, date, issuer, subject, signer) came out right.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { digitiseFile, OcrPool } from '../src/index.js';
import { rasterise } from '../src/rasterise/index.js';
import { startWorker } from '../src/ocr/pool.js';
import sharp from 'sharp';
import { CONDITIONS, readDispatches, scanDispatch, transcript } from '../samples/make-dispatches.js';
import { characterErrorRate } from './compare.js';

const DIR = '.bench/dispatches';
const GENERATORS = ['samples/make-dispatches.ts', 'samples/make-scans.ts'].map((f) => readFileSync(f, 'utf8')).join('\n');

const FIELDS = ['number', 'issuedOn', 'issuer', 'subject', 'signer'] as const;

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const pool = new OcrPool();
  const plain = await startWorker();
  const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(`${'dispatch'.padEnd(24)} ${'scan'.padEnd(12)} ${'pages'.padStart(5)} ${'CER'.padStart(7)} ${'plain'.padStart(7)}  fields right`);
  try {
    for (const d of readDispatches()) {
      const truth = transcript(d);
      const golden = JSON.parse(readFileSync(`golden/other/${d.id}.letterhead.json`, 'utf8')) as Record<string, unknown>;
      for (const [condition, options] of Object.entries(CONDITIONS)) {
        const path = join(DIR, `${d.id}.${condition}.pdf`);
        const key = createHash('sha256').update(JSON.stringify([d, options])).update(GENERATORS).digest('hex');
        if (!existsSync(`${path}.key`) || readFileSync(`${path}.key`, 'utf8') !== key) {
          writeFileSync(path, await scanDispatch(d, options));
          writeFileSync(`${path}.key`, key);
        }
        const { record, model } = await digitiseFile(path, { pool });
        // every page must give text: none refused, none read as blank
        const withText = model.pages.filter((p) => p.blocks.some((b) => b.lines.some((l) => /\p{L}{2}/u.test(l.text)))).length;
        const pages: string[] = [];
        for await (const page of rasterise(path)) {
          const png = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } }).withMetadata({ density: page.dpi }).png().toBuffer();
          pages.push((await plain.recognize(png)).data.text);
        }
        const right = FIELDS.filter((f) => JSON.stringify(record.letterhead?.[f] ?? null) === JSON.stringify(golden[f] ?? null));
        const wrong = FIELDS.filter((f) => !right.includes(f)).map((f) => `${f}: ${JSON.stringify(record.letterhead?.[f] ?? null)}`);
        console.log(
          `${d.id.padEnd(24)} ${condition.padEnd(12)} ${`${withText}/${model.pages.length}`.padStart(5)} ${percent(characterErrorRate(truth, record.text ?? '')).padStart(7)} ${percent(characterErrorRate(truth, pages.join('\n'))).padStart(7)}  ${right.length}/${FIELDS.length}${wrong.length ? `  (${wrong.join('; ')})` : ''}`,
        );
      }
    }
  } finally {
    await pool.close();
    await plain.terminate();
  }
}

await main();
