import { describe, expect, it } from 'vitest';
import { normalise } from '../src/normalise/index.js';
import { cellsOf, cellText, textOf } from '../src/model/index.js';

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
