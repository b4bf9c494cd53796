import type { DocumentContext } from '../context.js';
import { comparisonForm, stripMarks, unmark } from '../lang/fold.js';
import { findCost, similarity } from '../lang/distance.js';
import { settledNumber } from '../lang/numbers.js';
import { unitDictionary } from '../lang/dictionary.js';
import type { DocumentMeta, Line } from '../model/index.js';
import { QUARTER_PHRASE, QUARTERS } from '../lang/quarters.js';

/** The dispatch's number ("Số: 2999/UBND-KGVX"), only when its digits read cleanly. */
function readNumberLine(lines: Line[], context: DocumentContext): string | null {
  for (const line of lines.slice(0, 30)) {
    const m = /^\s*s(?:ố|o|ô|6|0)\s*[:;,.]?\s*([^\s/]+)\s*\/?\s*\S*?(UBND|[A-Z]{2,})\s*-\s*([A-Za-z]{2,})\b/i.exec(line.text);
    if (!m) continue;
    const digits = settledNumber(m[1]!, 'count');
    const suffix = `${m[2]!.toUpperCase().replace(/^.*UBND$/, 'UBND')}-${m[3]!.toUpperCase()}`;
    if (digits === null || !/^[0-9]+$/.test(m[1]!)) {
      context.warn('number-unreadable', `the dispatch number "${m[1]}" is not legible`, { field: 'number', line: line.number });
      return null;
    }
    return `${digits}/${suffix}`;
  }
  return null;
}

function validDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1990 || year > 2100 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Reads a possibly misread day, month or year; null unless exactly one reading is a digit string. */
function datePart(text: string): number | null {
  return /^[0-9]+$/.test(text) ? Number(text) : settledNumber(text, 'count');
}

/**
 * The date of issue: the letterhead's "…, ngày D tháng M năm YYYY", else the date the
 * appendices cite ("Kèm theo Công văn số … ngày D/M/YYYY"), taking only a date consistent
 * with every part of the letterhead's that can be read.
 */
function readIssuedOn(lines: Line[], context: DocumentContext): string | null {
  let head: { day: number | null; month: number | null; year: number | null } | null = null;
  for (const line of lines) {
    const m = /ng\S{1,3}y\s+(\S+)\s+th\S{1,4}\s+(\S+)\s+n\S{1,3}\s+(\S+)/i.exec(unmark(line.text));
    if (m) {
      head = { day: datePart(m[1]!), month: datePart(m[2]!), year: datePart(m[3]!) };
      const date = head.day && head.month && head.year ? validDate(head.year, head.month, head.day) : null;
      if (date) return date;
      break;
    }
  }
  const cited = new Set<string>();
  for (const line of lines) {
    const form = unmark(line.text);
    if (findCost(comparisonForm(line.text), 'kem theo cong van').cost > 0.3) continue;
    const m = /ng\S{1,3}y\W*(.+?)\s*(?:c\S{1,3}a\b|\)|$)/i.exec(form);
    if (!m) continue;
    const compact = m[1]!.replace(/\s+/g, '');
    // separators may have been read as "l"; try every split into day, month and year
    for (let a = 1; a <= 2; a++)
      for (let b = a + 2; b <= a + 3; b++) {
        if (!/[\/lI|\\]/.test(compact[a] ?? '') || !/[\/lI|\\]/.test(compact[b] ?? '')) continue;
        const day = datePart(compact.slice(0, a));
        const month = datePart(compact.slice(a + 1, b).replace(/\\/g, ''));
        const year = datePart(compact.slice(b + 1));
        if (day === null || month === null || year === null) continue;
        const date = validDate(year, month, day);
        if (date && (!head || ((head.month === null || head.month === month) && (head.year === null || head.year === year) && (head.day === null || head.day === day)))) cited.add(date);
      }
  }
  if (cited.size === 1) {
    const [date] = cited;
    context.info('date-from-appendix', `the letterhead date is not legible; ${date} is the date the appendix cites`, { field: 'issuedOn' });
    return date!;
  }
  context.warn('date-unreadable', 'the date of issue is not legible', { field: 'issuedOn' });
  return null;
}

