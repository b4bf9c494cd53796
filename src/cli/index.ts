import { parseArgs as parseNodeArgs, type ParseArgsOptionsConfig } from 'node:util';
import { runBatch, type InputResult } from '../batch/index.js';
import { exportDataset } from '../export/index.js';
import { diffPaths, matches } from '../diff/index.js';
import { renderDiff, type DiffFormat } from '../diff/render.js';
import { DigitiseError } from '../errors.js';
import { addToQueue, DEFAULT_REDIS, queueStatus, startQueueWorker } from '../queue/index.js';

const USAGE = `usage:
  digitise run <files, folders or globs…> [--out <dir>] [--force] [--jobs <n>] [--pdf]
      Digitises IT-usage dispatches (.txt, or scans: .pdf .png .jpg .tif) into <stem>.json,
      one CSV per appendix table, the repaired text and a review page, in --out (default: out),
      with a manifest (index.json, index.csv). Inputs already done, unchanged, are skipped
      unless --force. --jobs: OCR workers and documents at once (default: the cores).
      --pdf: also <stem>.searchable.pdf for each scan: its pages as they are, under an
      invisible layer of the text read from them.
  digitise queue add <files, folders or globs…> [--out <dir>] [--redis <url>] [--force] [--pdf]
                    [--pages-per-part <n>]
      Queues each input (a job per content) for the workers, to be written into --out, a
      folder every worker reaches (a shared filesystem). --redis: default ${DEFAULT_REDIS}.
      A scan of more pages than --pages-per-part (8) is read in parts, shared by the workers.
  digitise queue status [--redis <url>]
      Documents and page parts waiting, in progress, done and failed; each failed input's code.
  digitise worker [--redis <url>] [--jobs <n>] [--lock-seconds <s>]
      Takes jobs from the queue until stopped (Ctrl-C lets the jobs in progress finish).
      --lock-seconds: after how long a stopped worker's jobs are taken up by another (60).
  digitise export <output folders…> --to <file.csv>
      One long CSV of every figure of every record the folders hold: year, quarter, table, no,
      unitId, unit, metric, value, source, page.
  digitise diff <record | folder> <golden | folder> [--format text|json|html]
      Cell by cell against golden files; exit 0 only when they match, 2 when they differ.`;

type Command =
  | { name: 'run'; inputs: string[]; out: string; force: boolean; jobs: number | undefined; pdf: boolean }
  | { name: 'queue add'; inputs: string[]; out: string; redis: string; force: boolean; pdf: boolean; pagesPerPart: number | undefined }
  | { name: 'queue status'; redis: string }
  | { name: 'worker'; redis: string; jobs: number | undefined; lockSeconds: number | undefined }
  | { name: 'export'; folders: string[]; to: string }
  | { name: 'diff'; actual: string; golden: string; format: DiffFormat };

type Values = Record<string, string | boolean | undefined>;

/** A command: the options it takes, how its arguments make it (a mistake throws E_ARGS), and what it does. */
interface CommandSpec<C extends Command = Command> {
  options: ParseArgsOptionsConfig;
  make(values: Values, positionals: string[]): C;
  run(command: C): Promise<number>;
}

const fail = (message: string): never => {
  throw new DigitiseError('E_ARGS', `${message}\n${USAGE}`);
};

/** A whole number of at least 1, or undefined where the option was not given. */
function count(values: Values, option: string): number | undefined {
  const given = values[option] as string | undefined;
  if (given === undefined) return undefined;
  const n = Number(given);
  return Number.isInteger(n) && n >= 1 ? n : fail(`--${option} takes a whole number of at least 1, not "${given}"`);
}

const inputs = (positionals: string[]) => (positionals.length > 0 ? positionals : fail('no inputs given'));
const out = { out: { type: 'string', default: 'out' } } as const;
const redis = { redis: { type: 'string', default: DEFAULT_REDIS } } as const;

