import { runBatch } from '../batch.js';
import { DigitiseError } from '../errors.js';

const USAGE = `usage: digitise run <files or folders…> [--out <dir>]

  Digitises Vietnamese IT-usage dispatches (.txt) into <stem>.json, one CSV per
  appendix table, and the repaired text, in --out (default: out).`;

interface RunArgs {
  inputs: string[];
  out: string;
}

export function parseArgs(argv: string[]): RunArgs {
  const [command, ...rest] = argv;
  if (command !== 'run') throw new DigitiseError('E_ARGS', command ? `unknown command "${command}"\n${USAGE}` : USAGE);
  const inputs: string[] = [];
  let out = 'out';
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--out') {
      const value = rest[++i];
      if (!value) throw new DigitiseError('E_ARGS', '--out needs a folder');
      out = value;
    } else if (arg.startsWith('--')) throw new DigitiseError('E_ARGS', `unknown option ${arg}\n${USAGE}`);
    else inputs.push(arg);
  }
  if (inputs.length === 0) throw new DigitiseError('E_ARGS', `no inputs given\n${USAGE}`);
  return { inputs, out };
}

/** The command line: a thin shell over runBatch. Exit 0 when every input succeeded, 2 when some failed, 1 on bad arguments. */
export async function main(argv: string[]): Promise<number> {
  let args: RunArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  const { results, failed } = await runBatch(args.inputs, args.out, (r) => {
    if (r.status === 'ok') console.log(`ok     ${r.input}  (${r.issues.error} errors, ${r.issues.warning} warnings, ${r.seconds}s)`);
    else console.error(`failed ${r.error!.code} ${r.error!.message}`);
  });
  console.log(`${results.length - failed} of ${results.length} inputs digitised into ${args.out}${failed ? `; ${failed} failed` : ''}`);
  return failed ? 2 : 0;
}
