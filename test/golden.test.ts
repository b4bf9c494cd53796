import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { digitiseFile, type DispatchRecord } from '../src/index.js';
import { compareTables } from './compare.js';

const golden = (name: string) => JSON.parse(readFileSync(`golden/${name}.json`, 'utf8')) as DispatchRecord;

describe('golden records', () => {
  it('Q1/2018 clean text matches its golden record cell for cell', async () => {
    const { record } = await digitiseFile('samples/2018-Q1.txt');
    const expected = golden('2018-Q1');
    const result = compareTables(record, expected);
    expect(result.differences).toEqual([]);
    expect(record.document).toEqual(expected.document);
    expect(record.summary.documentsTotal).toBe(60005);
    expect(record.summary.level3Dossiers).toBe(957);
  });

  it('Q3/2018 garbled OCR text comes close to its golden record', async () => {
    const { record } = await digitiseFile('samples/2018-Q3.txt');
    const expected = golden('2018-Q3');
    const result = compareTables(record, expected);
    // the cells still wrong are listed in the closing note of this stage of the work
    expect(result.matching / result.cells).toBeGreaterThan(0.97);
    expect(record.document.signer).toBe('Nguyễn Tuấn Hà');
    expect(record.document.period).toEqual({ year: 2018, quarter: 3 });
    expect(record.summary).toMatchObject({ documentsTotal: 67309, documentsSent: 17695, dossiersReceived: 55725, dossiersResolved: 53519, level3Dossiers: 1859 });
  });
});
