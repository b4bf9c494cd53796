/**
 * Makes the text inputs the digitiser must read, from records (golden or synthetic), to measure
 * the text path on layouts and damage it was not tuned on:
 *   - OCR text as real tools give it when they lack a Vietnamese model: the record is scanned with
 *     make-scans and read by `tesseract -l eng` (page segmentation modes 3, 4, 6, 11), and by
 *     `ocrmypdf -l eng --force-ocr` then `pdftotext` (plain and `-layout`);
 *   - clean text in other reading orders, written from the record by a small layout writer;
 *   - each clean layout again with its diacritics stripped.
 *
 *   node --import tsx samples/make-garbled.ts golden/2018-Q1.json … --out /tmp/garbled \
 *     [--font "DejaVu Serif"] [--scan mild|hard] [--seed 1] [--variants tabs,ocr-psm6]
 *
 * writes `<out>/<name>.<variant>.txt` and the record as `<out>/<name>.json`. Seeded: the same
 * record and options give the same text (OCR output depends on the installed Tesseract).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { TABLE_KINDS, TABLES, type DispatchRecord, type TableKind } from '../src/index.js';
import { csvField } from '../src/write/index.js';
import { appendixHeadings, bodyParagraphs, columnTitle, makeScan, pdfOfScans, printedName, random, ROMAN, type ScanOptions } from './make-scans.js';

const run = promisify(execFile);

export const OCR_VARIANTS = ['ocr-psm3', 'ocr-psm4', 'ocr-psm6', 'ocr-psm11', 'ocrmypdf', 'ocrmypdf-layout'] as const;
export const LAYOUTS = ['tabs', 'spaces', 'csv', 'cells', 'number-last', 'columns', 'inline-heading', 'wrapped'] as const;
export const VARIANTS = [...OCR_VARIANTS, ...LAYOUTS, ...LAYOUTS.map((l) => `${l}-ascii` as const)] as const;
export type OcrVariant = (typeof OCR_VARIANTS)[number];
export type Layout = (typeof LAYOUTS)[number];
export type Variant = (typeof VARIANTS)[number];

/** A clean office scan, and a worn one: lower resolution, more skew, grain, blur and JPEG loss. */
export const SCANS = {
  mild: { dpi: 300, skew: 0.4, quality: 80, noise: 5, blur: 0.5 },
  hard: { dpi: 200, skew: 1.8, quality: 45, noise: 16, blur: 1.1 },
} satisfies Record<string, Omit<ScanOptions, 'font' | 'seed'>>;

export interface GarbleOptions {
  font: string;
  scan: keyof typeof SCANS;
  seed: number;
}

// ---- clean text in other reading orders ------------------------------------------------------

interface Table {
  heading: string[];
  header: string[][];
  rows: string[][];
}

/** The record's tables as printed cells, with the columns make-scans prints (none left all blank in level3). */
function tablesOf(record: DispatchRecord, rnd: () => number): Array<{ kind: TableKind; table: Table }> {
  const comma = rnd() < 0.5;
  const headings = appendixHeadings(record);
  const sections: Record<TableKind, string[]> = { idesk: [], igate: [headings.general], interlink: [headings.interlink], level3: [headings.level3] };
  return TABLE_KINDS.filter((kind) => record.tables[kind]!.length > 0).map((kind) => {
    const rows = record.tables[kind]! as Array<Record<string, unknown> & { no: number; unit: string | null }>;
    const columns = TABLES[kind]!.columns.filter((c) => kind !== 'level3' || rows.some((r) => r[c.field] !== null));
    const titles = columns.map((c) => columnTitle(kind, c.field));
    const grouped = titles.some(([, group]) => group);
    // a grouped header prints the group over its columns, then the columns' own titles below
    const header = grouped
      ? [
          ['TT', 'Tên cơ quan, đơn vị', ...titles.map(([title, group], i) => (group ? (titles[i - 1]?.[1] === group ? '' : group.toUpperCase()) : title))],
          ['', '', ...titles.map(([title, group]) => (group ? title : ''))],
        ]
      : [['TT', 'Tên cơ quan, đơn vị', ...titles.map(([title]) => title)]];
    const cell = (value: unknown, type: string) => (value === null ? '' : type === 'rate' && comma ? String(value).replace('.', ',') : String(value));
    return {
      kind,
      table: {
        heading: sections[kind]!,
        header,
        rows: rows.map((r) => [String(r.no), printedName(r.unit, rnd), ...columns.map((c) => cell(r[c.field], c.type))]),
      },
    };
  });
}

