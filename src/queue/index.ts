/**
 * A batch shared by many machines: inputs are jobs on a BullMQ queue in Redis, and workers on
 * any number of machines take them, digitise them with the same pipeline as `digitise run`, and
 * write the same outputs into one output folder on a shared filesystem. A long scan is read in
 * parts of a few pages, each a child job of its document, so every worker shares in it; the
 * document is assembled by whichever worker takes it up when its parts are read.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { availableParallelism, hostname } from 'node:os';
import { Queue, UnrecoverableError, WaitingChildrenError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { digitiseOne, failedResult, hashOf, isCurrent, stemsOf, withoutOutcome, type InputResult } from '../batch/index.js';
import { expandInputs } from '../batch/inputs.js';
import { isManifestFile, readManifest, recordEntry, type ManifestEntry } from '../batch/manifest.js';
import { clearTemporaries } from '../write/index.js';
import { load } from '../load/index.js';
import { countPages } from '../rasterise/index.js';
import { OcrPool } from '../ocr/index.js';
import { readScanPages, type PageReading } from '../pipeline.js';
import { DigitiseError, type ErrorCode } from '../errors.js';

/** Documents, one job an input. */
const DOCUMENTS = 'digitise-documents';
/** Parts of long scans: a few pages each, children of their document's job. */
const PARTS = 'digitise-pages';
/** By default a scan of more pages than this is read in parts of this many pages. */
const PAGES_PER_PART = 8;
/**
 * Events kept in each queue's stream: a part's event carries its pages' readings (about 40 KB a
 * page), and nothing here reads old events.
 */
const streams = { events: { maxLen: 100 } };
/** Tries of a job that failed for a reason other than its input (a worker's fault, a full disk). */
const ATTEMPTS = 3;
/** Faults of the input itself: trying again gives the same answer. */
const INPUT_FAULTS: ErrorCode[] = ['E_READ', 'E_EMPTY', 'E_BINARY', 'E_ENCODING', 'E_CORRUPT', 'E_ENCRYPTED', 'E_TOO_LARGE', 'E_NOT_DISPATCH', 'E_UNSUPPORTED'];

export const DEFAULT_REDIS = 'redis://127.0.0.1:6379';

export interface DocumentJob {
  /** The input's absolute path, the same on every machine (a shared filesystem). */
  input: string;
  outDir: string;
  /** Its outputs' file-name stem, given when it was queued so that no two inputs share one. */
  stem: string;
  searchablePdf: boolean;
  force: boolean;
  /** A scan of more pages than this is read in parts of this many pages, each a job of its own. */
  pagesPerPart: number;
  /** Set once its parts are queued: the job is taken up again to assemble the document. */
  parts?: number;
}

interface PartJob {
  input: string;
  pages: number[];
}

export interface QueueOptions {
  /** Redis's address (default redis://127.0.0.1:6379). */
  redis?: string;
}

export interface AddOptions extends QueueOptions {
  /** Digitise the inputs again even where their outputs are current, and queue again what was done. */
  force?: boolean;
  searchablePdf?: boolean;
  /** A scan of more pages than this is read in parts of this many pages, each a job of its own (default 8). */
  pagesPerPart?: number;
}

export interface AddResult {
  /** Inputs given a new job. */
  queued: string[];
  /** Inputs whose content is already a job (waiting, in progress or done). */
  alreadyQueued: string[];
}

/** A connection that gives up on a Redis that is not there, for the commands that only ask and add. */
async function connect(url: string): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true, connectTimeout: 5000, retryStrategy: () => null });
  // told by the connect call below, and by each command
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new DigitiseError('E_QUEUE', `cannot reach Redis at ${url}: ${(error as Error).message}`, undefined, { cause: error });
  }
  return redis;
}

/** The key the output folder's reserved stems and manifest lock live under. */
const folderKey = (outDir: string) => createHash('sha256').update(resolve(outDir)).digest('hex').slice(0, 16);

/**
 * Queues each input named by paths, folders and globs, a job per content (adding the same file
 * twice is one job). Each input's output stem is fixed now, against the output folder's manifest
 * and every stem queued for that folder before, so that workers finishing in any order name their
 * outputs as `digitise run` would.
 */