const COMMANDS: { [N in Command['name']]: CommandSpec<Extract<Command, { name: N }>> } = {
  run: {
    options: { ...out, force: { type: 'boolean', default: false }, pdf: { type: 'boolean', default: false }, jobs: { type: 'string' } },
    make: (v, p) => ({ name: 'run', inputs: inputs(p), out: v.out as string, force: v.force as boolean, jobs: count(v, 'jobs'), pdf: v.pdf as boolean }),
    run,
  },
  'queue add': {
    options: { ...out, ...redis, force: { type: 'boolean', default: false }, pdf: { type: 'boolean', default: false }, 'pages-per-part': { type: 'string' } },
    make: (v, p) => ({ name: 'queue add', inputs: inputs(p), out: v.out as string, redis: v.redis as string, force: v.force as boolean, pdf: v.pdf as boolean, pagesPerPart: count(v, 'pages-per-part') }),
    run: queueAdd,
  },
  'queue status': {
    options: { ...redis },
    make: (v, p) => (p.length > 0 ? fail('queue status takes no inputs') : { name: 'queue status', redis: v.redis as string }),
    run: queueStatusCommand,
  },
  worker: {
    options: { ...redis, jobs: { type: 'string' }, 'lock-seconds': { type: 'string' } },
    make: (v, p) => (p.length > 0 ? fail('worker takes no inputs: they are queued with queue add') : { name: 'worker', redis: v.redis as string, jobs: count(v, 'jobs'), lockSeconds: count(v, 'lock-seconds') }),
    run: worker,
  },
  export: {
    options: { to: { type: 'string' } },
    make: (v, p) => (p.length === 0 || !v.to ? fail('export needs output folders and --to <file.csv>') : { name: 'export', folders: p, to: v.to as string }),
    run: exportCommand,
  },
  diff: {
    options: { format: { type: 'string', default: 'text' } },
    make: (v, p) => {
      if (p.length !== 2) fail('diff compares a record (or folder) with a golden file (or folder)');
      if (!['text', 'json', 'html'].includes(v.format as string)) throw new DigitiseError('E_ARGS', `--format is text, json or html, not "${v.format}"`);
      return { name: 'diff', actual: p[0]!, golden: p[1]!, format: v.format as DiffFormat };
    },
    run: diffCommand,
  },
};

/** Reads the command line; a mistake is a DigitiseError (E_ARGS) carrying the usage. */
export function parseArgs(argv: string[]): Command {
  const [first, ...rest] = argv;
  // a command of two words ("queue add") is named by both
  const name = first === 'queue' && rest[0] && !rest[0].startsWith('-') ? `queue ${rest.shift()}` : first;
  const spec: CommandSpec | undefined = name && name in COMMANDS ? COMMANDS[name as Command['name']] : undefined;
  if (!spec) return fail(name ? `unknown command "${name}"` : 'no command given');
  let parsed;
  try {
    parsed = parseNodeArgs({ args: rest, allowPositionals: true, options: spec.options });
  } catch (error) {
    return fail((error as Error).message);
  }
  return spec.make(parsed.values as Values, parsed.positionals);
}

/**
 * The command line, a thin shell over the library. Exit codes: 0 when everything succeeded, 2
 * when some input failed (or, for diff, the records differ), 1 on bad arguments or when the
 * command itself could not run.
 */
