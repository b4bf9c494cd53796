import type { DocumentContext } from '../context.js';
import type { ReportKind, TableSpec } from '../reports/index.js';
import { comparisonForm, stripMarks } from '../lang/fold.js';
import { findCost } from '../lang/distance.js';
import { isNumberLike } from '../lang/numbers.js';
import type { DocumentModel, Layout, Line, TableBlock } from '../model/index.js';

const PHRASE_COST = 0.3;

function phraseCost(text: string, table: TableSpec): number {
  const form = comparisonForm(text);
  return Math.min(...table.phrases.map((k) => findCost(form, k).cost));
}

/** "PHỤ LỤC 2", "Phụ lục II", "PHU LUC 2: Kết quả …" (the title may follow on the same line). */
export function appendixNumber(line: Pick<Line, 'text'>): number | null {
  // a speck before it may have been read as a quote or a dot
  const m = /^[^\p{L}\p{N}]*ph\S{0,2}\s*l\S{1,2}c\s*([^\s:.\-–]{1,3})\s*(?:$|[:.\-–]\s*\S)/u.exec(stripMarks(line.text));
  if (!m) return null;
  const label = m[1]!;
  if (/^(1|i|l|t)$/.test(label)) return 1;
  if (/^(2|ii|z)$/.test(label)) return 2;
  if (/^(3|iii)$/.test(label)) return 3;
  return Number(label) || null;
}

/** A heading an OCR broke over lines ("Phu", a blank, "luc 1"): its first word alone, then the rest. */
function splitAppendixNumber(lines: Line[], i: number): number | null {
  if (!/^\s*ph\S{0,2}\s*$/.test(stripMarks(lines[i]!.text))) return null;
  const next = lines.slice(i + 1, i + 4).find((line) => line.text.trim() !== '');
  return next ? appendixNumber({ text: `${lines[i]!.text.trim()} ${next.text.trim()}` }) : null;
}

/**
 * Numbered section headings inside an appendix: "2. Thống kê hồ sơ liên thông …"; not a table
 * row read with a dot after its number ("3. | Sở Ngoại vụ 15 13 13 100 0 0"), which ends in figures,
 * unless it names one of the appendix's tables.
 */
function sectionNumber(line: Line, tables: TableSpec[], next: () => Line | undefined): number | null {
  // a speck by the dot can make it a colon, and a faint one a comma
  const m = /^[^\p{L}\p{N}]*([1-9])\s*[.):,]\s+(\S.*)$/u.exec(line.text);
  if (!m) return null;
  const tokens = m[2]!.trim().split(/\s+/);
  const words = tokens.filter((t) => !isNumberLike(t));
  // a heading the OCR broke after its first word ("3. Thống", "kê tình hình …") goes on on the
  // next line, and must then name one of the tables
  const following = words.length === 1 ? next() : undefined;
  if (following && tables.some((t) => phraseCost(`${m[2]} ${following.text}`, t) < PHRASE_COST)) return Number(m[1]);
  if (words.length < 2) return null;
  const endsInFigures = tokens.length >= 2 && tokens.slice(-2).every(isNumberLike);
  return !endsInFigures || tables.some((t) => phraseCost(m[2]!, t) < PHRASE_COST) ? Number(m[1]) : null;
}

/** A line of running text, which ends a table printed inside the body. */
export function isProse(line: Line): boolean {
  const tokens = line.text.trim().split(/\s+/);
  return line.text.trim().length >= 45 && tokens.length >= 8 && !isNumberLike(tokens[tokens.length - 1]!);
}

/** The table among `candidates` whose phrases the heading names best, else the fallback. */
function classify(heading: string, candidates: TableSpec[], fallback: TableSpec | null): TableSpec | null {
  let best: TableSpec | null = null;
  let bestCost = PHRASE_COST;
  for (const table of candidates) {
    const cost = phraseCost(heading, table);
    if (cost < bestCost) {
      bestCost = cost;
      best = table;
    }
  }
  return best ?? fallback;
}

