import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { diffPaths, diffRecords, type DispatchRecord } from '../src/index.js';
import { main } from '../src/cli/index.js';
import { scratchDir } from './scratch.js';

const golden = () => JSON.parse(readFileSync('golden/2018-Q1.json', 'utf8')) as DispatchRecord;

/** The golden Q1 record with planted changes, as a reviewer would find them in a faulty record. */
function planted(): DispatchRecord {
  const record = golden();
  record.tables.igate![6]!.onTime = 18; // row 7, golden 19
  record.summary.level3Dossiers = 975; // golden 957
  record.tables.interlink!.pop(); // row 5 missing
  record.tables.level3!.push({ no: 7, unit: 'Sở Y tế', unitId: 'so-y-te', dossiers: 1, rate: null, score: null }); // an extra row
  // the same unit by another of its names: not a difference
  record.tables.idesk![1]!.unit = 'UBND huyện Buôn Đôn';
  // a name without its diacritics, and no id: a difference
  record.tables.idesk![2]!.unit = 'UBND huyen Krong Pac';
  (record.tables.idesk![2] as { unitId: string | null }).unitId = null;
  return record;
}

describe('diff', () => {
  it('reports exactly the planted differences', () => {
    const diff = diffRecords(planted(), golden(), { actual: 'planted', golden: 'golden' });
    expect(diff.differences.map((d) => `${d.kind} ${d.part} ${d.no ?? '-'} ${d.field} ${JSON.stringify(d.actual)} ${JSON.stringify(d.golden)}`)).toEqual([
      'differs summary - level3Dossiers 975 957',
      'differs idesk 3 unit "UBND huyen Krong Pac" "Ủy ban nhân dân huyện Krông Pắc"',
      'differs igate 7 onTime 18 19',
      'missing interlink 5 unit null "Sở Ngoại vụ"',
      'missing interlink 5 viaIgate null 13',
      'missing interlink 5 paper null 13',
      'extra level3 7 unit "Sở Y tế" null',
      'extra level3 7 dossiers 1 null',
      'extra level3 7 rate null null',
      'extra level3 7 score null null',
    ]);
    expect(diff.counts).toMatchObject({ differing: 3, missing: 3, extra: 4, matching: diff.counts.compared - 6 });
  });

  it('pairs folders by stem, and exits 0 only on a match', async () => {
    const dir = scratchDir('digitise-diff-');
    mkdirSync(join(dir, 'same'));
    mkdirSync(join(dir, 'faulty'));
    writeFileSync(join(dir, 'same', '2018-Q1.scan.json'), JSON.stringify(golden()));
    writeFileSync(join(dir, 'faulty', '2018-Q1.json'), JSON.stringify(planted()));
    const report = await diffPaths(join(dir, 'same'), 'golden');
    expect(report.diffs).toHaveLength(1);
    expect(report.unpaired.golden).toEqual(['golden/2018-Q3.json']);

    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['diff', join(dir, 'same', '2018-Q1.scan.json'), 'golden/2018-Q1.json'])).toBe(0);
      expect(await main(['diff', join(dir, 'faulty', '2018-Q1.json'), 'golden/2018-Q1.json', '--format', 'json'])).toBe(2);
      const json = JSON.parse(String(out.mock.calls.at(-1)![0]));
      expect(json.counts).toMatchObject({ differing: 3, missing: 3, extra: 4 });
      expect(await main(['diff', join(dir, 'faulty', '2018-Q1.json'), 'golden/2018-Q1.json', '--format', 'html'])).toBe(2);
      expect(String(out.mock.calls.at(-1)![0])).toContain('<tr class="missing"><td>interlink</td><td>5</td>');
    } finally {
      out.mockRestore();
    }
  });
});