/** The quarter, by vote of every "Quý N/YYYY" the text names. */
function readPeriod(lines: Line[], context: DocumentContext): DocumentMeta['period'] {
  const votes = new Map<string, number>();
  for (const line of lines) {
    for (const m of stripMarks(line.text).matchAll(QUARTER_PHRASE)) {
      const quarter = QUARTERS[m[3]!.toLowerCase()];
      const year = datePart(m[5]!);
      if (quarter === undefined || year === null || year < 1990 || year > 2100) continue;
      const key = `${year}-${quarter}`;
      votes.set(key, (votes.get(key) ?? 0) + 1);
    }
  }
  const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0) {
    context.warn('period-unreadable', 'no "Quý N/YYYY" found: the quarter is unknown', { field: 'period' });
    return { year: null, quarter: null };
  }
  if (ranked.length > 1) context.warn('period-conflict', `the text names more than one quarter: ${ranked.map(([k, n]) => `${k} (${n}×)`).join(', ')}`, { field: 'period' });
  const [year, quarter] = ranked[0]![0].split('-').map(Number);
  return { year: year!, quarter: quarter! };
}

/** The signer: the name under "CHỦ TỊCH", matched to the known signatories when garbled. */
function readSigner(lines: Line[], context: DocumentContext): string | null {
  const at = lines.findIndex((l) => l.text.trim().length < 30 && findCost(comparisonForm(l.text), 'chu tich').cost < 0.3);
  if (at < 0) return null;
  const officials = unitDictionary().officials;
  for (const line of lines.slice(at + 1, at + 10)) {
    const text = line.text.trim();
    const form = comparisonForm(text);
    if (findCost(form, 'chu tich').cost < 0.3) continue;
    const words = text.split(/\s+/);
    if (words.length < 2 || words.length > 5 || text.length < 6) continue;
    const ranked = officials.map((name) => ({ name, score: similarity(form, comparisonForm(name)) })).sort((a, b) => b.score - a.score);
    const clean = /^[\p{Lu}][\p{L}']*(\s+[\p{Lu}][\p{L}']*)+$/u.test(text);
    if (ranked[0] && ranked[0].score >= 0.75 && ranked[0].score - (ranked[1]?.score ?? 0) >= 0.1) return ranked[0].name;
    if (clean) return text;
  }
  context.warn('signer-unreadable', 'the signer\'s name is not legible', { field: 'signer' });
  return null;
}

/**
 * Whether a text names the dictionary's province: closely (the letterhead's own lines, where
 * "Độc lập" is two letters from the alias "Đắc Lắc"), or loosely (a name read as the issuer).
 */
export function namesProvince(text: string, tolerance = 0.15): boolean {
  const province = unitDictionary().province;
  const form = comparisonForm(text);
  return [province.name, ...province.aliases].some((name) => findCost(form, comparisonForm(name)).cost < tolerance);
}

/** The issuing People's Committee of the dictionary's province, from the letterhead or the place line ("Đắk Lắk, ngày …"). */
function readIssuer(lines: Line[]): string | null {
  // the letterhead's lines only: a body sentence naming a place of the province says nothing of who issued it
  const header = lines.filter((l) => l.text.trim() !== '').slice(0, 12);
  return header.some((line) => namesProvince(line.text)) ? `Ủy ban nhân dân tỉnh ${unitDictionary().province.name}` : null;
}

export function readDocument(lines: Line[], context: DocumentContext): DocumentMeta {
  return {
    number: readNumberLine(lines, context),
    issuedOn: readIssuedOn(lines, context),
    issuer: readIssuer(lines),
    signer: readSigner(lines, context),
    period: readPeriod(lines, context),
  };
}
