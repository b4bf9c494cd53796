/**
 * npm run bench:text: the text path measured on inputs it was not tuned on. Builds a corpus of
 * golden and synthetic records × every variant samples/make-garbled.ts makes (English-model OCR
 * of scans in several fonts, clean text in other reading orders, the same without diacritics),
 * cached in .bench/text/ and rebuilt only when a record, its options or a generator changes; then
 * runs digitiseText in process on each text and prints cells right per variant and document, and
 * totals per variant beside the share of figures its texts hold as printed.
 *
 *   npm run bench:text [-- --variants tabs,ocr-psm6]
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { digitiseText, DocumentContext, type DispatchRecord } from '../src/index.js';
import { garble, ocrAvailability, VARIANTS, type GarbleOptions, type OcrVariant, type Variant } from '../samples/make-garbled.js';
import { makeRecord } from '../samples/make-records.js';
import { appendixNumber } from '../src/segment/index.js';
import { normalise } from '../src/normalise/index.js';
import { compareTables } from './compare.js';

const DIR = '.bench/text';
const golden = (stem: string) => JSON.parse(readFileSync(`golden/${stem}.json`, 'utf8')) as DispatchRecord;

/** Each font with a mild and a hard scan, each on a golden and a synthetic record. */
const CORPUS: Array<{ name: string; source: string; record: DispatchRecord; options: GarbleOptions }> = [
  { name: '2018-Q1', source: 'golden', record: golden('2018-Q1'), options: { font: 'Liberation Serif', scan: 'mild', seed: 1 } },
  { name: '2018-Q3', source: 'golden', record: golden('2018-Q3'), options: { font: 'DejaVu Serif', scan: 'hard', seed: 2 } },
  { name: '2019-Q2', source: 'synthetic', record: makeRecord({ year: 2019, quarter: 2 }, 1), options: { font: 'DejaVu Sans', scan: 'mild', seed: 3 } },
  { name: '2020-Q4', source: 'synthetic', record: makeRecord({ year: 2020, quarter: 4 }, 1), options: { font: 'Liberation Serif', scan: 'hard', seed: 4 } },
  { name: '2022-Q1', source: 'synthetic', record: makeRecord({ year: 2022, quarter: 1 }, 1), options: { font: 'DejaVu Serif', scan: 'mild', seed: 5 } },
  { name: '2023-Q3', source: 'synthetic', record: makeRecord({ year: 2023, quarter: 3 }, 1), options: { font: 'DejaVu Sans', scan: 'hard', seed: 6 } },
];

/** What a cached text was made from: the record, its options and the generators' source. */
const GENERATORS = ['samples/make-garbled.ts', 'samples/make-scans.ts'].map((f) => readFileSync(f, 'utf8')).join('\n');
const keyOf = (entry: (typeof CORPUS)[number]) => createHash('sha256').update(JSON.stringify([entry.record, entry.options])).update(GENERATORS).digest('hex');

async function buildCorpus(variants: Variant[]): Promise<void> {
  const started = performance.now();
  let made = 0;
  await Promise.all(
    CORPUS.map(async (entry) => {
      const keyFile = join(DIR, `${entry.name}.key`);
      const key = keyOf(entry);
      const current = existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key;
      // texts made from another record or generator are stale, asked for this time or not
      if (!current) for (const v of VARIANTS) rmSync(join(DIR, `${entry.name}.${v}.txt`), { force: true });
      const missing = variants.filter((v) => !existsSync(join(DIR, `${entry.name}.${v}.txt`)));
      if (missing.length === 0) return;
      await garble(entry.record, entry.name, DIR, entry.options, missing);
      writeFileSync(keyFile, key);
      made += missing.length;
    }),
  );
  const reused = CORPUS.length * variants.length - made;
  console.log(`corpus in ${DIR}: ${made} texts made in ${((performance.now() - started) / 1000).toFixed(1)} s, ${reused} reused\n`);
}

