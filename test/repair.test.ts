import { describe, expect, it } from 'vitest';
import { unitDictionary } from '../src/index.js';
import { readNumber } from '../src/lang/numbers.js';

describe('unit names', () => {
  it.each([
    ['Sd Tdi Ngu 6n vi M6i Truim', 'so-tai-nguyen-moi-truong'],
    ['So Lao clQng - TB, XH', 'so-lao-dong-tbxh'],
    ['UBND huyQn M Erdk', 'huyen-mdrak'],
    ['UBND Thdnl ph6 Bu6n Ma ThuQt', 'tp-buon-ma-thuot'],
    ['UBND Tx Bu0n H0', 'tx-buon-ho'],
    ['SdYT6', 'so-y-te'],
    ['Uỷ ban nhân dân huyện Cư Mgar', 'huyen-cu-mgar'],
  ])('"%s" is %s', (garbled, unitId) => {
    expect(unitDictionary().match(garbled)?.unitId).toBe(unitId);
  });

  it('does not force a name it cannot tell', () => {
    expect(unitDictionary().match('Di6m CCHC')).toBeNull();
  });
});

describe('numbers', () => {
  it('reads digits the OCR turned into letters', () => {
    expect(readNumber('6t7l', 'count')[0]?.value).toBe(6171);
    expect(readNumber('r00', 'rate')[0]?.value).toBe(100);
    expect(readNumber('0.s', 'rate')[0]?.value).toBe(0.5);
    expect(readNumber('1006 3', 'count')[0]?.value).toBe(10063);
  });
  it('gives no reading for a character nobody has seen stand for a digit', () => {
    expect(readNumber('2T', 'count')).toEqual([]);
  });
});
