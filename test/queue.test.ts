import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSchema, runBatch } from '../src/index.js';
import type { Manifest } from '../src/batch/manifest.js';
import { addToQueue, queueStatus } from '../src/queue/index.js';
import { redisServer, startRedis, type RedisServer } from './redis.js';
import { scratchDir } from './scratch.js';

/** A worker killed, Redis restarted, and the batch then digitised again with `run` to compare. */
const FAULTS_TIMEOUT = 420_000;

if (!redisServer) console.warn('queue tests skipped: redis-server is not installed (Debian: apt-get install redis-server)');

const root = scratchDir('digitise-queue-');
const inputs = join(root, 'inputs');
const out = join(root, 'out');
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let redis: RedisServer;
const workers: ChildProcess[] = [];

/** A worker process, in a process group of its own so it can be killed as a machine would lose it. */
function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/cli-from-source.ts', 'worker', '--redis', redis.url, '--jobs', '1', '--lock-seconds', '10'], { detached: true, stdio: 'ignore' });
  workers.push(child);
  return child;
}

async function until(done: () => Promise<boolean>, ms: number): Promise<void> {
  for (const started = Date.now(); !(await done()); await sleep(250)) if (Date.now() - started > ms) throw new Error(`not done after ${ms / 1000} s`);
}

describe.skipIf(!redisServer)('a queue of inputs on a real Redis, with several workers', () => {
  beforeAll(async () => {
    mkdirSync(inputs, { recursive: true });
    copyFileSync('samples/2018-Q1.txt', join(inputs, '2018-Q1.txt'));
    copyFileSync('samples/other/2021-krongpac-giaymoi.txt', join(inputs, 'giaymoi.txt'));
    copyFileSync('samples/2018-Q1.scan.pdf', join(inputs, 'scan.pdf'));
    // cut short: every try of it fails the same way
    writeFileSync(join(inputs, 'broken.pdf'), readFileSync('samples/2018-Q1.scan.pdf').subarray(0, 900));
    redis = await startRedis(root);
  });

  afterAll(async () => {
    for (const worker of workers) {
      try {
        process.kill(-worker.pid!, 'SIGKILL');
      } catch {
        // it had stopped already
      }
    }
    await redis?.stop();
  });

  it(
    'loses nothing when a worker is killed mid-job and Redis restarts mid-batch, and writes what `run` writes',
    async () => {
      const added = await addToQueue([inputs], out, { redis: redis.url, pagesPerPart: 2 });
      expect(added.queued).toHaveLength(4);
      // the same files again are the same jobs
      expect((await addToQueue([inputs], out, { redis: redis.url })).alreadyQueued).toHaveLength(4);

      const doomed = startWorker();
      startWorker();
      // mid-job: it is reading some of the scan's pages
      const itsPart = async () => (await queueStatus({ redis: redis.url })).inProgress.find((job) => job.worker.endsWith(`:${doomed.pid}`) && job.pages !== null);
      await until(async () => (await itsPart()) !== undefined, 120_000);
      await sleep(1000);
      expect(await itsPart()).toBeDefined();
      process.kill(-doomed.pid!, 'SIGKILL');

      await redis.restart();
      startWorker();
      await until(async () => {
        const { documents } = await queueStatus({ redis: redis.url });
        return documents.done + documents.failed === 4;
      }, 300_000);

      const status = await queueStatus({ redis: redis.url });
      expect(status.documents).toMatchObject({ done: 3, failed: 1 });
      expect(status.failures).toEqual([expect.objectContaining({ input: resolve(inputs, 'broken.pdf'), code: 'E_CORRUPT' })]);

      // every input has one complete record, and the manifest agrees with the folder
      const manifest = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as Manifest;
      expect(manifest.inputs.map((e) => [e.input, e.status, e.error?.code ?? null])).toEqual([
        [resolve(inputs, '2018-Q1.txt'), 'ok', null],
        [resolve(inputs, 'broken.pdf'), 'failed', 'E_CORRUPT'],
        [resolve(inputs, 'giaymoi.txt'), 'ok', null],
        [resolve(inputs, 'scan.pdf'), 'ok', null],
      ]);
      const names = readdirSync(out);
      expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
      const records = names.filter((n) => n.endsWith('.json') && n !== 'index.json');
      expect(records.sort()).toEqual(['2018-Q1.json', 'giaymoi.json', 'scan.json']);
      for (const entry of manifest.inputs.filter((e) => e.status === 'ok')) {
        for (const file of entry.files) expect(sha256(join(out, file)), file).toBe(entry.fileHashes[file]);
      }
      const record = (stem: string) => JSON.parse(readFileSync(join(out, `${stem}.json`), 'utf8')) as { kind: string };
      for (const stem of ['2018-Q1', 'scan']) expect(() => recordSchema.parse(record(stem)), stem).not.toThrow();
      expect(record('giaymoi').kind).toBe('unknown');
      expect(manifest.inputs.find((e) => e.input.endsWith('scan.pdf'))!.pages).toBe(5);

      // the same folder through `digitise run`: the same files, byte for byte
      const alone = join(root, 'alone');
      await runBatch([resolve(inputs)], alone, { jobs: 2 });
      for (const name of names.filter((n) => !n.startsWith('index.'))) expect(readFileSync(join(out, name)).equals(readFileSync(join(alone, name))), name).toBe(true);
      expect(existsSync(join(alone, 'broken.json'))).toBe(false);

      // a worker asked to stop (SIGTERM, as a service manager asks) finishes and exits cleanly
      const living = workers.filter((w) => w.exitCode === null && w.signalCode === null);
      const exits = living.map((w) => new Promise((r) => w.once('exit', (code) => r(code))));
      for (const w of living) w.kill('SIGTERM');
      expect(await Promise.all(exits)).toEqual(living.map(() => 0));
    },
    FAULTS_TIMEOUT,
  );
});
