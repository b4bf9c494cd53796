import { describe, expect, it } from 'vitest';
import { recordSchema, unitDictionary, type DispatchRecord } from '../src/index.js';
import { makeRecord, quarters } from '../samples/make-records.js';

/* The synthetic records stand in for golden ones in the text benchmark: they must be as consistent. */
const periods = quarters('2019-Q3', 3);
const records = periods.map((period) => makeRecord(period, 7));

const ascending = (values: Array<number | null>) => values.every((v, i) => i === 0 || v! >= values[i - 1]!);
const sum = (values: Array<number | null>) => values.reduce<number>((total, v) => total + v!, 0);

describe.each(records.map((record) => [`${record.document.period.year}-Q${record.document.period.quarter}`, record] as const))('synthetic %s', (_, record: DispatchRecord) => {
  it('satisfies the record schema and has every value', () => {
    expect(recordSchema.safeParse(record).success).toBe(true);
    expect(JSON.stringify(record)).not.toContain('null');
    expect(record.issues).toEqual([]);
  });

  it('has a letterhead for its quarter', () => {
    const { number, issuedOn, issuer, signer, period } = record.document;
    expect(number).toMatch(/^\d{4}\/UBND-KGVX$/);
    expect(issuer).toBe('Ủy ban nhân dân tỉnh Đắk Lắk');
    expect(unitDictionary().officials).toContain(signer);
    const [year, month] = issuedOn!.split('-').map(Number);
    expect(year! * 12 + month! - 1).toBe(period.year! * 12 + period.quarter! * 3);
  });

  it('names units by their canonical name and id, once per table', () => {
    const names = new Map(unitDictionary().units.map((u) => [u.id, u.name]));
    for (const rows of Object.values(record.tables)) {
      for (const row of rows) expect(names.get(row.unitId!)).toBe(row.unit);
      expect(new Set(rows.map((r) => r.unitId)).size).toBe(rows.length);
      expect(rows.map((r) => r.no)).toEqual(rows.map((_, i) => i + 1));
    }
  });

  it('has tables of the sizes and order the dispatches print', () => {
    const idesk = record.tables.idesk!;
    const igate = record.tables.igate!;
    const interlink = record.tables.interlink!;
    const level3 = record.tables.level3!;
    expect(idesk.length).toBeGreaterThanOrEqual(25);
    expect(idesk.length).toBeLessThanOrEqual(35);
    expect(interlink).toHaveLength(5);
    expect(level3.length).toBeGreaterThanOrEqual(5);
    expect(level3.length).toBeLessThanOrEqual(15);
    expect(ascending(idesk.map((r) => r.sent as number | null))).toBe(true);
    expect(ascending(igate.map((r) => r.received as number | null))).toBe(true);
    // level 3 either way, as Q1/2018 (down) and Q3/2018 (up) print it
    const dossiers = level3.map((r) => r.dossiers as number | null);
    expect(ascending(dossiers) || ascending([...dossiers].reverse())).toBe(true);
    for (const row of level3) {
      expect([0, 0.5, 1, 1.5]).toContain(row.score);
      expect(Math.round((row.rate as number) * 10) / 10).toBe(row.rate);
    }
  });

  it('keeps the iGate arithmetic', () => {
    for (const row of record.tables.igate!) {
      expect((row.onTime as number) + (row.late as number)).toBe(row.resolved);
      const rate = (n: number) => (row.resolved === 0 ? 0 : Math.round((1000 * n) / (row.resolved as number)) / 10);
      expect(row.onTimeRate).toBe(rate(row.onTime as number));
      expect(row.lateRate).toBe(rate(row.late as number));
    }
  });

  it('has headline figures that are the column sums', () => {
    const { summary: s, tables: t } = record;
    expect(s.documentsSent).toBe(sum(t.idesk!.map((r) => r.sent as number | null)));
    expect(s.documentsReceived).toBe(sum(t.idesk!.map((r) => r.received as number | null)));
    expect(s.documentsTotal).toBe(s.documentsSent! + s.documentsReceived!);
    expect(s.dossiersReceived).toBe(sum(t.igate!.map((r) => r.received as number | null)));
    expect(s.dossiersResolved).toBe(sum(t.igate!.map((r) => r.resolved as number | null)));
    expect(s.dossiersOnTime).toBe(sum(t.igate!.map((r) => r.onTime as number | null)));
    expect(s.dossiersLate).toBe(sum(t.igate!.map((r) => r.late as number | null)));
    expect(s.level3Dossiers).toBe(sum(t.level3!.map((r) => r.dossiers as number | null)));
  });
});

describe('the generator', () => {
  it('is deterministic and varies with the seed and quarter', () => {
    expect(makeRecord(periods[0]!, 7)).toEqual(records[0]);
    expect(makeRecord(periods[0]!, 8)).not.toEqual(records[0]);
    expect(records[1]).not.toEqual(records[0]);
  });

  it('varies magnitudes: zeros and counts in the thousands', () => {
    const counts = records.flatMap((r) => r.tables.idesk!.flatMap((row) => [row.sent as number, row.received as number]));
    expect(counts).toContain(0);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(1000);
  });

  it('numbers Q4 dispatches in January of the next year', () => {
    expect(quarters('2019-Q4', 2).map((p) => makeRecord(p, 1).document.issuedOn!.slice(0, 7))).toEqual(['2020-01', '2020-04']);
  });
});
