import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { digitiseText, DocumentContext, type DispatchRecord } from '../src/index.js';
import { compareTables } from './compare.js';

/*
 * The same Q1/2018 dispatch laid out the ways other tools export it. The layout changes, the
 * values do not, so each must match the hand-verified golden record.
 */
const clean = readFileSync('samples/2018-Q1.txt', 'utf8');
const golden = JSON.parse(readFileSync('golden/2018-Q1.json', 'utf8')) as DispatchRecord;

const tableLines = (transform: (cells: string[]) => string) =>
  clean
    .split('\n')
    .map((line) => (line.includes('\t') ? transform(line.split('\t')) : line))
    .join('\n');

const layouts: Record<string, string> = {
  // pdftotext -layout: columns padded with spaces, no tabs
  'space-aligned columns': tableLines((cells) => cells.map((c) => c.padEnd(14)).join('  ').trimEnd()),
  'markdown pipe tables': tableLines((cells) => `| ${cells.join(' | ')} |`),
  'Windows line breaks': clean.replace(/\n/g, '\r\n'),
  'upper case throughout': clean.toUpperCase(),
  'decomposed Unicode (NFD)': clean.normalize('NFD'),
};

describe('clean text laid out differently', () => {
  it.each(Object.keys(layouts))('%s', (name) => {
    const { record } = digitiseText(layouts[name]!, new DocumentContext(`${name}.txt`));
    expect(compareTables(record, golden).differences).toEqual([]);
    expect(record.document).toEqual(golden.document);
    expect(record.summary).toEqual(golden.summary);
  });
});
