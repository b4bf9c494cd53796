/**
 * npm run bench:batch: one batch of 200 documents through `digitise run`, as an archivist leaves
 * one running: 180 texts (60 generated quarters, each in three layouts) and 20 scans (bilevel,
 * 200 dpi, of the first 20 quarters), cached in .bench/batch/. The CLI's resident memory is
 * sampled as it goes; printed: memory at start (after its first document), at its peak and at the
 * end, the curve every 20 documents, and the batch's time against one document of each kind run
 * alone times the count of that kind.
 *
 *   npm run bench:batch
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRecord, quarters } from '../samples/make-records.js';
import { cleanText } from '../samples/make-garbled.js';
import { makeScan, pdfOfScans } from '../samples/make-scans.js';
import { MALLOC_ENV } from '../src/cli/malloc.js';

const DIR = '.bench/batch';
const LAYOUTS = ['tabs', 'cells', 'wrapped'] as const;
const QUARTERS = 60;
const SCANS = 20;

/** Makes the batch's documents that are missing or stale. */
async function corpus(): Promise<void> {
  const generators = ['samples/make-records.ts', 'samples/make-garbled.ts', 'samples/make-scans.ts'].map((f) => readFileSync(f, 'utf8'));
  const key = createHash('sha256').update(JSON.stringify({ LAYOUTS, QUARTERS, SCANS })).update(generators.join('')).digest('hex');
  if (existsSync(join(DIR, 'key')) && readFileSync(join(DIR, 'key'), 'utf8') === key) return;
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  for (const [i, period] of quarters('2010-Q1', QUARTERS).entries()) {
    const record = makeRecord(period, i + 1);
    const stem = `${period.year}-Q${period.quarter}`;
    for (const layout of LAYOUTS) writeFileSync(join(DIR, `${stem}.${layout}.txt`), cleanText(record, layout, i + 1));
    if (i < SCANS) {
      const options = { dpi: 200, skew: 1.2, quality: 62, noise: 10, blur: 0.7, font: 'Liberation Serif', seed: i + 1, bilevel: true };
      writeFileSync(join(DIR, `${stem}.scan.pdf`), pdfOfScans(await makeScan(record, options), options.dpi));
    }
  }
  writeFileSync(join(DIR, 'key'), key);
}

interface Sample {
  done: number;
  rssMb: number;
}

/** Runs `digitise run` over the paths, its outputs in a folder of its own under `scratch`, sampling its resident memory; returns its wall time and the samples. */
async function run(scratch: string, paths: string[]): Promise<{ seconds: number; samples: Sample[]; peakMb: number }> {
  const out = mkdtempSync(join(scratch, 'run-'));
  const started = performance.now();
  // with the allocator's setting given, the CLI does not run itself again in a child: this pid is the one working
  const child = spawn(process.execPath, ['bin/digitise.js', 'run', ...paths, '--out', out], { env: { ...process.env, ...MALLOC_ENV }, stdio: ['ignore', 'pipe', 'inherit'] });
  const samples: Sample[] = [];
  let done = 0;
  let peakMb = 0;
  const rss = () => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      peakMb = Math.max(peakMb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    } catch {
      return null;
    }
  };
  const timer = setInterval(rss, 200);
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      const progress = /^\[\s*(\d+)\/\d+\]/.exec(line);
      if (!progress) continue;
      done = Number(progress[1]);
      const now = rss();
      if (now !== null) samples.push({ done, rssMb: now });
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  rmSync(out, { recursive: true, force: true });
  if (code !== 0) throw new Error(`digitise run ended with ${code} on the batch`);
  return { seconds: (performance.now() - started) / 1000, samples, peakMb };
}

async function main(): Promise<void> {
  if (spawnSync('npm', ['run', 'build'], { stdio: 'ignore' }).status !== 0) throw new Error('npm run build failed');
  await corpus();
  const files = readdirSync(DIR).filter((f) => f !== 'key').sort().map((f) => join(DIR, f));
  // the kind of a document: its layout, or a scan
  const kindOf = (file: string) => file.split('.').at(-2)!;
  const kinds = [...new Set(files.map(kindOf))];
  const scratch = mkdtempSync(join(tmpdir(), 'bench-batch-'));
  try {
    // one document of each kind alone, as a user running the tool once per file would
    const alone = new Map<string, number>();
    for (const kind of kinds) alone.set(kind, (await run(scratch, [files.find((f) => kindOf(f) === kind)!])).seconds);
    const batch = await run(scratch, files);
    const first = batch.samples[0]!;
    const last = batch.samples.at(-1)!;
    const peak = batch.samples.reduce((a, b) => (b.rssMb > a.rssMb ? b : a));
    const count = (kind: string) => files.filter((f) => kindOf(f) === kind).length;
    console.log(`batch of ${files.length} documents (${kinds.map((k) => `${count(k)} ${k}`).join(', ')}) in ${batch.seconds.toFixed(0)} s: ${((60 * files.length) / batch.seconds).toFixed(1)} documents a minute`);
    console.log(`resident memory: ${Math.round(first.rssMb)} MB after the first document, peak ${Math.round(peak.rssMb)} MB (after ${peak.done}; high-water mark ${Math.round(batch.peakMb)} MB), ${Math.round(last.rssMb)} MB at the end`);
    console.log(`memory by documents done: ${batch.samples.filter((s) => s.done % 20 === 0 || s === first).map((s) => `${s.done}: ${Math.round(s.rssMb)} MB`).join(', ')}`);
    const expected = kinds.reduce((sum, k) => sum + count(k) * alone.get(k)!, 0);
    console.log(`one document alone: ${kinds.map((k) => `${k} ${alone.get(k)!.toFixed(1)} s`).join(', ')}; times the count ${expected.toFixed(0)} s; the batch takes ${((100 * batch.seconds) / expected).toFixed(0)}% of that`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