const percent = (right: number, cells: number) => `${((100 * right) / cells).toFixed(1)}%`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { variants: { type: 'string', default: VARIANTS.join(',') } } });
  const asked = values.variants!.split(',') as Variant[];
  const unknown = asked.filter((v) => !VARIANTS.includes(v));
  if (unknown.length > 0) throw new Error(`no such variant: ${unknown.join(', ')} (variants: ${VARIANTS.join(', ')})`);
  const available = await ocrAvailability();
  for (const [variant, reason] of available) if (reason && asked.includes(variant)) console.log(`skipped ${variant}: ${reason}`);
  const variants = asked.filter((v) => !available.get(v as OcrVariant));
  await buildCorpus(variants);

  console.log('document: record (source, font and scan of the OCR variants)\n');
  console.log(`${'variant'.padEnd(22)} ${'document'.padEnd(44)} ${'cells right'.padStart(12)} ${'%'.padStart(7)}`);
  const totals = new Map<Variant, { right: number; cells: number }>();
  for (const variant of variants) {
    for (const { name, source, record: expected, options } of CORPUS) {
      const text = readFileSync(join(DIR, `${name}.${variant}.txt`), 'utf8');
      let right = 0;
      let note = '';
      const { cells } = compareTables(expected, expected);
      try {
        const { record } = digitiseText(text, new DocumentContext(`${name}.${variant}.txt`));
        right = compareTables(record, expected).matching;
      } catch (error) {
        // a text the tool rejects outright scores no cells; say why
        note = `  ${(error as { code?: string }).code ?? (error as Error).message}`;
      }
      const total = totals.get(variant) ?? { right: 0, cells: 0 };
      totals.set(variant, { right: total.right + right, cells: total.cells + cells });
      const document = `${name} (${source}, ${options.font}, ${options.scan})`;
      console.log(`${variant.padEnd(22)} ${document.padEnd(44)} ${`${right}/${cells}`.padStart(12)} ${percent(right, cells).padStart(7)}${note}`);
    }
  }
  // what a reader could reach without reading a garbled figure: the records' figures the texts hold as printed
  console.log(`\n${'variant'.padEnd(22)} ${'cells right'.padStart(12)} ${'%'.padStart(7)} ${'figures in the text'.padStart(20)}`);
  for (const [variant, { right, cells }] of totals) {
    const held = CORPUS.map(({ name, record }) => figuresInText(readFileSync(join(DIR, `${name}.${variant}.txt`), 'utf8'), record));
    const [found, figures] = held.reduce(([f, n], h) => [f + h.found, n + h.figures], [0, 0]);
    console.log(`${variant.padEnd(22)} ${`${right}/${cells}`.padStart(12)} ${percent(right, cells).padStart(7)} ${percent(found, figures).padStart(20)}`);
  }
}

/** How many of a record's table figures a text holds verbatim, each printed token counted once, from the first appendix on. */
function figuresInText(text: string, record: DispatchRecord): { found: number; figures: number } {
  // the lines as the reader takes them in (a CSV row's fields split at its commas)
  const lines = normalise(text).lines.map((line) => line.text);
  const appendix = lines.findIndex((line) => appendixNumber({ text: line }) === 1);
  const tokens = new Map<string, number>();
  for (const token of lines.slice(Math.max(0, appendix)).join('\n').split(/[\s|]+/)) {
    const form = token.replace(/^[(]+|[),;:]+$/g, '').replace(',', '.');
    tokens.set(form, (tokens.get(form) ?? 0) + 1);
  }
  let found = 0;
  let figures = 0;
  for (const rows of Object.values(record.tables))
    for (const row of rows)
      for (const [field, value] of Object.entries(row)) {
        if (typeof value !== 'number' || field === 'no') continue;
        figures++;
        const left = tokens.get(String(value)) ?? 0;
        if (left === 0) continue;
        found++;
        tokens.set(String(value), left - 1);
      }
  return { found, figures };
}

await main();
