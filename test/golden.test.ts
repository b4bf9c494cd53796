import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { digitiseFile, type DispatchRecord } from '../src/index.js';
import { compareTables } from './compare.js';

const golden = (name: string) => JSON.parse(readFileSync(`golden/${name}.json`, 'utf8')) as DispatchRecord;

describe('golden records', () => {
  it.each([
    ['2018-Q1', 'clean text'],
    ['2018-Q3', 'garbled English-model OCR text'],
  ])('%s (%s) matches its golden record cell for cell', async (name) => {
    const { record } = await digitiseFile(`samples/${name}.txt`);
    const expected = golden(name);
    expect(compareTables(record, expected).differences).toEqual([]);
    expect(record.document).toEqual(expected.document);
    expect(record.summary).toEqual(expected.summary);
  });

  it('reads the garbled letterhead and headline figures of Q3/2018', async () => {
    const { record } = await digitiseFile('samples/2018-Q3.txt');
    // "ngdy 4/ thdng l0 ndm 2018" leaves the day illegible; the appendix cites "ngity,ll /1Ol2Ol8"
    expect(record.document.issuedOn).toBe('2018-10-11');
    // "nh6n vd xu lv li6n th6ns.49.614 yin U.an"
    expect(record.summary.documentsReceived).toBe(49614);
    expect(record.tables.idesk!.find((r) => r.no === 25)?.unitId).toBe('huyen-krong-buk');
  });
});
