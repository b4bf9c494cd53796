/**
 * Real-looking scans of dispatches of any kind, laid out as Decree 30/2020/NĐ-CP lays out a
 * công văn: the issuing body, its number and the subject ("V/v …") on the left of the header, the
 * national motto and the place and date on the right, the title of a notice or invitation, the
 * addressees ("Kính gửi:"), the body, then "Nơi nhận:" beside the signature block. Each dispatch
 * is a description in samples/dispatches/<id>.json; it is typeset in HTML with Times New Roman's
 * metric twin (Liberation Serif), printed to PDF by Chromium, rasterised at 300 dpi by poppler's
 * pdftoppm, and scanned by make-scans' scanner (grain, blur, skew, stamps, the scanner's encoding).
 * Beside each scan it writes the transcript a typist would make, in reading order, whole and cut
 * where the printed pages break.
 *
 *   node --import tsx samples/make-dispatches.ts [--out .bench/dispatches] [--conditions office-200,bilevel-200,photo-100]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CHROMIUM, pdfOfScans, random, scan, type ScanOptions } from './make-scans.js';

export interface Dispatch {
  id: string;
  kind: string;
  /** The issuing body's lines: its parent body, then itself. */
  issuer: string[];
  /** False when the issuer has no parent body (a People's Committee): every line is its own name, in bold. */
  parentBody?: boolean;
  number: string;
  /** "V/v …", under the number; a notice or an invitation has its title instead. */
  subject: string[];
  motto: string[];
  placeDate: string;
  title: string[];
  recipients: string[];
  body: string[];
  received: string[];
  signature: string[];
}

/**
 * How each kind of scan is made: an office scanner in grey, in black and white, and in colour over
 * a stamped copy, and a phone's low-resolution colour photo of a stamped copy, at 100 dpi and at
 * the 70 dpi of the photographs archives were seen to hold.
 */
export const CONDITIONS: Record<string, ScanOptions> = {
  'office-200': { dpi: 200, skew: 0.8, quality: 75, noise: 5, blur: 0.5, font: 'Liberation Serif', seed: 1 },
  'bilevel-200': { dpi: 200, skew: 0.6, quality: 75, noise: 4, blur: 0.4, font: 'Liberation Serif', seed: 2, bilevel: true },
  'photo-100': { dpi: 100, skew: 1.5, quality: 55, noise: 8, blur: 0.7, font: 'Liberation Serif', seed: 3, stamp: true },
  'colour-200': { dpi: 200, skew: 0.7, quality: 70, noise: 5, blur: 0.5, font: 'Liberation Serif', seed: 4, stamp: true },
  'photo-70': { dpi: 70, skew: -1.2, quality: 60, noise: 6, blur: 0.6, font: 'Liberation Serif', seed: 5, stamp: true },
};

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The dispatch typeset as Decree 30 sets it out (13–14 pt Times, the header in two columns). */
export function dispatchHtml(d: Dispatch): string {
  const lines = (items: string[], style = '') => items.map((l) => `<div style="${style}">${escape(l)}</div>`).join('');
  const [parent, own] = d.parentBody === false ? [[], d.issuer] : [d.issuer.slice(0, 1), d.issuer.slice(1)];
  return `<!doctype html><meta charset="utf-8"><style>
@page { size: A4; margin: 20mm 15mm 20mm 30mm }
body { font-family: 'Liberation Serif'; font-size: 14pt; line-height: 1.25 }
table.head { width: 100%; border-collapse: collapse } table.head td { vertical-align: top; text-align: center; padding: 0 }
.rule { width: 35%; margin: 2pt auto 6pt; border-top: 0.8pt solid black }
.body p { text-align: justify; text-indent: 12mm; margin: 0 0 6pt }
table.foot { width: 100%; margin-top: 12pt } table.foot td { vertical-align: top; padding: 0 }
</style>
<table class="head"><tr>
<td style="width:42%;font-size:13pt">${lines(parent)}${lines(own, 'font-weight:bold')}<div class="rule"></div>${lines([d.number])}${lines(d.subject, 'font-size:12pt')}</td>
<td style="font-size:12pt">${lines([d.motto[0]!], 'font-weight:bold')}${lines(d.motto.slice(1), 'font-weight:bold;font-size:14pt')}<div class="rule" style="width:55%"></div>${lines([d.placeDate], 'font-style:italic;font-size:14pt')}</td>
</tr></table>
<div style="margin-top:14pt;text-align:center">${lines(d.title.slice(0, 1), 'font-weight:bold')}${lines(d.title.slice(1), 'font-weight:bold')}</div>
<div style="margin:10pt 0 8pt 20mm">${lines(d.recipients)}</div>
<div class="body">${d.body.map((p) => `<p>${escape(p)}</p>`).join('')}</div>
<table class="foot"><tr>
<td style="width:50%;font-size:11pt">${lines(d.received.slice(0, 1), 'font-weight:bold;font-style:italic;font-size:12pt')}${lines(d.received.slice(1))}</td>
<td style="text-align:center;font-weight:bold">${lines(d.signature.slice(0, -1))}<div style="height:60pt"></div>${lines(d.signature.slice(-1))}</td>
</tr></table>`;
}

