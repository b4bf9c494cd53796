import { parseArgs as parseNodeArgs } from 'node:util';
import { runBatch, type InputResult } from '../batch/index.js';
import { exportDataset } from '../export/index.js';
import { diffPaths, matches } from '../diff/index.js';
import { renderDiff, type DiffFormat } from '../diff/render.js';
import { DigitiseError } from '../errors.js';

const USAGE = `usage:
  digitise run <files, folders or globs…> [--out <dir>] [--force] [--jobs <n>] [--pdf]
      Digitises IT-usage dispatches (.txt, or scans: .pdf .png .jpg .tif) into <stem>.json,
      one CSV per appendix table, the repaired text and a review page, in --out (default: out),
      with a manifest (index.json, index.csv). Inputs already done, unchanged, are skipped
      unless --force. --jobs: OCR workers and documents at once (default: the cores).
      --pdf: also <stem>.searchable.pdf for each scan: its pages as they are, under an
      invisible layer of the text read from them.
  digitise export <output folders…> --to <file.csv>
      One long CSV of every figure of every record the folders hold: year, quarter, table, no,
      unitId, unit, metric, value, source, page.
  digitise diff <record | folder> <golden | folder> [--format text|json|html]
      Cell by cell against golden files; exit 0 only when they match, 2 when they differ.`;

type Command =
  | { name: 'run'; inputs: string[]; out: string; force: boolean; jobs: number | undefined; pdf: boolean }
  | { name: 'export'; folders: string[]; to: string }
  | { name: 'diff'; actual: string; golden: string; format: DiffFormat };

/** Reads the command line; a mistake is a DigitiseError (E_ARGS) carrying the usage. */
export function parseArgs(argv: string[]): Command {
  const [name, ...rest] = argv;
  let parsed;
  try {
    parsed = parseNodeArgs({
      args: rest,
      allowPositionals: true,
      options: {
        out: { type: 'string', default: 'out' },
        force: { type: 'boolean', default: false },
        pdf: { type: 'boolean', default: false },
        jobs: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string', default: 'text' },
      },
    });
  } catch (error) {
    throw new DigitiseError('E_ARGS', `${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (name === 'run') {
    if (positionals.length === 0) throw new DigitiseError('E_ARGS', `no inputs given\n${USAGE}`);
    const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
    if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) throw new DigitiseError('E_ARGS', `--jobs takes a whole number of at least 1, not "${values.jobs}"`);
    return { name, inputs: positionals, out: values.out!, force: values.force!, jobs, pdf: values.pdf! };
  }
  if (name === 'export') {
    if (positionals.length === 0 || !values.to) throw new DigitiseError('E_ARGS', `export needs output folders and --to <file.csv>\n${USAGE}`);
    return { name, folders: positionals, to: values.to };
  }
  if (name === 'diff') {
    const format = values.format as DiffFormat;
    if (positionals.length !== 2) throw new DigitiseError('E_ARGS', `diff compares a record (or folder) with a golden file (or folder)\n${USAGE}`);
    if (!['text', 'json', 'html'].includes(format)) throw new DigitiseError('E_ARGS', `--format is text, json or html, not "${format}"`);
    return { name, actual: positionals[0]!, golden: positionals[1]!, format };
  }
  throw new DigitiseError('E_ARGS', name ? `unknown command "${name}"\n${USAGE}` : USAGE);
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
    if (command.name === 'run') return await run(command);
    if (command.name === 'export') return await exportCommand(command);
    return await diffCommand(command);
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
