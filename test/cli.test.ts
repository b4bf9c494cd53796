import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/index.js';
import { scratchDir } from './scratch.js';

describe('digitise run', () => {
  const dir = scratchDir('digitise-cli-');
  const out = join(dir, 'out');
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'log').mockImplementation(() => {});
  afterEach(() => errors.mockClear());

  it('exits 0 when every input is digitised', async () => {
    expect(await main(['run', 'samples/2018-Q1.txt', '--out', out])).toBe(0);
    expect(existsSync(join(out, '2018-Q1.json'))).toBe(true);
  });

  it('exits 2 when an input fails, naming it, and still digitises the others', async () => {
    const empty = join(dir, 'blank.txt');
    writeFileSync(empty, '   \n');
    expect(await main(['run', empty, 'samples/2018-Q3.txt', '--out', out])).toBe(2);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining(empty));
    expect(existsSync(join(out, '2018-Q3.json'))).toBe(true);
    expect(existsSync(join(out, 'blank.json'))).toBe(false);
  }, 60_000);

  it('exits 1 on bad arguments', async () => {
    expect(await main(['convert', 'samples'])).toBe(1);
    expect(await main(['run', 'samples', '--out'])).toBe(1);
    expect(await main(['run', '--out', out])).toBe(1);
    // a pattern that matches nothing is a mistake, not an empty batch
    expect(await main(['run', join(dir, '*.pdf'), '--out', out])).toBe(1);
    expect(errors).toHaveBeenCalledTimes(4);
    expect(errors).toHaveBeenLastCalledWith(expect.stringMatching(/^E_ARGS ".*\*\.pdf" matches no input file$/));
  });
});

describe('digitise queue and worker', () => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  afterEach(() => errors.mockClear());

  it('take only their own arguments', async () => {
    expect(await main(['queue', 'clear'])).toBe(1);
    expect(errors).toHaveBeenLastCalledWith(expect.stringContaining('unknown command "queue clear"'));
    expect(await main(['queue', 'add', '--out', 'x'])).toBe(1);
    expect(await main(['queue', 'status', 'samples'])).toBe(1);
    expect(await main(['worker', '--jobs', '0'])).toBe(1);
    expect(errors).toHaveBeenLastCalledWith(expect.stringContaining('--jobs takes a whole number of at least 1, not "0"'));
    expect(await main(['worker', '--pdf'])).toBe(1);
  });

  it('say so when Redis is not there', async () => {
    expect(await main(['queue', 'status', '--redis', 'redis://127.0.0.1:1'])).toBe(1);
    expect(errors).toHaveBeenLastCalledWith(expect.stringMatching(/^E_QUEUE cannot reach Redis at redis:\/\/127\.0\.0\.1:1/));
  });
});

describe('the digitise command', () => {
  // bin/digitise.js runs the built CLI again in a child with the allocator's setting (src/cli/malloc.ts)
  const run = (args: string[]) => spawnSync(process.execPath, ['bin/digitise.js', ...args], { encoding: 'utf8', env: { ...process.env, MALLOC_MMAP_THRESHOLD_: undefined } });

  it('ends as the CLI it runs ends', () => {
    const bad = run(['convert', 'samples']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('unknown command "convert"');
    expect(run(['diff', 'golden/2018-Q1.json', 'golden/2018-Q1.json']).status).toBe(0);
  }, 30_000);
});