/** What a typist would type from the scan, in reading order: the header's left column, then its right, then the page top to bottom. */
export function transcript(d: Dispatch): string {
  return [...d.issuer, d.number, ...d.subject, ...d.motto, d.placeDate, ...d.title, ...d.recipients, ...d.body, ...d.received, ...d.signature].join('\n') + '\n';
}

/**
 * The transcript cut where the printed pages break: each page's words, as pdftotext finds them in
 * the PDF Chromium printed (exact text, in whatever order it reads the header's columns), are the
 * next run of the transcript's words, which keep the transcript's lines.
 */
export function transcriptPages(d: Dispatch, pdf: string): string[] {
  const count = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
  const words = transcript(d).normalize('NFC').split('\n').flatMap((text, line) => text.split(/\s+/).filter(Boolean).map((word) => ({ word, line })));
  const pages: string[] = [];
  let from = 0;
  for (let page = 1; page <= count; page++) {
    const printed = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' }).normalize('NFC').split(/\s+/).filter(Boolean);
    const run = words.slice(from, from + printed.length);
    const sorted = (list: string[]) => JSON.stringify([...list].sort());
    if (sorted(run.map((w) => w.word)) !== sorted(printed)) throw new Error(`${d.id}: page ${page} of the printed PDF is not the next ${printed.length} words of the transcript`);
    const lines = new Map<number, string[]>();
    for (const { word, line } of run) lines.set(line, [...(lines.get(line) ?? []), word]);
    pages.push([...lines.values()].map((l) => l.join(' ')).join('\n') + '\n');
    from += printed.length;
  }
  if (from !== words.length) throw new Error(`${d.id}: ${words.length - from} words of the transcript are on no printed page`);
  return pages;
}

/** The dispatch printed: each page as Chromium prints it, rasterised at 300 dpi (PNG), and each page's transcript. */
export interface PrintedDispatch { images: Buffer[]; pages: string[] }

/** The dispatch printed by Chromium once, so each condition scans the same sheets. */
export function printDispatch(d: Dispatch): PrintedDispatch {
  if (!CHROMIUM) throw new Error('dispatches are typeset by Chromium, and none is installed');
  const dir = mkdtempSync(join(tmpdir(), 'dispatch-'));
  try {
    writeFileSync(join(dir, 'd.html'), dispatchHtml(d));
    execFileSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--print-to-pdf=${join(dir, 'd.pdf')}`, pathToFileURL(join(dir, 'd.html')).href], { stdio: 'ignore', timeout: 120_000 });
    execFileSync('pdftoppm', ['-r', '300', '-gray', '-png', join(dir, 'd.pdf'), join(dir, 'p')]);
    const images = readdirSync(dir).filter((f) => /^p-\d+\.png$/.test(f)).sort().map((f) => readFileSync(join(dir, f)));
    return { images, pages: transcriptPages(d, join(dir, 'd.pdf')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The printed sheets scanned under a condition: the scan's PDF. */
export async function scanPrinted({ images }: PrintedDispatch, options: ScanOptions): Promise<Buffer> {
  const rnd = random(options.seed);
  const scans = [];
  for (const [i, png] of images.entries()) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="595" height="842" viewBox="0 0 595 842"><image width="595" height="842" xlink:href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
    scans.push(await scan(svg, options, options.skew * (i % 2 === 0 ? 1 : -1), rnd));
  }
  return pdfOfScans(scans, options.dpi);
}

export const readDispatches = (dir = 'samples/dispatches'): Dispatch[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Dispatch);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: '.bench/dispatches' }, conditions: { type: 'string', default: Object.keys(CONDITIONS).join(',') } } });
  mkdirSync(values.out!, { recursive: true });
  for (const d of readDispatches()) {
    const printed = printDispatch(d);
    writeFileSync(join(values.out!, `${d.id}.transcript.txt`), transcript(d));
    printed.pages.forEach((text, i) => writeFileSync(join(values.out!, `${d.id}.transcript.p${i + 1}.txt`), text));
    for (const condition of values.conditions!.split(',')) writeFileSync(join(values.out!, `${d.id}.${condition}.pdf`), await scanPrinted(printed, CONDITIONS[condition]!));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