export async function addToQueue(paths: string[], outDir: string, options: AddOptions = {}): Promise<AddResult> {
  if (paths.length === 0) throw new DigitiseError('E_ARGS', 'no inputs given');
  const pagesPerPart = options.pagesPerPart ?? PAGES_PER_PART;
  if (!Number.isInteger(pagesPerPart) || pagesPerPart < 1) throw new DigitiseError('E_ARGS', `pages per part must be a whole number of at least 1, not ${pagesPerPart}`);
  const out = resolve(outDir);
  const inputs = (await expandInputs(paths, out)).map((input) => resolve(input));
  await mkdir(out, { recursive: true });
  const redis = await connect(options.redis ?? DEFAULT_REDIS);
  const queue = new Queue<DocumentJob>(DOCUMENTS, { connection: redis, streams });
  try {
    const stemsKey = `digitise:stems:${folderKey(out)}`;
    const reserved = Object.entries(await redis.hgetall(stemsKey)).map(([input, stem]) => ({ input, stem, files: [] }));
    const manifest = await readManifest(out);
    const stems = stemsOf(inputs, [...manifest.inputs, ...reserved], out, await readdir(out));
    const result: AddResult = { queued: [], alreadyQueued: [] };
    for (const [i, input] of inputs.entries()) {
      // an input that cannot be read is still a job: its worker reports it, as `run` does
      const jobId = (await hashOf(input)) ?? `unreadable-${createHash('sha256').update(input).digest('hex')}`;
      const existing = await queue.getJob(jobId);
      if (existing && options.force && ((await existing.isCompleted()) || (await existing.isFailed()))) await existing.remove({ removeChildren: true });
      else if (existing) {
        result.alreadyQueued.push(input);
        continue;
      }
      await redis.hset(stemsKey, input, stems[i]!);
      const data: DocumentJob = { input, outDir: out, stem: stems[i]!, searchablePdf: options.searchablePdf ?? false, force: options.force ?? false, pagesPerPart };
      await queue.add('document', data, { jobId, attempts: ATTEMPTS, backoff: { type: 'exponential', delay: 1000 } });
      result.queued.push(input);
    }
    return result;
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

export interface QueueStatus {
  documents: { waiting: number; active: number; done: number; failed: number; waitingForPages: number };
  /** Parts of long scans; finished parts are not kept, their readings being in their documents. */
  parts: { waiting: number; active: number; failed: number };
  /** What each worker (host:pid) has in progress: a document, or some pages of one. */
  inProgress: Array<{ input: string; pages: number[] | null; worker: string }>;
  /** The inputs that failed, with their error codes. */
  failures: Array<{ input: string; code: string; message: string }>;
}

/** What the queue holds: documents and parts waiting, in progress, done and failed. */
export async function queueStatus(options: QueueOptions = {}): Promise<QueueStatus> {
  const redis = await connect(options.redis ?? DEFAULT_REDIS);
  const documents = new Queue<DocumentJob>(DOCUMENTS, { connection: redis });
  const parts = new Queue<PartJob>(PARTS, { connection: redis });
  try {
    const d = await documents.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed', 'waiting-children');
    const p = await parts.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed');
    const failed = await documents.getFailed(0, -1);
    const active = [...(await documents.getActive()), ...(await parts.getActive())];
    return {
      documents: { waiting: d.waiting! + d.prioritized! + d.delayed!, active: d.active!, done: d.completed!, failed: d.failed!, waitingForPages: d['waiting-children']! },
      parts: { waiting: p.waiting! + p.prioritized! + p.delayed!, active: p.active!, failed: p.failed! },
      inProgress: active.map((job) => ({ input: job.data.input, pages: 'pages' in job.data ? job.data.pages : null, worker: job.processedBy ?? '' })),
      failures: failed.map((job) => ({ input: job.data.input, ...codeOf(job.failedReason) })),
    };
  } finally {
    await Promise.all([documents.close(), parts.close()]);
    redis.disconnect();
  }
}

/** A failure's code and message, from the reason a job failed with ("E_CORRUPT file: …"). */
function codeOf(reason: string): { code: string; message: string } {
  const match = /^(E_[A-Z_]+) ([\s\S]*)$/.exec(reason);
  return match ? { code: match[1]!, message: match[2]! } : { code: 'E_INTERNAL', message: reason };
}

export interface WorkerOptions extends QueueOptions {
  /** OCR workers, and documents and parts in progress at once (default: the cores). */
  jobs?: number;
  /**
   * Seconds a job's lock lasts unrenewed: a worker that stops (killed, or its machine lost) has
   * its jobs taken up by another after about this long. A stage may hold a worker's event loop
   * for no longer than half of it (default 60).
   */
  lockSeconds?: number;
  /** Called as each document finishes. */
  onResult?: (result: InputResult) => void;
  /** Called when Redis cannot be reached; the worker keeps trying, and goes on when it is back. */
  onConnectionError?: (error: Error) => void;
}

export interface QueueWorker {
  /** Stops taking jobs, lets the jobs in progress finish, and closes its connections. */
  close(): Promise<void>;
}

/**
 * Starts a worker: it takes documents and parts from the queue until closed. Outputs are written
 * as `digitise run` writes them (each file atomically); the folder's manifest is updated under a
 * lock in Redis, so workers on several machines never lose each other's entries.
 */
export function startQueueWorker(options: WorkerOptions = {}): QueueWorker {
  const url = options.redis ?? DEFAULT_REDIS;
  const jobs = options.jobs ?? availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new DigitiseError('E_ARGS', `--jobs must be a whole number of at least 1, not ${jobs}`);
  const lockDuration = (options.lockSeconds ?? 60) * 1000;
  const pool = new OcrPool(jobs);
  // a worker's connections wait for Redis through a restart, and go on
  const connections: Redis[] = [];
  const lasting = () => {
    const connection = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 200, 2000) }).on('error', (error) => options.onConnectionError?.(error));
    connections.push(connection);
    return connection;
  };
  const redis = lasting();
  const parts = new Queue<PartJob>(PARTS, { connection: redis, streams });
  const settings = { concurrency: jobs, lockDuration, stalledInterval: lockDuration, maxStalledCount: ATTEMPTS - 1, name: `${hostname()}:${process.pid}` };
  const documentWorker = new Worker<DocumentJob, InputResult>(
    DOCUMENTS,
    async (job, token) => {
      const result = await digitiseJob(job, token!, pool, parts, redis);
      options.onResult?.(result);
      if (result.status === 'failed') throw jobError(result.error!);
      return result;
    },
    { connection: lasting(), ...settings },
  );
  const partWorker = new Worker<PartJob, PageReading[]>(PARTS, async (job) => readPart(job.data, pool), { connection: lasting(), ...settings });
  // a document that stopped its worker more often than it may (a poison input that kills the
  // process) is failed by the queue, not by this code: its manifest entry says so
  documentWorker.on('failed', (job, error) => {
    if (!job || /^E_[A-Z_]+ /.test(error.message)) return;
    const failed = failedResult(job.data.input, null, { code: 'E_INTERNAL', message: `${job.data.input}: ${error.message}` });
    void recordLocked(redis, job.data.outDir, withoutOutcome(failed)).catch(() => undefined);
  });
  // a finished document's parts' readings are of no more use, and are most of what the queue holds
  documentWorker.on('completed', (job) => {
    if (job.data.parts !== undefined) void redis.del(`${job.queueQualifiedName}:${job.id}:processed`).catch(() => undefined);
  });
  for (const worker of [documentWorker, partWorker]) worker.on('error', (error) => options.onConnectionError?.(error));
  return {
    async close() {
      await Promise.all([documentWorker.close(), partWorker.close()]);
      await pool.close();
      await parts.close();
      // the connections given to BullMQ are ours to close
      for (const connection of connections) connection.disconnect();
    },
  };
}

