import { parseArgs as parseNodeArgs } from 'node:util';
import { runBatch } from '../batch/index.js';
import { exportDataset } from '../export/index.js';
import { diffPaths, matches } from '../diff/index.js';
import { renderDiff, type DiffFormat } from '../diff/render.js';
import { DigitiseError } from '../errors.js';

const USAGE = `usage:
  digitise run <files or folders…> [--out <dir>] [--force]
      Digitises IT-usage dispatches (.txt, or scans: .pdf .png .jpg .tif) into <stem>.json,
      one CSV per appendix table and the repaired text, in --out (default: out), with a
      manifest (index.json, index.csv). Inputs already done, unchanged, are skipped unless --force.
  digitise export <output folders…> --to <file.csv>
      One long CSV of every figure of every record the folders hold: year, quarter, table, no,
      unitId, unit, metric, value, source, page.
  digitise diff <record | folder> <golden | folder> [--format text|json|html]
      Cell by cell against golden files; exit 0 only when they match, 2 when they differ.`;

type Command =
  | { name: 'run'; inputs: string[]; out: string; force: boolean }
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
      options: { out: { type: 'string', default: 'out' }, force: { type: 'boolean', default: false }, to: { type: 'string' }, format: { type: 'string', default: 'text' } },
    });
  } catch (error) {
    throw new DigitiseError('E_ARGS', `${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (name === 'run') {
    if (positionals.length === 0) throw new DigitiseError('E_ARGS', `no inputs given\n${USAGE}`);
    return { name, inputs: positionals, out: values.out!, force: values.force! };
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
  const { results, failed } = await runBatch(command.inputs, command.out, {
    force: command.force,
    onResult: (r, done, total) => {
      const at = `[${String(done).padStart(width(total))}/${total}]`;
      if (r.outcome === 'failed') console.error(`${at} failed  ${r.error!.code} ${r.error!.message}`);
      else if (r.outcome === 'current') console.log(`${at} current ${r.input}  (unchanged since it was digitised)`);
      else console.log(`${at} ok      ${r.input}  (${r.pages ? `${r.pages} pages, ` : ''}${r.issues.error} errors, ${r.issues.warning} warnings, ${r.seconds}s)`);
    },
  });
  const current = results.filter((r) => r.outcome === 'current').length;
  console.log(
    `${results.length - failed} of ${results.length} inputs digitised into ${command.out}` +
      (current ? ` (${current} already current)` : '') +
      (failed ? `; ${failed} failed: ${results.filter((r) => r.status === 'failed').map((r) => `${r.input} (${r.error!.code})`).join(', ')}` : ''),
  );
  return failed ? 2 : 0;
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
