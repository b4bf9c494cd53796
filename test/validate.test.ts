import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digitiseText, DocumentContext, reportKind, runBatch } from '../src/index.js';
import { checkRules, misreadRates, settle } from '../src/reports/rules.js';
import { scratchDir } from './scratch.js';

describe('validation', () => {
  it('catches a planted arithmetic error without changing the value', () => {
    const text = readFileSync('samples/2018-Q1.txt', 'utf8').replace('3\tSở Ngoại vụ\t15\t13\t13\t100', '3\tSở Ngoại vụ\t15\t13\t12\t100');
    const { record } = digitiseText(text, new DocumentContext('planted.txt'));
    expect(record.tables.igate![2]!.onTime).toBe(12);
    expect(record.issues).toContainEqual(expect.objectContaining({ severity: 'error', code: 'resolved-sum', table: 'igate', no: 3 }));
  });

  it('settles illegible cells by the row’s rules, one settling the next, and says so', () => {
    // row 3 prints 15 received, 13 resolved, 13 on time (100%), 0 late (0%); on time and late illegible
    const text = readFileSync('samples/2018-Q1.txt', 'utf8').replace('3\tSở Ngoại vụ\t15\t13\t13\t100\t0\t0', '3\tSở Ngoại vụ\t15\t13\t?\t100\t?\t0');
    const { record } = digitiseText(text, new DocumentContext('planted.txt'));
    // 100% of 13 is 13 and no other whole count; then late is 13 − 13
    expect(record.tables.igate![2]).toMatchObject({ received: 15, resolved: 13, onTime: 13, onTimeRate: 100, late: 0, lateRate: 0 });
    const inferred = record.issues.filter((i) => i.code === 'inferred' && i.table === 'igate' && i.no === 3);
    expect(inferred.map((i) => i.field).sort()).toEqual(['late', 'onTime']);
  });

  it('finds what the known values of a row break where others are illegible', () => {
    const rules = reportKind('it-usage').tables.find((t) => t.id === 'igate')!.rules;
    const broken = (values: Record<string, number | null>) => checkRules(rules, values).filter((c) => !c.holds).map((c) => c.message);
    // a part above its total, rates that are no row's two shares
    expect(broken({ resolved: 13, onTime: 15, onTimeRate: null, late: null, lateRate: null })).toEqual(['onTime 15 > resolved 13']);
    expect(broken({ resolved: null, onTime: 100, onTimeRate: 2, late: null, lateRate: 100 })).toEqual(['onTimeRate 2 and lateRate 100 do not make 100%']);
    // shares of 100 as printed, rounded each way, and 0 and 0 where nothing was resolved, hold
    expect(broken({ resolved: null, onTime: null, onTimeRate: 93.8, late: null, lateRate: 6.3 })).toEqual([]);
    expect(broken({ resolved: null, onTime: null, onTimeRate: 0, late: null, lateRate: 0 })).toEqual([]);
    expect(broken({ resolved: 0, onTime: null, onTimeRate: 0, late: null, lateRate: 0 })).toEqual([]);
  });

  it('settles a rate to the report’s rounding, and a count only where one whole count gives its rate', () => {
    const rules = reportKind('it-usage').tables.find((t) => t.id === 'igate')!.rules;
    const settled = (values: Record<string, number | null>) => Object.fromEntries(settle(rules, values).map((s) => [s.field, s.value]));
    // 5 late of 40: 12.5%, and 100 − 87.5 too
    expect(settled({ resolved: 40, onTime: 35, onTimeRate: 87.5, late: null, lateRate: null })).toEqual({ late: 5, lateRate: 12.5 });
    // 2 late of 32: 6.25%, printed 6,3 where the report rounds it and 6,2 where it prints 100 − 93,8
    // (as Q3/2018 does): not settled
    expect(settled({ resolved: 32, onTime: 30, onTimeRate: 93.8, late: null, lateRate: null })).toEqual({ late: 2 });
    expect(settled({ resolved: 32, onTime: 30, onTimeRate: null, late: 2, lateRate: null })).toEqual({});
    // 93.8% of 32 is 30 alone, and 93.7% or 93.9% would be too
    expect(settled({ resolved: 32, onTime: null, onTimeRate: 93.8, late: null, lateRate: null })).toEqual({ onTime: 30, late: 2 });
    // 96.3% of 1632 (Q3/2018's 1573 on time, printed as 100 − 3.7) could be 1570 to 1573: not settled
    expect(settled({ resolved: 1632, onTime: null, onTimeRate: 96.3, late: null, lateRate: null })).toEqual({});
    // 100% of 5000 is 4998, 4999 or 5000 to one decimal: not settled
    expect(settled({ resolved: 5000, onTime: null, onTimeRate: 100, late: null, lateRate: null })).toEqual({});
  });

  it('mends a rate an OCR engine misread, where the row’s counts keep their sum, and keeps a printed slip', () => {
    const rules = reportKind('it-usage').tables.find((t) => t.id === 'igate')!.rules;
    const mended = (values: Record<string, number | null>) => Object.fromEntries(misreadRates(rules, values).map((s) => [s.field, s.value]));
    // 18 of 23 on time is 78,3%, and 5 late 21,7%: "16,5" was misread
    expect(mended({ resolved: 23, onTime: 18, onTimeRate: 16.5, late: 5, lateRate: null })).toEqual({ onTimeRate: 78.3 });
    // counts that break their sum, or a sum not read whole, settle nothing
    expect(mended({ resolved: 24, onTime: 18, onTimeRate: 16.5, late: 5, lateRate: null })).toEqual({});
    expect(mended({ resolved: null, onTime: 18, onTimeRate: 16.5, late: 5, lateRate: null })).toEqual({});

    // Q3/2018 as an English model read it, row 13 printing 93.8% on time (304 of 324), read as 95.8
    const garbled = readFileSync('samples/2018-Q3.txt', 'utf8').replace('323 324 304 93.8 20 6.2', '323 324 304 95.8 20 6.2');
    const read = digitiseText(garbled, new DocumentContext('misread.txt')).record;
    expect(read.tables.igate![12]).toMatchObject({ no: 13, onTimeRate: 93.8, lateRate: 6.2 });
    expect(read.issues).toContainEqual(expect.objectContaining({ code: 'figure-mended', table: 'igate', no: 13, field: 'onTimeRate' }));
    // in text as printed the same slip is the report's own: reported, never changed
    const printed = readFileSync('samples/2018-Q1.txt', 'utf8').replace('21\t21\t19\t90.5\t2\t9.5', '21\t21\t19\t96.5\t2\t9.5');
    const kept = digitiseText(printed, new DocumentContext('slip.txt')).record;
    expect(kept.tables.igate![6]).toMatchObject({ no: 7, onTimeRate: 96.5 });
    expect(kept.issues).toContainEqual(expect.objectContaining({ severity: 'error', code: 'rate-mismatch', table: 'igate', no: 7 }));
  }, 60_000);
});

describe('bad input', () => {
  it('names the file, and the rest of the batch goes on', async () => {
    const dir = scratchDir('digitise-');
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