/**
 * One document: skipped where its outputs are current; a long scan's parts queued and the job
 * left to wait for them; else digitised (from its parts' readings, where it has them), written,
 * and entered in the manifest. A failure is kept in the result, never thrown.
 */
async function digitiseJob(job: Job<DocumentJob>, token: string, pool: OcrPool, parts: Queue<PartJob>, redis: Redis): Promise<InputResult> {
  const { input, outDir, stem, searchablePdf, force, pagesPerPart } = job.data;
  const hash = await hashOf(input);
  if (job.data.parts === undefined) {
    const earlier = (await readManifest(outDir)).inputs.find((e) => e.input === input);
    if (!force && earlier && (await isCurrent(earlier, hash, outDir, { searchablePdf }))) return { ...earlier, outcome: 'current' };
    const pages = await pagesOf(input);
    if (pages > pagesPerPart) {
      const starts = Array.from({ length: Math.ceil(pages / pagesPerPart) }, (_, i) => 1 + i * pagesPerPart);
      // part ids follow from the document's, so a job taken up again after its worker stopped queues none twice
      await parts.addBulk(
        starts.map((from) => ({
          name: 'pages',
          data: { input, pages: Array.from({ length: Math.min(pagesPerPart, pages - from + 1) }, (_, i) => from + i) },
          opts: { jobId: `${job.id}-p${from}`, attempts: ATTEMPTS, removeOnComplete: true, parent: { id: job.id!, queue: job.queueQualifiedName }, ignoreDependencyOnFailure: true },
        })),
      );
      await job.updateData({ ...job.data, parts: starts.length });
      if (await job.moveToWaitingChildren(token)) throw new WaitingChildrenError();
    }
  }
  // what an earlier try left mid-write: the stem is this job's alone, so no other worker's write is in progress
  await clearTemporaries(outDir, (name) => name.startsWith(`${stem}.`));
  let readings: PageReading[] | undefined;
  let result: InputResult;
  if (job.data.parts !== undefined) {
    const failures = Object.values(await job.getIgnoredChildrenFailures());
    readings = Object.values(await job.getChildrenValues<PageReading[]>()).flat();
    if (failures.length > 0) {
      result = failedResult(input, hash, codeOf(failures[0]!));
    }
  }
  result ??= await digitiseOne(input, hash, stem, outDir, pool, { searchablePdf }, readings);
  // a failure that may pass (not the input's own) is entered only when its last try has failed
  const final = result.status === 'ok' || INPUT_FAULTS.includes(result.error!.code as ErrorCode) || job.attemptsMade + 1 >= ATTEMPTS;
  if (final) await recordLocked(redis, outDir, withoutOutcome(result));
  return result;
}

