import { nfc } from '../lang/fold.js';
import { documentOf, lineOfText, type Block, type DocumentModel, type Line, type Page } from '../model/index.js';

/**
 * A text as the document model: Unicode NFC, one kind of line break and space, and no markdown
 * emphasis (texts exported from word processors mark bold with ** and struck-through
 * handwritten numbers with ~~). Tabs stay: they separate table cells, and the cells of a markdown
 * pipe table become tab-separated too. A form feed (pdftotext's) starts a page; a blank line, a block.
 */
export function normalise(text: string): DocumentModel {
  const pages: Page[] = [];
  let blocks: Block[] = [];
  let lines: Line[] = [];
  const closeBlock = () => {
    if (lines.length > 0) blocks.push({ kind: 'text', lines });
    lines = [];
  };
  const closePage = () => {
    closeBlock();
    pages.push({ number: pages.length + 1, blocks });
    blocks = [];
  };
  nfc(text)
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/[\u00A0\u2000-\u200A\u202F]/g, ' ')
    .replace(/\*\*|~~|__/g, '')
    .split('\n')
    .forEach((raw, i) => {
      if (raw.includes('\f') && i > 0) closePage();
      const line = lineOfText(i + 1, pipeRowToTabs(raw.replace(/\f/g, '').replace(/ +$/, '')), pages.length + 1);
      // blank lines stay, in the block they end, so every line of the input keeps its number
      lines.push(line);
      if (line.text.trim() === '') closeBlock();
    });
  closePage();
  return documentOf(pages);
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
