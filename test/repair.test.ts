import { describe, expect, it } from 'vitest';
import { reportKind, unitDictionary } from '../src/index.js';
import { isNumberLike, readNumber } from '../src/lang/numbers.js';
import { assignCells, chooseCells, figureCandidates, valuesOf } from '../src/repair/cells.js';
import type { RawRow, Word } from '../src/model/index.js';
import { settle } from '../src/reports/rules.js';

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

describe('a row short of figures', () => {
  const igate = reportKind('it-usage').tables.find((t) => t.id === 'igate')!;
  const read = (...texts: string[]) => chooseCells(igate, figureCandidates(igate, texts.map((text) => ({ text, line: 1, words: [] }))), {}, 1);

  it('is not ambiguous where every way of placing its figures that keeps the rules settles the same values', () => {
    // 33 received, 31 resolved, a garble for 31 on time, 100%, 0 late; the last rate lost
    const { cells, ambiguous } = read('33', '31', 'eal', '100', '0');
    expect(ambiguous).toEqual([]);
    expect(valuesOf(cells)).toMatchObject({ received: 33, resolved: 31, onTimeRate: 100 });
  });

  it('takes a garble whose reading breaks the row’s rules for an illegible figure, for the rules to settle', () => {
    // "iG" reads 16, but 11 resolved at 100% on time, none late: it stands for 11
    const { cells } = read('0', '11', 'iG', '100', '0', '0');
    expect(valuesOf(cells)).toEqual({ received: 0, resolved: 11, onTime: null, onTimeRate: 100, late: 0, lateRate: 0 });
    expect(Object.fromEntries(settle(igate.rules, valuesOf(cells)).map((s) => [s.field, s.value]))).toEqual({ onTime: 11 });
  });

  it('never joins clean figures into a blank, which would drop them as cheaply as a garble', () => {
    // one figure too many (a row number the text put after them): joined, some read as no number
    const candidates = figureCandidates(igate, ['4', '32', '30', '93,8', '2', '6,3', '15'].map((text) => ({ text, line: 1, words: [] })));
    expect(candidates.length).toBeGreaterThan(0);
    const cells = candidates.flatMap((c) => Object.values(c.cells));
    expect(cells.filter((cell) => cell.raw?.includes(' ') && cell.value === null)).toEqual([]);
  });
});

describe('a scanned figure the engine read several ways', () => {
  const table = (id: string) => reportKind('it-usage').tables.find((t) => t.id === id)!;
  /** A positional row of scanned cells, each read as its readings say (the first is the word, the rest its alternatives). */
  const row = (...cells: Array<[[string, number], ...Array<[string, number]>]>): RawRow => ({
    no: 1,
    noInferred: false,
    line: 1,
    label: 'Sở Y tế',
    labelWords: [],
    positional: true,
    optionalLead: 0,
    cells: cells.map(([[text, confidence], ...others]) => {
      const word: Word = { text, gap: '\t', confidence, alternatives: others.map(([t, c]) => ({ text: t, confidence: c })), box: null, cell: { page: 1, x: 0, y: 0, width: 10, height: 10 } };
      return { text, line: 1, words: [word] };
    }),
  });

  it('is kept but flagged where its readings disagree and no rule of the row tells them apart', () => {
    const { cells, doubted } = assignCells(table('idesk'), row([['1581', 96], ['1561', 96], ['1581', 96]], [['240', 96]]), {});
    expect(valuesOf(cells)).toEqual({ sent: 1581, received: 240 });
    expect(doubted).toEqual([{ field: 'sent', why: 'readings disagree' }]);
  });

  it('is not flagged where the row’s rules settle which reading is right', () => {
    // resolved = onTime + late holds for 21, not for 27
    const read = row([['30', 96]], [['21', 96], ['27', 90]], [['19', 96]], [['90.5', 96]], [['2', 96]], [['9.5', 96]]);
    const { cells, doubted } = assignCells(table('igate'), read, {});
    expect(valuesOf(cells)).toMatchObject({ resolved: 21, onTime: 19, late: 2 });
    expect(doubted).toEqual([]);
  });

  it('is flagged where the engine was unsure of every reading and no rule checks it', () => {
    expect(assignCells(table('idesk'), row([['585', 13]], [['240', 96]]), {}).doubted).toEqual([{ field: 'sent', why: 'unsure' }]);
  });
});
