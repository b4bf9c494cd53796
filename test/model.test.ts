import { describe, expect, it } from 'vitest';
import { normalise } from '../src/normalise/index.js';
import { cellsOf, cellText, textOf, type Block, type Line, type Page, type Word } from '../src/model/index.js';
import { joinSplitRows } from '../src/ocr/index.js';

describe('the document model built from text', () => {
  const model = normalise('SỞ TƯ PHÁP\r\nSố: 12/STP\n\n1\tSở Tư pháp\t\t944\t\n\fTrang 2\n| 2 | Sở Y tế | 16 | 30 |\n');

  it('has pages at form feeds, blocks at blank lines, and every input line under its number', () => {
    expect(model.pages.map((p) => p.number)).toEqual([1, 2]);
    expect(model.pages[0]!.blocks.map((b) => b.lines.map((l) => l.number))).toEqual([[1, 2, 3], [4]]);
    expect(model.lines.map((l) => [l.number, l.page])).toEqual([[1, 1], [2, 1], [3, 1], [4, 1], [5, 2], [6, 2], [7, 2]]);
    expect(model.lines[4]!.text).toBe('Trang 2');
  });

  it('keeps each line its words, which give its text back', () => {
    for (const line of model.lines) expect(textOf(line.words)).toBe(line.text.replace(/\s+$/, ''));
    expect(model.lines[1]!.words.map((w) => w.text)).toEqual(['Số:', '12/STP']);
    // typed text has no boxes and no engine confidence
    expect(model.lines[1]!.words.every((w) => w.box === null && w.confidence === null)).toBe(true);
  });

  it('gives a row its cells, blank ones included, whether tab-separated or a pipe table', () => {
    expect(cellsOf(model.lines[3]!).map(cellText)).toEqual(['1', 'Sở Tư pháp', '', '944', '']);
    expect(cellsOf(model.lines[5]!).map(cellText)).toEqual(['2', 'Sở Y tế', '16', '30']);
  });
});

describe('a scanned table row a page break cut in two', () => {
  /** A table row as the scan path reads it: its cells' words, each cell after a tab. */
  const row = (page: number, ...cells: string[]): Line => {
    let tabs = '';
    const words: Word[] = [];
    cells.forEach((cell, k) => {
      if (k > 0) tabs += '\t';
      cell.split(' ').filter(Boolean).forEach((text, i) => {
        words.push({ text, gap: i === 0 ? tabs : ' ', confidence: 90, alternatives: [], box: null, cell: null });
        tabs = '';
      });
    });
    return { number: 0, page, text: textOf(words) + tabs, words };
  };
  const table = (lines: Line[], open: { top: boolean; bottom: boolean }): Block => ({ kind: 'table', lines, open });
  const closed = { top: false, bottom: false };
  const texts = (pages: Page[]) => pages.map((p) => p.blocks.map((b) => b.lines.map((l) => cellsOf(l).map(cellText))));

  it('is one row, its cells joined column by column, whichever side of the break was left open', () => {
    const before = [row(1, '20', 'Sở Y tế', '16', '30'), row(1, '21', 'Ủy ban nhân dân huyện', '496', '316')];
    const after = [row(2, '', 'Krông Búk', '', ''), row(2, '22', 'Sở Nội vụ', '7', '9')];
    for (const [end, start] of [
      [{ top: false, bottom: true }, closed],
      [closed, { top: true, bottom: false }],
    ]) {
      const pages = joinSplitRows([
        { number: 1, blocks: [table(before, end!)] },
        { number: 2, blocks: [{ kind: 'text', lines: [row(2, '- 3 -')] }, table(after, start!)] },
      ]);
      expect(texts(pages)).toEqual([
        [[['20', 'Sở Y tế', '16', '30'], ['21', 'Ủy ban nhân dân huyện Krông Búk', '496', '316']]],
        [[['- 3 -']], [['22', 'Sở Nội vụ', '7', '9']]],
      ]);
    }
  });

  it('is left alone where the next page opens with a numbered row, or the break left nothing open', () => {
    const first = { number: 1, blocks: [table([row(1, '21', 'Ủy ban nhân dân huyện', '496', '316')], { top: false, bottom: true })] };
    const numbered = { number: 2, blocks: [table([row(2, '22', 'Sở Nội vụ', '7', '9')], closed)] };
    expect(texts(joinSplitRows([first, numbered]))).toEqual(texts([first, numbered]));
    const shut = { number: 1, blocks: [table(first.blocks[0]!.lines, closed)] };
    const unnumbered = { number: 2, blocks: [table([row(2, '', 'Krông Búk', '', '')], closed)] };
    expect(texts(joinSplitRows([shut, unnumbered]))).toEqual(texts([shut, unnumbered]));
  });
});
