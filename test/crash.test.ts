import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordSchema, type DispatchRecord } from '../src/index.js';
import type { Manifest } from '../src/batch/manifest.js';
import { random } from '../samples/make-scans.js';
import { tcvn3, utf16, vni, windows1258 } from './fixtures/make-fixtures.js';
import { scratchDir } from './scratch.js';

/** Each round runs the batch up to 15 s before it is killed; the last runs it to the end. */
const CRASH_TIMEOUT = 300_000;

const root = scratchDir('digitise-crash-');
const inputs = join(root, 'inputs');
const out = join(root, 'out');
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The digitise command, in a process group of its own. */
function start(to = out): { killAfter: (ms: number) => Promise<void>; finished: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/cli-from-source.ts', 'run', inputs, '--out', to, '--jobs', '2'], { detached: true, stdio: 'ignore' });
  const finished = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    finished,
    // the whole process group, as an out-of-memory killer or a power cut would stop it: no handler runs
    killAfter: (ms) =>
      new Promise((resolve) =>
        setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            // it had finished already
          }
          void finished.then(() => resolve());
        }, ms),
      ),
  };
}

/** What must hold whenever the batch stops, however: no output half-written, and the manifest claims nothing that is not so. */
function checkConsistent(): void {
  if (!existsSync(out)) return;
  for (const name of readdirSync(out).filter((n) => !n.endsWith('.tmp'))) {
    const path = join(out, name);
    if (name === 'index.json' || !name.endsWith('.json')) continue;
    expect(() => recordSchema.parse(JSON.parse(readFileSync(path, 'utf8'))), name).not.toThrow();
  }
  if (!existsSync(join(out, 'index.json'))) return;
  const manifest = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as Manifest;
  for (const entry of manifest.inputs.filter((e) => e.status === 'ok'))
    for (const file of entry.files) expect(sha256(join(out, file)), file).toBe(entry.fileHashes[file]);
}

describe('a batch killed at random points', () => {
  beforeAll(() => {
    mkdirSync(inputs, { recursive: true });
    const q1 = readFileSync('samples/2018-Q1.txt', 'utf8');
    copyFileSync('samples/2018-Q1.txt', join(inputs, '2018-Q1.txt'));
    copyFileSync('samples/2018-Q3.txt', join(inputs, '2018-Q3.txt'));
    copyFileSync('samples/2018-Q3.scan.pdf', join(inputs, '2018-Q3 scan.pdf'));
    writeFileSync(join(inputs, 'q1 utf-16.txt'), utf16(q1, 'le', true));
    writeFileSync(join(inputs, 'q1 windows-1258.txt'), windows1258(q1));
    writeFileSync(join(inputs, 'q1 tcvn3.txt'), tcvn3(q1));
    writeFileSync(join(inputs, 'q1 vni.txt'), vni(q1));
    writeFileSync(join(inputs, 'empty.txt'), '');
  });

  it(
    'leaves every record complete and valid or absent, and a manifest that agrees, then finishes on a rerun',
    async () => {
      const rnd = random(20261124);
      const killedAt: number[] = [];
      for (let round = 0; round < 6; round++) {
        const ms = Math.round(300 + rnd() * 15_000);
        killedAt.push(ms);
        await start().killAfter(ms);
        checkConsistent();
      }
      expect(await start().finished, `killed after ${killedAt.join(', ')} ms`).toBe(2); // empty.txt fails
      checkConsistent();
      const manifest = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as Manifest;
      expect(manifest.inputs.map((e) => [e.input.slice(inputs.length + 1), e.error?.code ?? e.status]).sort()).toEqual(
        readdirSync(inputs).map((name) => [name, name === 'empty.txt' ? 'E_EMPTY' : 'ok']).sort(),
      );
      // nothing left over from the runs killed: no temporary file, no output no entry owns
      const owned = new Set(manifest.inputs.flatMap((e) => e.files));
      expect(readdirSync(out).filter((name) => !owned.has(name)).sort()).toEqual(['index.csv', 'index.json']);
      // and the records are those a run never stopped gives
      const clean = join(root, 'uninterrupted');
      expect(await start(clean).finished).toBe(2);
      for (const entry of manifest.inputs.filter((e) => e.status === 'ok')) {
        const read = (dir: string) => JSON.parse(readFileSync(join(dir, `${entry.stem}.json`), 'utf8')) as DispatchRecord;
        expect(read(out), entry.input).toEqual(read(clean));
      }
    },
    CRASH_TIMEOUT,
  );
});