export async function main(argv: string[]): Promise<number> {
  let command: Command;
  try {
    command = parseArgs(argv);
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  try {
    const spec: CommandSpec = COMMANDS[command.name];
    return await spec.run(command);
  } catch (error) {
    console.error(error instanceof DigitiseError ? `${error.code} ${error.message}` : (error as Error).message);
    return 1;
  }
}

async function run(command: Extract<Command, { name: 'run' }>): Promise<number> {
  const width = (n: number) => String(n).length;
  const progress = new Progress(process.stdout.isTTY === true && !process.env.CI);
  const { results, failed, manifestError } = await runBatch(command.inputs, command.out, {
    force: command.force,
    jobs: command.jobs,
    searchablePdf: command.pdf,
    onResult: (r, done, total) => {
      const at = `[${String(done).padStart(width(total))}/${total}]`;
      progress.clear();
      if (r.outcome === 'failed') console.error(`${at} failed  ${r.error!.code} ${r.error!.message}`);
      else if (r.outcome === 'current') console.log(`${at} current ${r.input}  (unchanged since it was digitised)`);
      else console.log(`${at} ok      ${r.input}  (${r.pages ? `${r.pages} pages, ` : ''}${r.issues.error} errors, ${r.issues.warning} warnings, ${r.seconds}s)`);
      progress.update(r, done, total);
    },
  });
  progress.clear();
  const current = results.filter((r) => r.outcome === 'current').length;
  console.log(
    `${results.length - failed} of ${results.length} inputs digitised into ${command.out}` +
      (current ? ` (${current} already current)` : '') +
      (failed ? `; ${failed} failed: ${results.filter((r) => r.status === 'failed').map((r) => `${r.input} (${r.error!.code})`).join(', ')}` : ''),
  );
  if (manifestError) console.error(`E_WRITE the manifest was not written: ${manifestError}`);
  return failed || manifestError ? 2 : 0;
}

/** On a terminal, one status line under the log: documents, pages, rate and time left. */
class Progress {
  private readonly started = performance.now();
  private pages = 0;
  private shown = false;

  constructor(private readonly enabled: boolean) {}

  update(result: InputResult, done: number, total: number): void {
    this.pages += result.outcome === 'digitised' ? result.pages : 0;
    if (!this.enabled || done === total) return;
    const seconds = (performance.now() - this.started) / 1000;
    const left = (seconds / done) * (total - done);
    const bar = '█'.repeat(Math.round((20 * done) / total)).padEnd(20, '░');
    process.stdout.write(`\r${bar} ${done}/${total} documents, ${this.pages} pages, ${(done / seconds).toFixed(2)} docs/s, about ${Math.ceil(left)} s left`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) process.stdout.write('\r\x1b[2K');
    this.shown = false;
  }
}

async function queueAdd(command: Extract<Command, { name: 'queue add' }>): Promise<number> {
  const { queued, alreadyQueued } = await addToQueue(command.inputs, command.out, { redis: command.redis, force: command.force, searchablePdf: command.pdf, pagesPerPart: command.pagesPerPart });
  for (const input of alreadyQueued) console.log(`already queued  ${input}`);
  console.log(`${queued.length} inputs queued for ${command.out}` + (alreadyQueued.length ? ` (${alreadyQueued.length} already queued)` : ''));
  return 0;
}

async function queueStatusCommand(command: Extract<Command, { name: 'queue status' }>): Promise<number> {
  const { documents: d, parts: p, inProgress, failures } = await queueStatus({ redis: command.redis });
  console.log(`documents: ${d.waiting} waiting, ${d.active} in progress, ${d.waitingForPages} waiting for their pages, ${d.done} done, ${d.failed} failed`);
  console.log(`page parts: ${p.waiting} waiting, ${p.active} in progress, ${p.failed} failed`);
  for (const job of inProgress) console.log(`reading ${job.input}${job.pages ? ` (pages ${job.pages[0]}–${job.pages.at(-1)})` : ''} on ${job.worker}`);
  for (const f of failures) console.log(`failed  ${f.code} ${f.message}`);
  return 0;
}

/** Runs a worker until SIGINT or SIGTERM, then lets the jobs in progress finish. */
async function worker(command: Extract<Command, { name: 'worker' }>): Promise<number> {
  let lastError = 0;
  const running = startQueueWorker({
    redis: command.redis,
    jobs: command.jobs,
    lockSeconds: command.lockSeconds,
    onConnectionError: (error) => {
      // once while Redis is away, not at every retry
      if (Date.now() - lastError > 10_000) console.error(`Redis at ${command.redis} cannot be reached (${error.message}); trying again`);
      lastError = Date.now();
    },
    onResult: (r) => {
      if (r.outcome === 'failed') console.error(`failed  ${r.error!.code} ${r.error!.message}`);
      else if (r.outcome === 'current') console.log(`current ${r.input}`);
      else console.log(`ok      ${r.input}  (${r.pages ? `${r.pages} pages, ` : ''}${r.seconds}s)`);
    },
  });
  console.log(`worker taking jobs from ${command.redis}; Ctrl-C stops it once its jobs in progress are done`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await running.close();
  return 0;
}

async function exportCommand(command: Extract<Command, { name: 'export' }>): Promise<number> {
  const { rows, records, warnings } = await exportDataset(command.folders, command.to);
  for (const warning of warnings) console.error(`warning: ${warning}`);
  console.log(`${rows} figures from ${records} records written to ${command.to}`);
  return 0;
}

async function diffCommand(command: Extract<Command, { name: 'diff' }>): Promise<number> {
  const report = await diffPaths(command.actual, command.golden);
  process.stdout.write(renderDiff(report, command.format, command.format === 'text' && process.stdout.isTTY === true));
  return matches(report) ? 0 : 2;
}
