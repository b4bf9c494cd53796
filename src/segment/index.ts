import type { DocumentContext } from '../context.js';
import type { Line, NormalisedText } from '../normalise/index.js';
import type { TableKind } from '../record/tables.js';
import { comparisonForm, stripMarks } from '../lang/fold.js';
import { findCost } from '../lang/distance.js';
import { isNumberLike } from '../lang/numbers.js';

export interface TableBlock {
  kind: TableKind;
  /** Tables the body quotes are also printed in the appendix; the appendix copy comes first. */
  source: 'appendix' | 'body';
  /** The heading or title line the table was found by. */
  heading: Line;
  lines: Line[];
}

export interface Layout {
  /** Everything before the first appendix: letterhead, body, signature. */
  body: Line[];
  tables: TableBlock[];
}

/** Keywords, in comparison form, that name each table in its heading. */
const TABLE_KEYWORDS: Record<TableKind, string[]> = {
  idesk: ['van ban dien tu', 'idesk', 'gui lien thong'],
  igate: ['tinh hinh su dung chung', 'su dung chung'],
  interlink: ['ho so lien thong', 'lien thong voi van phong'],
  level3: ['muc do 3', 'tinh hinh tiep nhan va xu ly', 'so ho so muc do 3'],
};

const KEYWORD_COST = 0.3;

function keywordCost(text: string, kind: TableKind): number {
  const form = comparisonForm(text);
  return Math.min(...TABLE_KEYWORDS[kind].map((k) => findCost(form, k).cost));
}

function isAppendixHeading(line: Line): number | null {
  const m = /^\s*ph\S{0,2}\s*l\S{1,2}c\s*(\S{1,3})\s*$/.exec(stripMarks(line.text));
  if (!m) return null;
  const label = m[1]!;
  if (/^(1|i|l|t)$/.test(label)) return 1;
  if (/^(2|ii|z)$/.test(label)) return 2;
  return Number(label) || null;
}

/** Numbered section headings inside an appendix: "2. Thống kê hồ sơ liên thông …". */
function sectionNumber(line: Line): number | null {
  const m = /^\s*([1-4])\s*[.)]\s+(\S.*)$/.exec(line.text);
  if (!m) return null;
  const words = m[2]!.trim().split(/\s+/).filter((t) => !isNumberLike(t));
  return words.length >= 2 ? Number(m[1]) : null;
}

/** A line of running text, which ends a table printed inside the body. */
export function isProse(line: Line): boolean {
  const tokens = line.text.trim().split(/\s+/);
  return line.text.trim().length >= 45 && tokens.length >= 8 && !isNumberLike(tokens[tokens.length - 1]!);
}

function classify(heading: string, fallback: TableKind | null): TableKind | null {
  let best: TableKind | null = null;
  let bestCost = KEYWORD_COST;
  for (const kind of Object.keys(TABLE_KEYWORDS) as TableKind[]) {
    const cost = keywordCost(heading, kind);
    if (cost < bestCost) {
      bestCost = cost;
      best = kind;
    }
  }
  return best ?? fallback;
}

const SECTION_ORDER: TableKind[] = ['igate', 'interlink', 'level3'];

/** Finds the appendix tables, and the level-3 table many dispatches quote in their body. */
export function segment(text: NormalisedText, context: DocumentContext): Layout {
  const { lines } = text;
  const appendixStarts = lines.flatMap((line, i) => {
    const n = isAppendixHeading(line);
    return n === null ? [] : [{ n, i }];
  });
  const firstAppendix = appendixStarts[0]?.i ?? lines.length;
  const body = lines.slice(0, firstAppendix);
  const tables: TableBlock[] = [];

  appendixStarts.forEach(({ n, i }, k) => {
    const end = appendixStarts[k + 1]?.i ?? lines.length;
    const region = lines.slice(i + 1, end);
    if (n === 1) {
      tables.push({ kind: 'idesk', source: 'appendix', heading: lines[i]!, lines: region });
      return;
    }
    const sections = region.flatMap((line, j) => {
      const number = sectionNumber(line);
      return number === null ? [] : [{ number, j }];
    });
    if (sections.length === 0) {
      context.warn('appendix-without-sections', `Phụ lục ${n} has no numbered sections; its tables were not found`, { line: lines[i]!.number });
      return;
    }
    sections.forEach(({ number, j }, s) => {
      const heading = region[j]!;
      const kind = classify(heading.text, SECTION_ORDER[number - 1] ?? null);
      if (!kind) {
        context.warn('unknown-table', `section "${heading.text.trim()}" is not a table this tool knows`, { line: heading.number });
        return;
      }
      tables.push({ kind, source: 'appendix', heading, lines: region.slice(j + 1, sections[s + 1]?.j ?? region.length) });
    });
  });
  if (appendixStarts.length === 0) context.warn('no-appendix', 'no "Phụ lục" heading found: the appendix tables are missing');

  tables.push(...bodyTables(body));
  return { body, tables };
}

/** A row's first cell: its number, perhaps misread ("l0", "J"). */
function startsWithRowNumber(line: Line): boolean {
  const first = line.text.trim().split(/\s+/)[0] ?? '';
  return isNumberLike(first) && first.length <= 3;
}

/**
 * A table inside the body starts at a header naming the row-number and unit columns
 * ("STT  Tên cơ quan, đơn vị …"), with numbered rows soon after, and runs until the text
 * resumes. Its kind comes from its header lines, else from the shape of its rows.
 */
function bodyTables(body: Line[]): TableBlock[] {
  const found: TableBlock[] = [];
  for (let i = 0; i < body.length; i++) {
    const line = body[i]!;
    if (line.text.length > 80 || findCost(comparisonForm(line.text), 'tt ten co quan').cost > KEYWORD_COST) continue;
    const firstRow = body.slice(i + 1, i + 8).findIndex(startsWithRowNumber);
    if (firstRow < 0) continue;
    let end = i + 1;
    while (end < body.length && !isProse(body[end]!)) end++;
    const header = body.slice(i, i + 1 + firstRow).map((l) => l.text).join(' ');
    const kind = classify(header, null) ?? kindByShape(body[i + 1 + firstRow]!);
    found.push({ kind, source: 'body', heading: line, lines: body.slice(i + 1, end) });
    i = end;
  }
  return found;
}

/** The body quotes the level-3 table (at most three figures a row), or the six-figure iGate one. */
function kindByShape(row: Line): TableKind {
  const figures = row.text.trim().split(/\s+/).filter(isNumberLike).length - 1;
  return figures >= 5 ? 'igate' : 'level3';
}
