/**
 * npm run bench:queue: one batch of scans (four of a quarter each, and one long scan of several
 * quarters, read in parts) through the queue with 1, 2 and 4 worker processes on this machine,
 * each `--jobs 1`, beside `digitise run --jobs 2` on the same batch. Then twice more with 2
 * workers: one worker killed (kill -9) a third of the way through and another started in its
 * place, as a supervisor would; and Redis restarted mid-batch. Prints pages an hour, each
 * worker's peak memory, Redis's peak memory, what the killed worker cost, and how long the
 * workers took to reconnect. The corpus is cached in .bench/queue/.
 *
 *   npm run bench:queue
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { makeRecord, quarters } from '../samples/make-records.js';
import { makeScan, pdfOfScans, type ScannedPage } from '../samples/make-scans.js';
import { MALLOC_ENV } from '../src/cli/malloc.js';
import { addToQueue, queueStatus } from '../src/queue/index.js';
import { redisServer, startRedis, type RedisServer } from './redis.js';

const DIR = '.bench/queue';
const SCANS = 4;
/** Quarters in the long scan. */
const LONG = 4;

async function corpus(): Promise<void> {
  const generators = ['samples/make-records.ts', 'samples/make-scans.ts'].map((f) => readFileSync(f, 'utf8'));
  const key = createHash('sha256').update(JSON.stringify({ SCANS, LONG })).update(generators.join('')).digest('hex');
  if (existsSync(join(DIR, 'key')) && readFileSync(join(DIR, 'key'), 'utf8') === key) return;
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const long: ScannedPage[] = [];
  for (const [i, period] of quarters('2014-Q1', SCANS + LONG).entries()) {
    const options = { dpi: 200, skew: 1.2, quality: 62, noise: 10, blur: 0.7, font: 'Liberation Serif', seed: 100 + i, bilevel: true };
    const pages = await makeScan(makeRecord(period, 100 + i), options);
    if (i < SCANS) writeFileSync(join(DIR, `${period.year}-Q${period.quarter}.scan.pdf`), pdfOfScans(pages, options.dpi));
    else long.push(...pages);
  }
  writeFileSync(join(DIR, 'long.scan.pdf'), pdfOfScans(long, 200));
  writeFileSync(join(DIR, 'key'), key);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Peak resident memory of a process so far, in MB. */
function peakMb(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

interface Trial {
  workers: number;
  /** Called once as the batch goes, with what it may disturb. */
  disturb?: (at: { redis: RedisServer; workers: ChildProcess[]; start: () => ChildProcess; total: number }) => Promise<void>;
}

/** The batch through the queue, Redis's data and the outputs in a folder of its own under `scratch`; returns its wall time, the workers' peak memory and Redis's. */
async function throughQueue(scratch: string, files: string[], { workers: count, disturb }: Trial): Promise<{ seconds: number; workerMb: number[]; redisMb: number }> {
  const root = mkdtempSync(join(scratch, 'queue-'));
  const redis = await startRedis(root);
  const workers: ChildProcess[] = [];
  const peaks = new Map<number, number>();
  const start = () => {
    const child = spawn(process.execPath, ['bin/digitise.js', 'worker', '--redis', redis.url, '--jobs', '1'], { env: { ...process.env, ...MALLOC_ENV }, stdio: 'ignore' });
    workers.push(child);
    return child;
  };
  const probe = new Redis(redis.url, { maxRetriesPerRequest: null }).on('error', () => undefined);
  let redisMb = 0;
  const sampler = setInterval(() => {
    for (const w of workers) peaks.set(w.pid!, Math.max(peaks.get(w.pid!) ?? 0, peakMb(w.pid!)));
    void probe
      .info('memory')
      .then((info) => (redisMb = Math.max(redisMb, Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0) / 2 ** 20)))
      .catch(() => undefined);
  }, 500);
  try {
    await addToQueue(files, join(root, 'out'), { redis: redis.url });
    const started = performance.now();
    for (let i = 0; i < count; i++) start();
    const disturbed = disturb?.({ redis, workers, start, total: files.length });
    for (;;) {
      const { documents } = await queueStatus({ redis: redis.url }).catch(() => ({ documents: { done: 0, failed: 0 } }));
      if (documents.done + documents.failed === files.length) break;
      await sleep(250);
    }
    const seconds = (performance.now() - started) / 1000;
    await disturbed;
    return { seconds, workerMb: [...peaks.values()], redisMb };
  } finally {
    clearInterval(sampler);
    for (const w of workers) w.kill('SIGKILL');
    probe.disconnect();
    await redis.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

/** Waits until `count` documents of the batch are done. */
async function whenDone(url: string, count: number): Promise<void> {
  for (;;) {
    const { documents } = await queueStatus({ redis: url }).catch(() => ({ documents: { done: 0 } }));
    if (documents.done >= count) return;
    await sleep(250);
  }
}

async function main(): Promise<void> {
  if (!redisServer) throw new Error('bench:queue needs redis-server (Debian: apt-get install redis-server)');
  if (spawnSync('npm', ['run', 'build'], { stdio: 'ignore' }).status !== 0) throw new Error('npm run build failed');
  await corpus();
  const files = readdirSync(DIR).filter((f) => f.endsWith('.pdf')).sort().map((f) => resolve(DIR, f));
  const pages = files.reduce((n, f) => n + Number(/\/Count (\d+)/.exec(readFileSync(f, 'latin1'))![1]), 0);
  const rate = (seconds: number) => Math.round((pages * 3600) / seconds);
  console.log(`batch: ${files.length} scans, ${pages} pages (the long one read in parts of 8 pages)`);

  const scratch = mkdtempSync(join(tmpdir(), 'bench-queue-'));
  try {
    const out = mkdtempSync(join(scratch, 'run-'));
    const started = performance.now();
    spawnSync(process.execPath, ['bin/digitise.js', 'run', ...files, '--out', out, '--jobs', '2'], { env: { ...process.env, ...MALLOC_ENV }, stdio: 'ignore' });
    const alone = (performance.now() - started) / 1000;
    rmSync(out, { recursive: true, force: true });
    console.log(`digitise run --jobs 2: ${alone.toFixed(0)} s, ${rate(alone)} pages an hour`);

    const baseline = new Map<number, number>();
    for (const workers of [1, 2, 4]) {
      const { seconds, workerMb, redisMb } = await throughQueue(scratch, files, { workers });
      baseline.set(workers, seconds);
      console.log(`${workers} worker${workers > 1 ? 's' : ''} (--jobs 1): ${seconds.toFixed(0)} s, ${rate(seconds)} pages an hour; worker peak ${workerMb.map((m) => Math.round(m)).join(', ')} MB; Redis peak ${redisMb.toFixed(1)} MB`);
    }

    const killed = await throughQueue(scratch, files, {
      workers: 2,
      disturb: async ({ redis, workers, start, total }) => {
        await whenDone(redis.url, Math.ceil(total / 3));
        workers[0]!.kill('SIGKILL');
        start();
      },
    });
    console.log(`2 workers, one killed a third of the way and replaced: ${killed.seconds.toFixed(0)} s, ${(killed.seconds - baseline.get(2)!).toFixed(0)} s more than undisturbed (its jobs wait out their lock, 60 s, before another worker takes them)`);

    let reconnect = 0;
    const restarted = await throughQueue(scratch, files, {
      workers: 2,
      disturb: async ({ redis, total }) => {
        await whenDone(redis.url, Math.ceil(total / 3));
        const probe = new Redis(redis.url);
        const clients = async () => ((await probe.client('LIST')) as string).trim().split('\n').length - 1;
        const before = await clients();
        probe.disconnect();
        await redis.restart();
        const back = performance.now();
        const again = new Redis(redis.url);
        while (((await again.client('LIST')) as string).trim().split('\n').length - 1 < before) await sleep(50);
        reconnect = (performance.now() - back) / 1000;
        again.disconnect();
      },
    });
    console.log(`2 workers, Redis restarted a third of the way: ${restarted.seconds.toFixed(0)} s (${(restarted.seconds - baseline.get(2)!).toFixed(0)} s more); every worker connection back ${reconnect.toFixed(1)} s after Redis was`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
