import { nfc } from '../lang/fold.js';
import type { CellReading, Line, NormalisedText } from '../model/index.js';

/**
 * Unicode NFC, one kind of line break and space, and no markdown emphasis (texts exported from
 * word processors mark bold with ** and struck-through handwritten numbers with ~~). Tabs stay:
 * they separate table cells, and the cells of a markdown pipe table become tab-separated too.
 */
export function normalise(text: string, readings?: ReadonlyMap<number, CellReading[][]>): NormalisedText {
  const clean = nfc(text)
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/[\u00A0\u2000-\u200A\u202F]/g, ' ')
    .replace(/\*\*|~~|__/g, '');
  return {
    lines: clean.split('\n').map((text, i) => {
      const line: Line = { number: i + 1, text: pipeRowToTabs(text.replace(/ +$/, '')) };
      const other = readings?.get(i + 1);
      if (other) line.readings = other.map((cell) => cell.map((r) => ({ ...r, text: nfc(r.text) })));
      return line;
    }),
  };
}

/** "| 1 | Sở Tư pháp | 16 |" → "1\tSở Tư pháp\t16"; the "|---|---|" rule under a header → "". */
function pipeRowToTabs(text: string): string {
  const trimmed = text.trim();
  if (!/^\|.*\|$/.test(trimmed) || trimmed.split('|').length < 4) return text;
  if (/^[|:\-\s]+$/.test(trimmed)) return '';
  return trimmed
    .slice(1, -1)
    .split('|')
    .map((cell) => cell.trim())
    .join('\t');
}
