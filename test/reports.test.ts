import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { digitiseText, DocumentContext, knownReportKinds, loadReportKind, registerReportKind } from '../src/index.js';

/*
 * A report kind is a description file: a second kind, with its own table, columns and rules, is
 * read from a sample without any code of its own. (Each test file runs in its own module scope,
 * so the kind registered here is known to these tests only.)
 */
const text = readFileSync('test/fixtures/online-services.txt', 'utf8');

describe('a report kind added as a file', () => {
  beforeAll(() => registerReportKind(loadReportKind('test/fixtures/online-services.json')));

  it('is recognised and its table read, one cell a line, with its units and headline', () => {
    expect(knownReportKinds().map((k) => k.id)).toEqual(['it-usage', 'online-services']);
    const { record } = digitiseText(text, new DocumentContext('services.txt'));
    expect(record.kind).toBe('online-services');
    expect(record.summary).toEqual({ servicesTotal: 214 });
    expect(record.tables.services).toEqual([
      { no: 1, unit: 'Sở Tư pháp', unitId: 'so-tu-phap', unitAsRead: 'Sở Tư pháp', total: 38, level3: 30, level4: 8, onlineRate: 21.1 },
      { no: 2, unit: 'Sở Xây dựng', unitId: 'so-xay-dung', unitAsRead: 'Sở Xây dựng', total: 51, level3: 40, level4: 11, onlineRate: 21.6 },
      { no: 3, unit: 'Ủy ban nhân dân huyện Krông Bông', unitId: 'huyen-krong-bong', unitAsRead: 'UBND huyện Krông Bông', total: 60, level3: 60, level4: 0, onlineRate: 0 },
      { no: 4, unit: 'Sở Y tế', unitId: 'so-y-te', unitAsRead: 'Sở Y tế', total: 65, level3: 49, level4: 16, onlineRate: 24.6 },
    ]);
    expect(record.issues.filter((i) => i.severity === 'error')).toEqual([]);
  }, 30_000);

  it('checks its own rules, and settles a missing value by them', () => {
    // row 2 printed inconsistently (40 + 11 ≠ 52); row 4's level 3 count illegible
    const planted = text.replace('51\n40\n11', '52\n40\n11').replace('65\n49\n16', '65\n?\n16');
    const { record } = digitiseText(planted, new DocumentContext('planted.txt'));
    expect(record.tables.services![1]).toMatchObject({ total: 52, level3: 40, level4: 11 });
    expect(record.issues).toContainEqual(expect.objectContaining({ severity: 'error', code: 'services-sum', table: 'services', no: 2 }));
    expect(record.tables.services![3]).toMatchObject({ total: 65, level3: 49, level4: 16 });
    expect(record.issues).toContainEqual(expect.objectContaining({ code: 'inferred', table: 'services', no: 4, field: 'level3' }));
  }, 30_000);
});

describe('a dispatch of no known kind', () => {
  it('is read, not refused: its letterhead, its text and its table as a grid', () => {
    const { record } = digitiseText(readFileSync('samples/other/2021-krongpac-giaymoi.txt', 'utf8'), new DocumentContext('giaymoi.txt'));
    const expected = JSON.parse(readFileSync('golden/other/2021-krongpac-giaymoi.letterhead.json', 'utf8'));
    expect(record.kind).toBe('unknown');
    expect(record.letterhead).toEqual(expected);
    expect(record.document).toMatchObject({ number: expected.number, issuedOn: expected.issuedOn, issuer: expected.issuer, signer: expected.signer });
    expect(record.text).toContain('Kính gửi');
    expect(record.grids).toHaveLength(1);
    expect(record.grids![0]!.rows.length).toBeGreaterThanOrEqual(3);
  });
});
