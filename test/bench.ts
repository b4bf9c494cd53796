/**
 * npm run bench: digitises every sample (scans and texts), each in its own process so its peak
 * memory is its own, and prints per document the cell accuracy against its golden record, the
 * wall time (per page for scans) and the peak resident memory. Where OCRmyPDF is installed it
 * runs `ocrmypdf --deskew -l vie` on the same scans in the same run, for the time ratio.
 *
 *   npm run bench [-- files…]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { DispatchRecord } from '../src/index.js';
import { compareTables } from './compare.js';

interface Measured {
  seconds: number;
  peakMb: number;
  pages: number;
  record: DispatchRecord;
}

/**
 * Digitises one file in a child process running the built library, as the CLI does (not through
 * the TypeScript loader, which would add its own memory); `seconds` is the child's whole wall time.
 */
const CHILD = `
  const { digitiseFile } = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});
  const { record } = await digitiseFile(process.argv[1]);
  process.stdout.write(JSON.stringify({ peakMb: process.resourceUsage().maxRSS / 1024, pages: record.scan?.pages.length ?? 0, record }));
`;

function measure(path: string): Measured {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, path], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (child.status !== 0) throw new Error(`${path}: ${child.stderr.trim().split('\n').at(-1)}`);
  return { ...(JSON.parse(child.stdout) as Measured), seconds: (performance.now() - started) / 1000 };
}

function ocrmypdf(path: string): number | null {
  try {
    execFileSync('ocrmypdf', ['--version'], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const out = join(mkdtempSync(join(tmpdir(), 'bench-')), 'out.pdf');
  const started = performance.now();
  const run = spawnSync('ocrmypdf', ['--deskew', '-l', 'vie', '--jobs', '2', '-q', path, out], { encoding: 'utf8' });
  if (run.status !== 0) {
    console.error(`  ocrmypdf failed on ${path}: ${run.stderr.trim().split('\n').at(-1)}`);
    return null;
  }
  return (performance.now() - started) / 1000;
}

/** samples/2018-Q1.scan.pdf and samples/2018-Q1.txt are both checked against golden/2018-Q1.json. */
function goldenFor(path: string): DispatchRecord | null {
  const stem = basename(path).replace(/(\.scan)?\.[^.]+$/, '');
  const file = join('golden', `${stem}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DispatchRecord) : null;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const inputs = args.length > 0 ? args : readdirSync('samples').filter((f) => /\.(pdf|png|jpe?g|tiff?|txt)$/i.test(f)).sort().map((f) => join('samples', f));
  console.log('document                     cells            time            per page   peak memory   ocrmypdf   ratio');
  for (const input of inputs) {
    const m = measure(input);
    const golden = goldenFor(input);
    const score = golden ? compareTables(m.record, golden) : null;
    const accuracy = score ? `${score.matching}/${score.cells} ${((100 * score.matching) / score.cells).toFixed(2)}%` : 'no golden';
    const perPage = m.pages ? `${(m.seconds / m.pages).toFixed(2)} s` : '-';
    const theirs = m.pages ? ocrmypdf(input) : null;
    console.log(
      [
        basename(input).padEnd(28),
        accuracy.padEnd(16),
        `${m.seconds.toFixed(1)} s${m.pages ? ` / ${m.pages} p` : ''}`.padEnd(15),
        perPage.padEnd(10),
        `${Math.round(m.peakMb)} MB`.padEnd(13),
        (theirs === null ? '-' : `${theirs.toFixed(1)} s`).padEnd(10),
        theirs === null ? '-' : `${(m.seconds / theirs).toFixed(2)}×`,
      ].join(' '),
    );
    if (score && score.differences.length > 0) for (const d of score.differences) console.log(`    ${d}`);
  }
}

await main();
