/**
 * npm run bench:dispatches: dispatches of other kinds (samples/dispatches/), laid out as Decree 30
 * sets them, printed and scanned by samples/make-dispatches.ts under each condition (an office
 * scanner in grey and in black and white at 200 dpi, a stamped copy scanned in colour at 200 dpi
 * and photographed by a phone at 100 and at 70 dpi; cached in .bench/dispatches/), digitised; per document
 * and per page (the page's lines against the transcript cut where the printed page breaks) it
 * prints the character error rate of the text against the typist's transcript, in reading order, beside
 * plain tesseract.js (the Vietnamese model on the whole page) on the same pages, and which
 * registry fields (number and symbol, date, issuer, subject, recipients, distribution list, signer)
 * came out right.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { digitiseFile, OcrPool } from '../src/index.js';
import { rasterise } from '../src/rasterise/index.js';
import { startWorker } from '../src/ocr/pool.js';
import sharp from 'sharp';
import { CONDITIONS, printDispatch, readDispatches, scanPrinted, transcript, type PrintedDispatch } from '../samples/make-dispatches.js';
import { characterErrorRate } from './compare.js';

const DIR = '.bench/dispatches';
const GENERATORS = ['samples/make-dispatches.ts', 'samples/make-scans.ts'].map((f) => readFileSync(f, 'utf8')).join('\n');

const FIELDS = ['number', 'issuedOn', 'issuer', 'subject', 'recipients', 'distribution', 'signer'] as const;

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const pool = new OcrPool();
  const plain = await startWorker();
  const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
  const cer = (truth: string, read: string) => percent(characterErrorRate(truth, read)).padStart(7);
  console.log(`${'dispatch'.padEnd(24)} ${'scan'.padEnd(12)} ${'pages'.padStart(5)} ${'CER'.padStart(7)} ${'plain'.padStart(7)}  fields right`);
  try {
    for (const d of readDispatches()) {
      const truth = transcript(d);
      const golden = JSON.parse(readFileSync(`golden/other/${d.id}.letterhead.json`, 'utf8')) as Record<string, unknown>;
      // printed once, when a scan is to be made: every condition scans the same sheets
      let printed: PrintedDispatch | undefined;
      for (const [condition, options] of Object.entries(CONDITIONS)) {
        const path = join(DIR, `${d.id}.${condition}.pdf`);
        const key = createHash('sha256').update(JSON.stringify([d, options])).update(GENERATORS).digest('hex');
        if (!existsSync(`${path}.key`) || readFileSync(`${path}.key`, 'utf8') !== key) {
          printed ??= printDispatch(d);
          writeFileSync(path, await scanPrinted(printed, options));
          writeFileSync(`${path}.pages.json`, JSON.stringify(printed.pages));
          writeFileSync(`${path}.key`, key);
        }
        const truths = JSON.parse(readFileSync(`${path}.pages.json`, 'utf8')) as string[];
        const { record, model } = await digitiseFile(path, { pool });
        // every page must give text: none refused, none read as blank
        const withText = model.pages.filter((p) => p.blocks.some((b) => b.lines.some((l) => /\p{L}{2}/u.test(l.text)))).length;
        const plainPages: string[] = [];
        for await (const page of rasterise(path)) {
          const png = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } }).withMetadata({ density: page.dpi }).png().toBuffer();
          plainPages.push((await plain.recognize(png)).data.text);
        }
        // the record's text has a line for each line of the model (restoration respells words, never joins lines)
        const lines = (record.text ?? '').replace(/\n$/, '').split('\n');
        if (lines.length !== model.lines.length) throw new Error(`${path}: the text has ${lines.length} lines, the model ${model.lines.length}`);
        const ours = truths.map((_, i) => lines.filter((_, k) => model.lines[k]!.page === i + 1).join('\n'));
        const right = FIELDS.filter((f) => JSON.stringify(record.letterhead?.[f] ?? null) === JSON.stringify(golden[f] ?? null));
        const wrong = FIELDS.filter((f) => !right.includes(f)).map((f) => `${f}: ${JSON.stringify(record.letterhead?.[f] ?? null)}`);
        console.log(
          `${d.id.padEnd(24)} ${condition.padEnd(12)} ${`${withText}/${model.pages.length}`.padStart(5)} ${cer(truth, record.text ?? '')} ${cer(truth, plainPages.join('\n'))}  ${right.length}/${FIELDS.length}${wrong.length ? `  (${wrong.join('; ')})` : ''}`,
        );
        if (truths.length > 1) truths.forEach((t, i) => console.log(`${''.padEnd(37)} ${`p${i + 1}`.padStart(5)} ${cer(t, ours[i] ?? '')} ${cer(t, plainPages[i] ?? '')}`));
      }
    }
  } finally {
    await pool.close();
    await plain.terminate();
  }
}

await main();
