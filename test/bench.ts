/**
 * npm run bench: digitises every sample and a corpus of generated scans (cached in .bench/scans/,
 * remade when a record, its options or samples/make-scans.ts change), each in its own process so
 * its peak memory is its own, and prints per document the cell accuracy against its golden
 * record, the wall time (per page for scans) and the peak resident memory. Where OCRmyPDF is
 * installed it runs `ocrmypdf --force-ocr --deskew -l vie --jobs 2` on the samples and on the
 * corpus's 300-dpi greyscale and 200-dpi bilevel scans, right after our run of the same file,
 * for the time ratio. Totals per kind of scan close the table.
 *
 *   npm run bench [-- files…]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { DispatchRecord } from '../src/index.js';
import { makeRecord } from '../samples/make-records.js';
import { CHROMIUM, makeDigital, makeScan, pdfOfScans, type ScanOptions } from '../samples/make-scans.js';
import { officeCommand, officePdf } from '../samples/make-garbled.js';
import { compareTables } from './compare.js';
import { MALLOC_ENV } from '../src/cli/malloc.js';

const DIR = '.bench/scans';
const golden = (stem: string) => JSON.parse(readFileSync(`golden/${stem}.json`, 'utf8')) as DispatchRecord;

/** Two golden and two synthetic records, each in its own font. */
const RECORDS: Array<{ name: string; record: DispatchRecord; font: string }> = [
  { name: '2018-Q1', record: golden('2018-Q1'), font: 'Liberation Serif' },
  { name: '2018-Q3', record: golden('2018-Q3'), font: 'DejaVu Serif' },
  { name: '2019-Q2', record: makeRecord({ year: 2019, quarter: 2 }, 1), font: 'DejaVu Sans' },
  { name: '2022-Q1', record: makeRecord({ year: 2022, quarter: 1 }, 1), font: 'Liberation Sans' },
];

const BASE: Omit<ScanOptions, 'font' | 'seed'> = { dpi: 300, skew: 1.2, quality: 62, noise: 10, blur: 0.7 };
/** The kinds of scan archives hold; OCRmyPDF is timed on those marked. */
const KINDS: Record<string, { options: Partial<ScanOptions>; compare: boolean; digital?: { borderless?: boolean; pages?: number[] }; office?: number }> = {
  'grey-300': { options: {}, compare: true },
  'stamped-colour': { options: { stamp: true }, compare: false },
  'bilevel-200': { options: { bilevel: true, dpi: 200 }, compare: true },
  'jbig2-200': { options: { bilevel: 'jbig2', dpi: 200 }, compare: false },
  'grey-150': { options: { dpi: 150, blur: 0.4 }, compare: false },
  photocopy: { options: { photocopy: true }, compare: false },
  'mixed-sizes': { options: { mixedSizes: true }, compare: false },
  'page-3-turned': { options: { turned: [3] }, compare: false },
  'rows-split': { options: { splitRows: true }, compare: false },
  'skewed-7': { options: { skew: 7 }, compare: false },
  // exported by a word processor, not scanned: read from their text (made where Chromium is installed)
  'born-digital': { options: {}, compare: false, digital: {} },
  'borderless-digital': { options: {}, compare: false, digital: { borderless: true } },
  'mixed-digital': { options: {}, compare: false, digital: { pages: [1, 3] } },
  // exported by LibreOffice (where installed), its tables as HTML prints them: no rules, cells padded 2 points
  'office-export': { options: {}, compare: false, office: 2 },
};

/** Makes the corpus's scans that are missing or stale; returns them with their records. */
async function scanCorpus(): Promise<Array<{ path: string; kind: string; record: DispatchRecord; compare: boolean }>> {
  mkdirSync(DIR, { recursive: true });
  const generator = ['samples/make-scans.ts', 'samples/make-garbled.ts'].map((f) => readFileSync(f, 'utf8')).join('');
  const corpus = [];
  for (const [i, { name, record, font }] of RECORDS.entries())
    for (const [kind, { options, compare, digital, office }] of Object.entries(KINDS)) {
      if ((digital && !CHROMIUM) || (office !== undefined && !(await officeCommand()))) continue;
      const scanOptions: ScanOptions = { ...BASE, font, seed: i + 1, ...options };
      const path = join(DIR, `${name}.${kind}.pdf`);
      const key = createHash('sha256').update(JSON.stringify([record, scanOptions])).update(generator).digest('hex');
      if (!existsSync(path) || !existsSync(`${path}.key`) || readFileSync(`${path}.key`, 'utf8') !== key) {
        const pdf =
          office !== undefined
            ? await officePdf(record, font, office)
            : digital
              ? await makeDigital(record, { ...scanOptions, borderless: digital.borderless }, digital.pages)
              : pdfOfScans(await makeScan(record, scanOptions), scanOptions.dpi);
        writeFileSync(path, pdf);
        writeFileSync(`${path}.key`, key);
      }
      corpus.push({ path, kind, record, compare });
    }
  return corpus;
}

interface Measured {
  seconds: number;
  peakMb: number;
  pages: number;
  record: DispatchRecord;
}

/**
 * Digitises one file in a child process running the built library, as the CLI does (not through
 * the TypeScript loader, which would add its own memory, and with the CLI's allocator setting);
 * `seconds` is the child's whole wall time.
 */
