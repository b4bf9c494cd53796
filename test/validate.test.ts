import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digitiseText, DocumentContext, runBatch } from '../src/index.js';

describe('validation', () => {
  it('catches a planted arithmetic error without changing the value', () => {
    const text = readFileSync('samples/2018-Q1.txt', 'utf8').replace('3\tSở Ngoại vụ\t15\t13\t13\t100', '3\tSở Ngoại vụ\t15\t13\t12\t100');
    const { record } = digitiseText(text, new DocumentContext('planted.txt'));
    expect(record.tables.igate![2]!.onTime).toBe(12);
    expect(record.issues).toContainEqual(expect.objectContaining({ severity: 'error', code: 'resolved-sum', table: 'igate', no: 3 }));
  });
});

describe('bad input', () => {
  it('names the file, and the rest of the batch goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'digitise-'));
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'binary.txt'), Buffer.from([0, 1, 2, 3, 0, 255]));
    writeFileSync(join(dir, 'letter.txt'), 'Kính gửi anh chị,\nHẹn gặp lại.\n');
    const out = join(dir, 'out');
    const { results, failed } = await runBatch([join(dir, 'empty.txt'), join(dir, 'binary.txt'), join(dir, 'letter.txt'), join(dir, 'missing.txt'), 'samples/2018-Q1.txt'], out);
    expect(failed).toBe(3);
    expect(results.map((r) => r.error?.code ?? 'ok')).toEqual(['E_EMPTY', 'E_BINARY', 'ok', 'E_READ', 'ok']);
    for (const r of results.filter((r) => r.error)) expect(r.error!.message).toContain(r.input);
    // a letter of no known report kind is kept with its text, not refused
    const letter = JSON.parse(readFileSync(join(out, 'letter.json'), 'utf8'));
    expect(letter).toMatchObject({ kind: 'unknown', text: 'Kính gửi anh chị,\nHẹn gặp lại.\n', grids: [] });
    expect([...results[4]!.files].sort()).toEqual(['2018-Q1.idesk.csv', '2018-Q1.igate.csv', '2018-Q1.interlink.csv', '2018-Q1.json', '2018-Q1.level3.csv', '2018-Q1.review.html', '2018-Q1.txt']);
  });
});
