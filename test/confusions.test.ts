import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binomialTail, type Measured } from '../lang-data/merge-confusions.js';
import { unitDictionary } from '../src/index.js';
import { confusionTable, digitReadingCosts, digitReadings, substitutionCost } from '../src/lang/confusions.js';
import { similarity } from '../src/lang/distance.js';
import { comparisonForm } from '../src/lang/fold.js';
import { readNumber } from '../src/lang/numbers.js';

describe('the confusion table', () => {
  it('loads, validated, with totals for every counted character', () => {
    const table = confusionTable();
    for (const [seen, row] of Object.entries(table.letters)) {
      const counted = Object.values(row).reduce((a, b) => a + b, 0);
      expect(table.letterTotals[seen], seen).toBeGreaterThanOrEqual(counted);
    }
    for (const [seen, row] of Object.entries(table.digits)) {
      expect(seen).not.toMatch(/[0-9]/);
      const counted = Object.values(row).reduce((a, b) => a + b, 0);
      expect(table.digitTotals[seen], seen).toBeGreaterThanOrEqual(counted);
    }
  });

  it('keeps the hand-verified digit stand-ins of the Q3/2018 dispatch', () => {
    for (const [ch, digit] of [['t', '1'], ['l', '1'], ['I', '1'], ['J', '3'], ['s', '5'], ['O', '0']] as const)
      expect(digitReadings(ch), ch).toContain(digit);
  });

  it('orders a stand-in’s readings by their share of its readings in a digit’s place, and drops the dearer than a blank', () => {
    const table = confusionTable();
    for (const [ch, row] of Object.entries(table.digits)) {
      const readings = digitReadingCosts(ch);
      for (const r of readings) {
        expect(Object.keys(row)).toContain(r.digit);
        expect(r.cost).toBeLessThanOrEqual(1);
      }
      for (let k = 1; k < readings.length; k++) expect(readings[k]!.cost).toBeGreaterThanOrEqual(readings[k - 1]!.cost);
      // an offered reading the hand never verified is priced by its share: 0.5 + 0.5 per halving
      for (const r of readings)
        if (!table.verified.digits[ch]?.[r.digit]) expect(r.cost).toBeCloseTo(0.5 + 0.5 * Math.log2(table.digitTotals[ch]! / row[r.digit]!), 6);
    }
  });

  it('leaves a digit itself, and a character never seen for one, alone', () => {
    expect(digitReadingCosts('7')).toEqual([{ digit: '7', cost: 0 }]);
    expect(digitReadings('K')).toEqual([]);
  });
});

describe('numbers with stand-ins', () => {
  it('reads 38.l22 as 38122 first', () => {
    expect(readNumber('38.l22', 'count')[0]?.value).toBe(38122);
  });
  it('reads the hand-verified stand-ins, cheapest first', () => {
    expect(readNumber('6t7l', 'count')[0]).toEqual({ value: 6171, cost: 1 });
    expect(readNumber('JJ', 'count')[0]?.value).toBe(33);
    expect(readNumber('4s8', 'count')[0]?.value).toBe(458);
  });
  it('adds no stand-in the measurement does not bear out', () => {
    const measured = JSON.parse(readFileSync('lang-data/tesseract-eng.json', 'utf8')) as Measured;
    const table = confusionTable();
    // every stand-in is hand-verified, or was seen at least 3 times and beyond an even spread
    for (const [seen, row] of Object.entries(table.digits))
      for (const [digit, n] of Object.entries(row)) {
        const m = measured.digits[seen]?.[digit] ?? 0;
        const verified = (table.verified.digits[seen]?.[digit] ?? 0) > 0;
        expect(verified || (m >= 3 && binomialTail(m, measured.digitTotals[seen]!, 0.1) < 0.001), `${seen} → ${digit} (${n})`).toBe(true);
      }
    // the harsh tables (blurred, thresholded, speckled, 100–200 dpi) show the testers' S, B, G
    // and z; the mild renderings alone showed none
    expect(Object.keys(measured.sets ?? {}).sort()).toEqual(['harsh', 'mild']);
    expect(measured.sets!.mild!.digits).toEqual({ B: { 8: 1 }, G: { 8: 1 } });
    for (const [ch, digit, least] of [['S', '5', 50], ['G', '6', 20], ['B', '8', 15], ['z', '2', 5], ['s', '5', 50], ['i', '1', 50], ['t', '1', 15]] as const) {
      expect(table.digits[ch]?.[digit] ?? 0, `${ch} → ${digit}`).toBeGreaterThanOrEqual(least);
      expect(digitReadings(ch), ch).toContain(digit);
    }
    // readings a letter or mark gives in under half its digit places cost more than a blank, and are not offered
    for (const ch of ['T', 'a', 'e', 'o', '[', ']']) {
      expect(Object.keys(table.digits[ch] ?? {}).length, ch).toBeGreaterThan(0);
      expect(digitReadings(ch), ch).toEqual([]);
    }
    // nor are the ones the data does not bear out: Z (3 of 4), q (never)
    for (const ch of ['Z', 'q']) expect(digitReadings(ch), ch).toEqual([]);
    expect(readNumber('S8', 'count')[0]?.value).toBe(58);
    expect(readNumber('2T', 'count')).toEqual([]);
  });
});

describe('letter costs', () => {
  it('makes a common misreading cheap and a rare one dear', () => {
    expect(substitutionCost('6', 'o')).toBeLessThanOrEqual(0.25);
    expect(substitutionCost('k', 'x')).toBe(1);
  });

  it('finds garbled words close to their words', () => {
    expect(similarity('c6ng', 'cong')).toBeGreaterThan(0.9);
    expect(similarity('th6ng', 'thong')).toBeGreaterThan(0.9);
    expect(similarity(comparisonForm('huyén'), 'huyen')).toBe(1);
  });

  it('keeps unit names apart', () => {
    const a = comparisonForm('Sở Tư pháp');
    const b = comparisonForm('Sở Tài chính');
    expect(similarity(a, b)).toBeLessThan(0.6);
    expect(similarity('s6 tu phap', a)).toBeGreaterThan(similarity('s6 tu phap', b) + 0.3);
    expect(unitDictionary().match('S6 Tu phap')?.unitId).toBe('so-tu-phap');
    expect(unitDictionary().match('Sé Tai chinh')?.unitId).toBe('so-tai-chinh');
  });
});