/** Fills a narrow name column's first line word by word; the rest of a long name goes on a second line. */
function wrapName(name: string, width = 22): string[] {
  const words = name.split(' ');
  let first = words.shift()!;
  while (words.length > 0 && `${first} ${words[0]}`.length <= width) first += ` ${words.shift()}`;
  return words.length > 0 ? [first, words.join(' ')] : [first];
}

/**
 * Columns padded with spaces, as `pdftotext -layout` gives them: the name (column 1) left-aligned,
 * figures right-aligned; `wrap` puts long names on two lines.
 */
function padded(table: Table, wrap: boolean): string[] {
  const lines = [...table.header, ...table.rows];
  const widths = table.header[0]!.map((_, i) => Math.max(...lines.map((cells) => (wrap && i === 1 ? Math.max(...wrapName(cells[i] ?? '').map((p) => p.length)) : (cells[i] ?? '').length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ').trimEnd();
  return [
    ...table.header.map(line),
    ...table.rows.flatMap((cells) => {
      const [name, rest] = wrap ? wrapName(cells[1]!) : [cells[1]!];
      const first = line([cells[0]!, name!, ...cells.slice(2)]);
      return rest === undefined ? [first] : [first, line(['', rest])];
    }),
  ];
}

function tableText(table: Table, layout: Layout): string[] {
  switch (layout) {
    case 'tabs':
    case 'inline-heading':
      return [...table.header, ...table.rows].map((cells) => cells.join('\t'));
    case 'spaces':
      return padded(table, false);
    case 'csv':
      // a spreadsheet's export: a field with a comma or quote quoted
      return [...table.header, ...table.rows].map((cells) => cells.map(csvField).join(','));
    case 'wrapped':
      return padded(table, true);
    case 'cells':
      // a cell a line, as some PDF and HTML exports give them; a blank cell leaves no line
      return [...table.header, ...table.rows].flatMap((cells) => cells.filter((c) => c !== ''));
    case 'number-last':
      // a cell a line, each row's number after its figures, as an OCR that reads a ruled row's number cell last
      return [...table.header.flatMap((cells) => cells.filter((c) => c !== '')), ...table.rows.flatMap(([no, ...rest]) => [...rest, no!].filter((c) => c !== ''))];
    case 'columns':
      // column by column, as text extraction reads a table laid out in separate text boxes
      return table.header[0]!.flatMap((_, i) => [...[...table.header, ...table.rows].map((cells) => cells[i]!).filter((c) => c !== ''), '']);
  }
}

/** The whole dispatch as text: letterhead, body with the headline figures, signature, appendices. */
export function cleanText(record: DispatchRecord, layout: Layout, seed: number): string {
  const rnd = random(seed);
  const { number, issuedOn, signer, period } = record.document;
  const [year, month, day] = issuedOn ? issuedOn.split('-').map(Number) : [];
  const headings = appendixHeadings(record);
  const tables = tablesOf(record, rnd);
  const appendix = (n: number, title: string) => (layout === 'inline-heading' ? [`PHỤ LỤC ${n}: ${title}`] : [`PHỤ LỤC ${n}`, title]);
  const lines = [
    'ỦY BAN NHÂN DÂN',
    'TỈNH ĐẮK LẮK',
    `Số: ${number ?? ''}`,
    'V/v kết quả ứng dụng công nghệ thông tin',
    `trong công tác hành chính Quý ${ROMAN[period.quarter ?? 0]}/${period.year ?? ''}`,
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Độc lập - Tự do - Hạnh phúc',
    `Đắk Lắk, ngày ${day ?? ''} tháng ${month ?? ''} năm ${year ?? ''}`,
    '',
    ...bodyParagraphs(record).flatMap((p) => [p, '']),
    'KT. CHỦ TỊCH',
    'PHÓ CHỦ TỊCH',
    '',
    signer ?? '',
    '',
    'Nơi nhận:',
    '- Như trên;',
    '- Lưu: VT, KGVX.',
    '',
  ];
  for (const { kind, table } of tables) {
    if (kind === 'idesk') lines.push(...appendix(1, headings.idesk), headings.cites, '');
    if (kind === 'igate') lines.push(...appendix(2, headings.igate), headings.cites, '');
    lines.push(...table.heading, ...tableText(table, layout), '');
  }
  return `${lines.join('\n')}\n`;
}

/** Vietnamese marks removed and đ → d, as text typed or converted without them reads. */
export const stripDiacritics = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');

// ---- OCR by the English model ------------------------------------------------------------------

/** At most one tool process per core: Tesseract instances in parallel are slow when each is threaded. */
const slots = (() => {
  let free = availableParallelism();
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
})();

const tool = (command: string, args: string[]) =>
  slots(async () => (await run(command, args, { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, OMP_THREAD_LIMIT: '1' } })).stdout);

/** LibreOffice's command, which exports a document as a word processor does; null where it is not installed. */
export async function officeCommand(): Promise<string | null> {
  for (const command of ['soffice', 'libreoffice'])
    try {
      await run(command, ['--version'], { encoding: 'utf8' });
      return command;
    } catch {
      // not this one
    }
  return null;
}

/**
 * The dispatch as an office suite exports it: the record's text with each table as an HTML table
 * (cells padded `padding` points, drawn without borders, as HTML tables print by default),
 * converted to PDF by LibreOffice, so the PDF's text and its layout are LibreOffice's own.
 */
export async function officePdf(record: DispatchRecord, font: string, padding: number): Promise<Buffer> {
  const command = await officeCommand();
  if (!command) throw new Error('an office export is made by LibreOffice, and it is not installed');
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const blocks: string[] = [];
  for (const line of cleanText(record, 'tabs', 1).split('\n')) {
    const row = line.includes('\t') ? `<tr>${line.split('\t').map((cell) => `<td>${escape(cell)}</td>`).join('')}</tr>` : null;
    if (row && blocks.at(-1)?.startsWith('<table>')) blocks[blocks.length - 1] += row;
    else if (row) blocks.push(`<table>${row}`);
    else if (line.trim()) blocks.push(`<p>${escape(line)}</p>`);
  }
  const html = `<html><head><meta charset="utf-8"><style>body { font-family: '${font}'; font-size: 12pt } td { padding: ${padding}pt }</style></head><body>${blocks.map((b) => (b.startsWith('<table>') ? `${b}</table>` : b)).join('')}</body></html>`;
  const dir = mkdtempSync(join(tmpdir(), 'office-'));
  try {
    writeFileSync(join(dir, 'dispatch.html'), html);
    await run(command, ['--headless', '--convert-to', 'pdf:writer_web_pdf_Export', '--outdir', dir, join(dir, 'dispatch.html')], { env: { ...process.env, HOME: dir } });
    return readFileSync(join(dir, 'dispatch.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Which OCR variants this machine can make, and why the others cannot be made. */
export async function ocrAvailability(): Promise<Map<OcrVariant, string | null>> {
  const reason = async (command: string, args: string[], check = (_: string) => true, missing = '') => {
    try {
      const { stdout, stderr } = await run(command, args, { encoding: 'utf8' });
      return check(stdout + stderr) ? null : missing;
    } catch {
      return `${command} is not installed`;
    }
  };
  const tesseract = await reason('tesseract', ['--list-langs'], (out) => /^eng$/m.test(out), 'tesseract has no eng model');
  // ocrmypdf reads with the same model, and pdftotext reads its result back: the first piece missing says why
  const ocrmypdf = tesseract ?? (await reason('ocrmypdf', ['--version'])) ?? (await reason('pdftotext', ['-v']));
  return new Map(OCR_VARIANTS.map((v) => [v, v.startsWith('ocrmypdf') ? ocrmypdf : tesseract]));
}

/** Scans the record with make-scans and reads the scan back with the English model. */
export async function ocrTexts(record: DispatchRecord, options: GarbleOptions, variants: OcrVariant[]): Promise<Map<OcrVariant, string>> {
  const scanOptions: ScanOptions = { ...SCANS[options.scan], font: options.font, seed: options.seed };
  const pages = await makeScan(record, scanOptions);
  const dir = mkdtempSync(join(tmpdir(), 'garbled-'));
  try {
    const images = pages.map((page, i) => {
      const path = join(dir, `p${i + 1}.jpg`);
      writeFileSync(path, page.image);
      return path;
    });
    const texts = new Map<OcrVariant, string>();
    const jobs = variants.map(async (variant) => {
      const psm = /^ocr-psm(\d+)$/.exec(variant)?.[1];
      if (psm) {
        // pages read separately and joined, each ending in Tesseract's form feed
        const read = await Promise.all(images.map((image) => tool('tesseract', [image, '-', '-l', 'eng', '--psm', psm, '--dpi', String(scanOptions.dpi)])));
        texts.set(variant, read.join(''));
      }
    });
    if (variants.some((v) => v.startsWith('ocrmypdf'))) {
      jobs.push(
        (async () => {
          writeFileSync(join(dir, 'scan.pdf'), pdfOfScans(pages, scanOptions.dpi));
          // a plain PDF: PDF/A conversion adds minutes and nothing to the text layer
          await tool('ocrmypdf', ['-l', 'eng', '--force-ocr', '--output-type', 'pdf', '--jobs', '1', '-q', join(dir, 'scan.pdf'), join(dir, 'ocr.pdf')]);
          for (const variant of variants.filter((v) => v.startsWith('ocrmypdf'))) {
            texts.set(variant, await tool('pdftotext', [...(variant === 'ocrmypdf-layout' ? ['-layout'] : []), join(dir, 'ocr.pdf'), '-']));
          }
        })(),
      );
    }
    await Promise.all(jobs);
    return texts;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes `<out>/<name>.json` and `<out>/<name>.<variant>.txt` for each variant asked for. */
export async function garble(record: DispatchRecord, name: string, out: string, options: GarbleOptions, variants: readonly Variant[]): Promise<void> {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
  const write = (variant: Variant, text: string) => writeFileSync(join(out, `${name}.${variant}.txt`), text);
  for (const layout of LAYOUTS) {
    const text = cleanText(record, layout, options.seed);
    if (variants.includes(layout)) write(layout, text);
    if (variants.includes(`${layout}-ascii`)) write(`${layout}-ascii`, stripDiacritics(text));
  }
  const ocr = OCR_VARIANTS.filter((v) => variants.includes(v));
  if (ocr.length > 0) for (const [variant, text] of await ocrTexts(record, options, ocr)) write(variant, text);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'out/garbled' },
      font: { type: 'string', default: 'Liberation Serif' },
      scan: { type: 'string', default: 'mild' },
      seed: { type: 'string', default: '1' },
      variants: { type: 'string', default: VARIANTS.join(',') },
    },
  });
  if (positionals.length === 0) throw new Error('give one or more records, e.g. golden/2018-Q1.json');
  if (!(values.scan! in SCANS)) throw new Error(`--scan is one of ${Object.keys(SCANS).join(', ')}`);
  const asked = values.variants!.split(',');
  const unknown = asked.filter((v) => !(VARIANTS as readonly string[]).includes(v));
  if (unknown.length > 0) throw new Error(`unknown variants ${unknown.join(', ')}; known: ${VARIANTS.join(', ')}`);
  const available = await ocrAvailability();
  const skipped = asked.filter((v) => available.get(v as OcrVariant));
  for (const v of skipped) console.error(`skipping ${v}: ${available.get(v as OcrVariant)}`);
  const variants = asked.filter((v) => !skipped.includes(v)) as Variant[];
  const options: GarbleOptions = { font: values.font!, scan: values.scan as GarbleOptions['scan'], seed: Number(values.seed) };
  await Promise.all(
    positionals.map(async (path) => {
      const started = performance.now();
      await garble(JSON.parse(readFileSync(path, 'utf8')) as DispatchRecord, basename(path, '.json'), values.out!, options, variants);
      console.log(`${basename(path, '.json')}: ${variants.length} variants in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
