import { describe, expect, it } from 'vitest';
import { unitDictionary } from '../src/index.js';
import { isNumberLike, readNumber } from '../src/lang/numbers.js';

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
  it('reads a rate whose decimal comma the OCR lost or took for a semicolon', () => {
    // no rate is printed "09": it is 0,9 without its comma; 9 stays a dearer reading
    expect(readNumber('09', 'rate').map((r) => r.value)).toEqual([0.9, 9]);
    expect(readNumber('05', 'score')[0]?.value).toBe(0.5);
    expect(readNumber('33;3', 'rate')[0]?.value).toBe(33.3);
    expect(isNumberLike('33;3')).toBe(true);
  });
  it('gives no reading for a character nobody has seen stand for a digit', () => {
    expect(readNumber('2T', 'count')).toEqual([]);
  });
});