/** Finds the report's appendix tables, and the tables its body quotes. */
export function segment(text: DocumentModel, kind: ReportKind, context: DocumentContext): Layout {
  const { lines } = text;
  const appendixStarts = lines.flatMap((line, i) => {
    const n = appendixNumber(line) ?? splitAppendixNumber(lines, i);
    return n === null ? [] : [{ n, i }];
  });
  const firstAppendix = appendixStarts[0]?.i ?? lines.length;
  const body = lines.slice(0, firstAppendix);
  const tables: TableBlock[] = [];

  appendixStarts.forEach(({ n, i }, k) => {
    const end = appendixStarts[k + 1]?.i ?? lines.length;
    const region = lines.slice(i + 1, end);
    const inAppendix = kind.tables.filter((t) => t.appendix === n);
    const whole = inAppendix.find((t) => t.section === null);
    if (whole) {
      tables.push({ table: whole, source: 'appendix', heading: lines[i]!, lines: region });
      return;
    }
    const sections = region.flatMap((line, j) => {
      const number = sectionNumber(line, inAppendix, () => region.find((l, k) => k > j && l.text.trim() !== ''));
      return number === null ? [] : [{ number, j }];
    });
    // the first section's heading lost (an OCR that dropped the line): its table opens the appendix
    const firstSection = Math.min(...inAppendix.map((t) => t.section ?? 1));
    if ((sections[0]?.number ?? Infinity) > firstSection) {
      sections.unshift({ number: firstSection, j: -1 });
      context.warn('section-heading-missing', `Phụ lục ${n}: no heading for section ${firstSection}; the table that opens the appendix is taken for it`, { line: lines[i]!.number });
    }
    sections.forEach(({ number, j }, s) => {
      const heading = region[j] ?? lines[i]!;
      const table = classify(heading.text, inAppendix, inAppendix.find((t) => t.section === number) ?? null);
      if (!table) {
        context.warn('unknown-table', `section "${heading.text.trim()}" is not a table of the ${kind.id} report`, { line: heading.number });
        return;
      }
      tables.push({ table, source: 'appendix', heading, lines: region.slice(j + 1, sections[s + 1]?.j ?? region.length) });
    });
  });
  if (appendixStarts.length === 0 && kind.tables.some((t) => t.appendix !== null)) context.warn('no-appendix', 'no "Phụ lục" heading found: the appendix tables are missing');

  tables.push(...bodyTables(body, kind.tables.filter((t) => t.quotedInBody)));
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
 * resumes. Its table comes from its header lines, else from how many figures its rows hold.
 */
function bodyTables(body: Line[], quoted: TableSpec[]): TableBlock[] {
  const found: TableBlock[] = [];
  if (quoted.length === 0) return found;
  for (let i = 0; i < body.length; i++) {
    const line = body[i]!;
    if (line.text.length > 80 || findCost(comparisonForm(line.text), 'tt ten co quan').cost > PHRASE_COST) continue;
    const firstRow = body.slice(i + 1, i + 8).findIndex(startsWithRowNumber);
    if (firstRow < 0) continue;
    let end = i + 1;
    while (end < body.length && !isProse(body[end]!)) end++;
    const header = body.slice(i, i + 1 + firstRow).map((l) => l.text).join(' ');
    const table = classify(header, quoted, null) ?? byShape(body[i + 1 + firstRow]!, quoted);
    found.push({ table, source: 'body', heading: line, lines: body.slice(i + 1, end) });
    i = end;
  }
  return found;
}

/** The quoted table whose column count is nearest the figures of the first row. */
function byShape(row: Line, quoted: TableSpec[]): TableSpec {
  const figures = row.text.trim().split(/\s+/).filter(isNumberLike).length - 1;
  return quoted.reduce((a, b) => (Math.abs(b.columns.length - figures) < Math.abs(a.columns.length - figures) ? b : a));
}