/** How many pages a scan has; 0 for a text, or an input whose reading will report what is wrong with it. */
async function pagesOf(input: string): Promise<number> {
  try {
    const loaded = await load(input);
    return loaded.kind === 'scan' ? await countPages(input, loaded.format) : 0;
  } catch {
    return 0;
  }
}

/** A part of a long scan: its pages read, for the worker that assembles the document. */
async function readPart({ input, pages }: PartJob, pool: OcrPool): Promise<PageReading[]> {
  try {
    const loaded = await load(input);
    if (loaded.kind !== 'scan') throw new DigitiseError('E_INTERNAL', `${input}: queued in parts, but is no scan`, input);
    return await readScanPages(loaded, pool, new Set(pages));
  } catch (error) {
    throw jobError(error instanceof DigitiseError ? error : new DigitiseError('E_INTERNAL', `${input}: ${(error as Error).message}`, input));
  }
}

/**
 * A failure as the queue is told it: one of the input's own is not tried again; its code leads
 * the message, where queue status and the manifest read it back.
 */
function jobError({ code, message }: { code: string; message: string }): Error {
  return INPUT_FAULTS.includes(code as ErrorCode) ? new UnrecoverableError(`${code} ${message}`) : new Error(`${code} ${message}`);
}

/** How long a worker may hold the manifest: far longer than a write takes, and short enough that a stopped worker's lock soon lapses. */
const MANIFEST_LOCK_MS = 15_000;

/**
 * Enters a result in the output folder's manifest, read afresh from the folder under a lock in
 * Redis: workers on several machines each rewrite the whole manifest, one at a time.
 */
async function recordLocked(redis: Redis, outDir: string, entry: ManifestEntry): Promise<void> {
  const key = `digitise:manifest-lock:${folderKey(outDir)}`;
  const token = randomBytes(8).toString('hex');
  while ((await redis.set(key, token, 'PX', MANIFEST_LOCK_MS, 'NX')) !== 'OK') await new Promise((r) => setTimeout(r, 25));
  try {
    // a manifest write the holder of a lapsed lock left unfinished
    await clearTemporaries(outDir, isManifestFile);
    await recordEntry(outDir, await readManifest(outDir), entry);
  } finally {
    await redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0", 1, key, token);
  }
}
