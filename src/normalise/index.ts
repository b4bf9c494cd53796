import { nfc } from '../lang/fold.js';
import { documentOf, lineOfText, type Block, type DocumentModel, type Line, type Page } from '../model/index.js';

/**
 * A text as the document model: Unicode NFC, one kind of line break and space, and no markdown
 * emphasis (texts exported from word processors mark bold with ** and struck-through
 * handwritten numbers with ~~). Tabs stay: they separate table cells, and the cells of a markdown
 * pipe table, or of rows exported as CSV, become tab-separated too. A form feed (pdftotext's)
 * starts a page; a blank line, a block.
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
  const raws = nfc(text)
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/[\u00A0\u2000-\u200A\u202F]/g, ' ')
    .replace(/\*\*|~~|__/g, '')
    .split('\n');
  delimitedRowsToTabs(raws).forEach((raw, i) => {
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

/** A line's fields split at `delimiter` outside double quotes, the quotes taken off; null where a quote is left open. */
function delimitedFields(text: string, delimiter: string): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[i++];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (c === delimiter) {
      fields.push(field.trim());
      field = '';
    } else field += c;
  }
  return quoted ? null : [...fields, field.trim()];
}

/**
 * Rows exported as CSV (comma or semicolon, quoted fields) become tab-separated. Prose has commas
 * too, so only a run of two lines or more with the same number of fields (three or more) counts,
 * and only where most of its lines open with a row number.
 */
function delimitedRowsToTabs(lines: string[]): string[] {
  const out = [...lines];
  for (const delimiter of [',', ';']) {
    const fields = out.map((line) => (line.includes(delimiter) && !line.includes('\t') ? delimitedFields(line, delimiter) : null));
    for (let start = 0; start < out.length; ) {
      const width = fields[start]?.length ?? 0;
      let end = start + 1;
      while (width >= 3 && end < out.length && fields[end]?.length === width) end++;
      const run = fields.slice(start, end) as string[][];
      if (end - start >= 2 && run.filter((f) => /^\d{1,3}$/.test(f[0]!)).length * 2 > run.length) run.forEach((f, k) => (out[start + k] = f.join('\t')));
      start = end;
    }
  }
  return out;
}
