import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBatch, type BatchResult, type DispatchRecord } from '../src/index.js';
import { compareTables } from './compare.js';
import { makeFixtures, type Fixture } from './fixtures/make-fixtures.js';
import { scratchDir } from './scratch.js';

/** Making the fixtures takes under a minute; reading them (five scans of five pages) about as long. */
const SUITE_TIMEOUT = 600_000;

const root = scratchDir('digitise-fixtures-');
const inputs = join(root, 'inputs');
const out = join(root, 'out');
let fixtures: Fixture[] = [];
let batch: BatchResult;
let before: Map<string, string>;

const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const contents = (dir: string) => new Map(readdirSync(dir).map((name) => [name, digest(join(dir, name))]));

describe('the fixture suite: every bad input an archive holds, and the awkward good ones, in one batch', () => {
  beforeAll(async () => {
    fixtures = await makeFixtures(inputs, { scans: true });
    before = contents(inputs);
    batch = await runBatch(fixtures.map((f) => join(inputs, f.name)), out);
  }, SUITE_TIMEOUT);

  const outcome = (fixture: Fixture) => batch.results.find((r) => r.input === join(inputs, fixture.name))!;

  it('gives each fixture its outcome: the error code, with a message naming the file, or a record', () => {
    const got = Object.fromEntries(fixtures.map((f) => [f.name, outcome(f).error?.code ?? outcome(f).status]));
    expect(got).toEqual(Object.fromEntries(fixtures.map((f) => [f.name, f.expected])));
    for (const f of fixtures.filter((f) => f.expected !== 'ok')) expect(outcome(f).error!.message).toContain(join(inputs, f.name));
    expect(batch.failed).toBe(fixtures.filter((f) => f.expected !== 'ok').length);
  });

  it('reads the good inputs among the bad to their golden records, and notes what it converted or turned', () => {
    for (const f of fixtures.filter((f) => f.expected === 'ok')) {
      const record = JSON.parse(readFileSync(join(out, `${outcome(f).stem}.json`), 'utf8')) as DispatchRecord;
      if (f.golden) {
        const { cells, matching } = compareTables(record, f.golden);
        // text exactly; a scan whole, its accuracy left to npm run bench (a worker reads a page a little
        // differently after different pages, and the batch hands pages to its workers as they come free)
        expect(matching / cells, f.name).toBeGreaterThanOrEqual(record.scan ? 0.97 : 1);
        expect(record.document, f.name).toEqual(f.golden.document);
      }
      if (f.issue) expect(record.issues.map((i) => i.code), f.name).toContain(f.issue);
    }
  });

  it('leaves no temporary or half-written file, and writes nothing for a failed input', () => {
    const written = readdirSync(out);
    expect(written.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const owned = new Set(batch.results.flatMap((r) => r.files));
    expect(written.filter((name) => !owned.has(name)).sort()).toEqual(['index.csv', 'index.json']);
    for (const r of batch.results.filter((r) => r.status === 'failed')) expect(r.files).toEqual([]);
  });

  it('never touches an input', () => {
    expect(contents(inputs)).toEqual(before);
  });
});