const CHILD = `
  const { readFileSync } = await import('node:fs');
  const { digitiseFile } = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});
  const { record } = await digitiseFile(process.argv[1]);
  // Linux keeps the largest resident size a process had across exec, so getrusage would report this
  // bench's own size; the memory map's high-water mark is the child's alone
  const hwm = /VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  const peakMb = (hwm ? Number(hwm) : process.resourceUsage().maxRSS) / 1024;
  process.stdout.write(JSON.stringify({ peakMb, pages: record.scan?.pages.length ?? 0, record }));
`;

function measure(path: string): Measured {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, path], { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, ...MALLOC_ENV } });
  if (child.status !== 0) throw new Error(`${path}: ${child.stderr.trim().split('\n').at(-1)}`);
  return { ...(JSON.parse(child.stdout) as Measured), seconds: (performance.now() - started) / 1000 };
}

/** OCRmyPDF's time on the file, its output written to `out`; null where it is not installed or fails. */
function ocrmypdf(path: string, out: string): number | null {
  try {
    execFileSync('ocrmypdf', ['--version'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const started = performance.now();
  const run = spawnSync('ocrmypdf', ['--force-ocr', '--deskew', '-l', 'vie', '--jobs', '2', '-q', path, out], { encoding: 'utf8' });
  if (run.status !== 0) {
    console.error(`  ocrmypdf failed on ${path}: ${run.stderr.trim().split('\n').at(-1)}`);
    return null;
  }
  return (performance.now() - started) / 1000;
}

/**
 * samples/2018-Q1.scan.pdf and samples/2018-Q1.txt are both checked against golden/2018-Q1.json;
 * a scan of the corpus named on the command line, against the record it was made from.
 */
function goldenFor(path: string): DispatchRecord | null {
  const made = RECORDS.find(({ name }) => basename(path).startsWith(`${name}.`) && resolve(path).startsWith(resolve(DIR)));
  if (made) return made.record;
  const stem = basename(path).replace(/(\.scan)?\.[^.]+$/, '');
  const file = join('golden', `${stem}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DispatchRecord) : null;
}

interface Run {
  path: string;
  kind: string;
  golden: DispatchRecord | null;
  compare: boolean;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const samples = args.length > 0 ? args : readdirSync('samples').filter((f) => /\.(pdf|png|jpe?g|tiff?|txt)$/i.test(f)).sort().map((f) => join('samples', f));
  const runs: Run[] = samples.map((path) => ({ path, kind: 'sample', golden: goldenFor(path), compare: true }));
  if (args.length === 0) runs.push(...(await scanCorpus()).map(({ path, kind, record, compare }) => ({ path, kind, golden: record, compare })));
  const scratch = mkdtempSync(join(tmpdir(), 'bench-'));
  try {
    const totals = new Map<string, { right: number; cells: number; seconds: number; pages: number; theirs: number; ours: number; peakMb: number }>();
    console.log('document                          cells            time            per page   peak memory   ocrmypdf   ratio');
    for (const run of runs) {
      const m = measure(run.path);
      const score = run.golden ? compareTables(m.record, run.golden) : null;
      const accuracy = score ? `${score.matching}/${score.cells} ${((100 * score.matching) / score.cells).toFixed(2)}%` : 'no golden';
      const perPage = m.pages ? `${(m.seconds / m.pages).toFixed(2)} s` : '-';
      const theirs = m.pages && run.compare ? ocrmypdf(run.path, join(scratch, 'out.pdf')) : null;
      console.log(
        [
          basename(run.path).padEnd(33),
          accuracy.padEnd(16),
          `${m.seconds.toFixed(1)} s${m.pages ? ` / ${m.pages} p` : ''}`.padEnd(15),
          perPage.padEnd(10),
          `${Math.round(m.peakMb)} MB`.padEnd(13),
          (theirs === null ? '-' : `${theirs.toFixed(1)} s`).padEnd(10),
          theirs === null ? '-' : `${(m.seconds / theirs).toFixed(2)}×`,
        ].join(' '),
      );
      if (score && score.differences.length > 0) for (const d of score.differences) console.log(`    ${d}`);
      if (!m.pages || !score) continue;
      const total = totals.get(run.kind) ?? { right: 0, cells: 0, seconds: 0, pages: 0, theirs: 0, ours: 0, peakMb: 0 };
      Object.assign(total, {
        right: total.right + score.matching,
        cells: total.cells + score.cells,
        seconds: total.seconds + m.seconds,
        pages: total.pages + m.pages,
        theirs: total.theirs + (theirs ?? 0),
        ours: total.ours + (theirs === null ? 0 : m.seconds),
        peakMb: Math.max(total.peakMb, m.peakMb),
      });
      totals.set(run.kind, total);
    }
    console.log('\nscans by kind                     cells            per page   peak memory   ratio to ocrmypdf');
    for (const [kind, t] of totals)
      console.log(
        [kind.padEnd(33), `${((100 * t.right) / t.cells).toFixed(2)}%`.padEnd(16), `${(t.seconds / t.pages).toFixed(2)} s`.padEnd(10), `${Math.round(t.peakMb)} MB`.padEnd(13), t.theirs > 0 ? `${(t.ours / t.theirs).toFixed(2)}×` : '-'].join(' '),
      );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
