import { comparisonForm, nfc, stripMarks, unmark } from '../lang/fold.js';
import { findCost, similarity, weightedDistance } from '../lang/distance.js';
import { settledNumber } from '../lang/numbers.js';
import { digitReadings } from '../lang/confusions.js';
import { unitDictionary } from '../lang/dictionary.js';
import { isWords } from '../lang/syllables.js';
import { letterheadData, type LetterheadData } from '../lang/letterhead.js';

/**
 * The registry fields a công văn's letterhead settles, for a dispatch of any kind. Pure: text
 * lines in, fields out. A field the text does not settle is null; in degraded text (marks
 * stripped, or an OCR model without Vietnamese) only what can be matched to the closed lists in
 * lang-data/letterhead.json, or read as clean digits, is returned.
 */

/** A line of the dispatch; a scan's carries its words with the engine's confidence in each. */
export interface LetterheadLine { number: number; text: string; words?: ReadonlyArray<{ confidence: number | null }> }
export interface Letterhead {
  issuer: string | null;
  parentIssuer: string | null;
  number: string | null;
  place: string | null;
  issuedOn: string | null;
  documentType: string | null;
  subject: string | null;
  recipients: string[];
  /**
   * "Nơi nhận" (where it is sent): the list at the dispatch's foot, beside the signature, of those
   * who get a copy, each entry as printed ("Như trên", "UBND tỉnh (để b/c)"), the archive's own
   * copy last ("Lưu: VT, CTrTT").
   */
  distribution: string[];
  signer: string | null;
  signerTitle: string | null;
  signingAuthority: string | null;
  /**
   * For a scan, each field's confidence, 0–1: the engine's mean confidence in the words of the
   * lines it was read from. Absent for text that came as text.
   */
  confidence?: Partial<Record<LetterheadField, number>>;
  restored?: string[];
}

/** The fields a letterhead settles. */
export const LETTERHEAD_FIELDS = ['issuer', 'parentIssuer', 'number', 'place', 'issuedOn', 'documentType', 'subject', 'recipients', 'distribution', 'signer', 'signerTitle', 'signingAuthority'] as const satisfies ReadonlyArray<keyof Letterhead>;
export type LetterheadField = (typeof LETTERHEAD_FIELDS)[number];

interface Row {
  number: number;
  text: string;
  /** Its first column: the text before a wide gap ("Nơi nhận:" of "Nơi nhận:      TL. CHỦ TỊCH"); all of it where there is none. */
  left: string;
  plain: string;
  fold: string;
  confidence: number | null;
}

const SEPARATOR = /[\s,.;:()\-–—_/\\*~'’"“”]/;
/** Lower case, marks stripped, separators as spaces; one character per character, so offsets carry over. */
function foldChars(text: string): string {
  let out = '';
  for (const c of text) {
    const s = SEPARATOR.test(c) ? ' ' : stripMarks(c);
    out += s.length === c.length ? s : c;
  }
  return out;
}

const reverse = (s: string) => [...s].reverse().join('');
const words = (s: string) => s.split(/\s+/).filter(Boolean);
const hasLower = (s: string) => /\p{Ll}/u.test(s);

/**
 * The option `text` names. Clean text must match exactly up to marks and case; degraded text
 * by confusion-weighted distance, and only when no other option comes close.
 */
function pick(text: string, options: string[], clean: boolean): string | null {
  const form = comparisonForm(text);
  if (!form) return null;
  if (clean) return options.find((o) => comparisonForm(o) === form) ?? null;
  const ranked = options.map((o) => ({ o, f: comparisonForm(o), d: weightedDistance(form, comparisonForm(o)) })).sort((a, b) => a.d - b.d);
  const best = ranked[0]!;
  const rival = ranked.find((r) => r.f !== best.f);
  // the rival must be most of an unexplained edit further away, whatever the length of the names
  return similarity(form, best.f) >= 0.75 && (!rival || rival.d - best.d >= 0.75) ? best.o : null;
}

function capitalise(word: string, data: LetterheadData): string {
  if (data.acronyms.includes(word)) return word;
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}
const titleCase = (text: string, data: LetterheadData) => words(text).map((w) => capitalise(w, data)).join(' ');

/** An upper-case name of an unknown body in sentence case; names after a level word or acronym stay capitalised. */
function sentenceCase(list: string[], data: LetterheadData, first: boolean): string {
  let proper = false;
  return list.map((w, i) => {
    const acronym = data.acronyms.includes(w);
    const out = acronym ? w : proper || (first && i === 0) ? capitalise(w, data) : w.toLowerCase();
    proper ||= acronym || data.levels.some((l) => comparisonForm(l) === comparisonForm(w));
    return out;
  }).join(' ');
}

/**
 * One body of the header block, as body [level place]; cased from the data when printed in
 * capitals. A scan's text with its marks may still hold a misread letter ("UƯBND TÍNH NGHỆ AN"):
 * a body the data does not know as read is looked for as in degraded text before it is kept as read.
 */
function formatBody(text: string, clean: boolean, scanned: boolean, data: LetterheadData): string | null {
  // no name ends in a stop: a speck after it is none of it ("UBND HUYỆN CẨM XUYÊN..")
  const list = words(text.replace(/[^\p{L}\p{N})]+$/u, ''));
  if (clean && hasLower(text)) return spelledPlace(list, data, scanned).join(' ');
  return knownBody(list, clean, scanned, data) ?? (clean && scanned ? knownBody(list, false, false, data) : null) ?? (clean ? sentenceCase(list, data, true) : null);
}

/** A body the data knows, with its level and place, or null. */
function knownBody(list: string[], clean: boolean, scanned: boolean, data: LetterheadData): string | null {
  for (let k = Math.min(list.length, 9); k >= 1; k--) {
    const body = pick(list.slice(0, k).join(' '), data.bodies, clean);
    if (!body) continue;
    const rest = list.slice(k);
    if (rest.length === 0) return body;
    for (let n = Math.min(2, rest.length - 1); n >= 1; n--) {
      const level = pick(rest.slice(0, n).join(' '), data.levels, clean);
      if (!level) continue;
      const name = rest.slice(n).join(' ');
      const spelled = spelledPlace([name], data, scanned).join(' ');
      const place = clean ? (spelled === name ? titleCase(name, data) : spelled) : pick(name, data.places, false);
      return place ? `${body} ${level} ${place}` : null;
    }
    return clean ? `${body} ${sentenceCase(rest, data, false)}` : null;
  }
  return null;
}

/** Where a motto sits in a line, so interleaved header columns can be cut apart. */
function mottoSpan(row: Row, mottos: string[]): [number, number] | null {
  for (const motto of mottos) {
    const forward = findCost(row.fold, motto);
    if (forward.cost >= 0.25) continue;
    const back = findCost(reverse(row.fold), reverse(motto));
    return [row.fold.length - back.end, forward.end];
  }
  return null;
}

/** Clean when the common marked words appear with their marks rather than without. */
function isClean(rows: Row[], data: LetterheadData): boolean {
  const marked = new Set(data.markedWords);
  const bare = new Set(data.markedWords.map(stripMarks));
  let withMarks = 0;
  let without = 0;
  for (const row of rows)
    for (const w of row.text.toLowerCase().split(/[^\p{L}]+/u)) {
      if (marked.has(w)) withMarks++;
      else if (bare.has(w)) without++;
    }
  return withMarks > 0 && without * 4 <= withMarks;
}

/**
 * "Số:" and the number and symbol after it: the o read as a digit or Q, or as another letter
 * where the colon follows ("Sẽ: 1184/KH-STNMT"); the slash a blurred scan lost ("213TB-VP").
 */
const NUMBER = /(?:^|\s)S(?:[o0-9Q]|[a-z](?=\s*:))\s*([:;,.])?\s*([0-9]+(?=[A-Z])|[^\s/:]*)\s*(\/)?\s*([A-Z0-9][A-Za-z0-9]*(?:\s*-\s*[A-Za-z0-9]+)*)/di;
const DATE_WORDS = /ng\S{0,3}y\s+(\S+?)\s*th\S{1,4}\s+(\S+?)\s+n\S{1,3}\s+([^\s.,;]+)/di;
const DATE_SLASH = /ng\S{0,3}y\s+(\S{1,2})\s*[/.-]\s*(\S{1,2})\s*[/.-]\s*([^\s.,;]{4})/di;
const VV = /^V\s*\/\s*V\b\s*[:.]?\s*/i;
const ABOUT = /^Ve\s+viec\s*:?\s+/i;
const KINH_GUI = /^K\S{0,2}nh\s+g\S{1,3}\s*:?\s*/i;
// a speck before it ("“Nơi nhận") is none of it
const NOI_NHAN = /^[^\p{L}\d]{0,2}N\S{1,2}i\s*nh\S{1,3}n/iu;
const APPENDIX = /^PH\S{1,2}\s+L\S{1,2}C\b/i;
const BULLET = /^[-–+•*]\s*/;
const ARCHIVE_COPY = /^Luu\s*:/i;
const SECTION = /^([IVX]+|\d+|[a-zđ])[.)]\s/;

/** A day, month or year: plain digits, or the one clean reading of a misread figure. */
function datePart(text: string): number | null {
  return /^[0-9]+$/.test(text) ? Number(text) : settledNumber(text, 'count');
}
function validDate(day: number | null, month: number | null, year: number | null): string | null {
  if (day === null || month === null || year === null || year < 1945 || year > 2100) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The number and symbol. A part is settled by the data's symbol parts where the text leaves it
 * open: its "D"s in degraded text (Đ or D) and in a scan's part the data does not know as read
 * ("QD", whose Đ lost its bar), a digit before a letter in read text (a letter the OCR took for
 * a figure: "8C" for "BC"; "BCĐ389" is a part as printed). A scan's part the data cannot settle is kept as read.
 */
function readNumber(match: RegExpExecArray, row: Row, clean: boolean, scanned: boolean, data: LetterheadData): string | null {
  const digits = match[2]!;
  if (!/^[0-9]+$/.test(digits)) return null;
  const [from, to] = match.indices![4]!;
  const parts = row.text.slice(from, to).replace(/\s+/g, '').split('-');
  const settled = parts.map((part) => {
    const misread = (scanned || !clean) && /[0-9]\p{L}/u.test(part);
    const barless = /D/.test(part) && (!clean || (scanned && !data.symbolParts.includes(part)));
    if (!misread && !barless) return part;
    const known = data.symbolParts.filter((p) => readsAs(part, unmark(p)));
    return known.length === 1 ? known[0]! : clean && !misread ? part : null;
  });
  return settled.every((p) => p !== null) ? `${digits}/${settled.join('-')}` : null;
}

/** Whether `seen` is `truth` as read, each figure in it one its letter is taken for. */
function readsAs(seen: string, truth: string): boolean {
  return seen.length === truth.length && [...seen].every((c, i) => c === truth[i] || (/[0-9]/.test(c) && digitReadings(truth[i]!).includes(c)));
}

function readPlace(prefix: string, clean: boolean, scanned: boolean, data: LetterheadData): string | null {
  const list = words(prefix.replace(/[,.;:\s]+$/, ''));
  if (list.length === 0) return null;
  if (!clean) {
    for (let k = Math.min(4, list.length); k >= 1; k--) {
      const place = pick(list.slice(-k).join(' '), data.places, false);
      if (place) return place;
    }
    return null;
  }
  if (!hasLower(list.join(' '))) return titleCase(spelledPlace(list, data, scanned).join(' '), data);
  // interleaved columns may leave other text before the place: keep its capitalised words
  let k = list.length;
  while (k > 0 && /^\p{Lu}/u.test(list[k - 1]!)) k--;
  return spelledPlace(list.slice(k), data, scanned).join(' ') || null;
}

/**
 * Words ending in a place's name as a scan read it, with its marks misread ("Gia Lại"), or in a
 * scan's text a letter too ("Quóng Nam", "Quảáng Nam"): the name as spelled.
 */
function spelledPlace(list: string[], data: LetterheadData, scanned: boolean): string[] {
  for (const exact of scanned ? [true, false] : [true])
    for (let k = Math.min(4, list.length); k >= 1; k--) {
      const place = pick(list.slice(-k).join(' '), data.places, exact);
      if (place) return [...list.slice(0, -k), ...words(place)];
    }
  return list;
}

/** The longest run of last words naming one of `options` (a title beside a "Nơi nhận" column, say). */
function tailPick(row: Row, options: string[], clean: boolean): string | null {
  const list = words(row.text);
  for (let k = Math.min(6, list.length); k >= 1; k--) {
    const tail = list.slice(-k).join(' ');
    // a title is printed in capitals; garbled text may lower a letter, but then the title is the whole row
    if (hasLower(tail) && (clean || k < list.length)) continue;
    const found = pick(tail, options, clean);
    if (found) return found;
  }
  return null;
}

const NAME_WORD = /^\p{Lu}[\p{Ll}]*(?:['’]\p{L}[\p{Ll}]*)?$/u;

/**
 * A person's name at the end of a row: capitalised words, or a row in capitals. Null when the
 * row holds none; a null name when it holds one whose first word a mark ran into ("“Xa Đình
 * Hưởng", a stroke of ink over "Ma"): where the name starts is not settled, and its last words
 * are not the name.
 */
function tailName(row: Row, data: LetterheadData): { name: string | null } | null {
  // marks after the name with no letter in them (ˆ is a modifier, no letter) are a stroke's or a stamp's remains ("Phạm Đăng Khoa - ˆ")
  const all = words(row.text);
  const list = all.slice(0, all.findLastIndex((w) => /[\p{Lu}\p{Ll}]/u.test(w)) + 1);
  let k = list.length;
  while (k > 0 && NAME_WORD.test(list[k - 1]!)) k--;
  if (list.length - k >= 2 && list.length - k <= 6) return { name: k > 0 && NAME_WORD.test(list[k - 1]!.replace(/^[^\p{L}]+/u, '')) ? null : list.slice(k).join(' ') };
  // a title the OCR misread ("IÁM ĐỐC") is still no one's name, nor a row of capitals with anything else in it ("PHÓ N 2")
  if (all.length >= 2 && all.length <= 5 && all.every((w) => /^\p{Lu}+$/u.test(w)) && !pick(row.text, [...data.titles, ...data.collectives], false))
    return { name: titleCase(row.text, data) };
  return null;
}

/**
 * Subject rows after the first (`first`): short or visibly continuing, up to a blank line or
 * another part of the header. A blank line before a row that opens in small letters is a gap an
 * OCR put inside the subject, which goes on.
 */
function continuation(rows: Row[], from: number, own: (r: Row) => string | null, first: string): Row[] {
  const out: Row[] = [];
  for (let i = from; i < rows.length && out.length < 3; i++) {
    const t = own(rows[i]!);
    const next = rows[i + 1];
    if (!t && rows[i]!.text === '' && next && /^\p{Ll}/u.test(own(next) ?? '')) continue;
    if (!t || BULLET.test(t) || SECTION.test(t) || /^[-_=*.\s]{3,}$/.test(t)) break;
    // a line in capitals under a subject in small letters heads what follows ("GIÁM ĐỐC SỞ Y TẾ"
    // under a decision's subject)
    if (hasLower(first) && !hasLower(t) && /\p{Lu}{2}/u.test(t)) break;
    if (!/^[\p{Ll}(]/u.test(t) && t.length > 60) break;
    out.push(rows[i]!);
  }
  return out;
}

/**
 * The items of a list headed by `head` ("Kính gửi:", "Nơi nhận:") at rows[at], one a bullet, an
 * item wrapped over lines joined, up to a blank line, a line of something else or the archive's
 * copy. Lines `aside` says are none of the list's (a signature block read between its items) are
 * passed over.
 */
function listAfter(rows: Row[], at: number, head: RegExp, textOf: (r: Row) => string, aside: (text: string) => boolean = () => false): { items: string[]; itemRows: Row[] } {
  const items: string[] = [];
  const headText = textOf(rows[at]!);
  const inline = headText.slice(head.exec(unmark(headText))?.[0].length ?? 0).replace(/^[^\p{L}]*/u, '').trim();
  if (inline) items.push(inline);
  let gap = false;
  const itemRows = [rows[at]!];
  for (const row of rows.slice(at + 1, at + 30)) {
    const text = textOf(row);
    if (!text) { gap = true; continue; }
    if (BULLET.test(text)) {
      const item = text.replace(BULLET, '');
      // a sub-item ("+ CVP, PCVP") under an item that ends in a colon is part of it
      if (/:$/.test(items.at(-1) ?? '') && (text.startsWith('+') || BULLET.test(item))) items[items.length - 1] += ` ${item.replace(BULLET, '')}`;
      else items.push(item);
    } else if (aside(text)) continue;
    // the archive's own copy ("Lưu: VT") is the last
    else if (ARCHIVE_COPY.test(unmark(items.at(-1) ?? ''))) break;
    else if (items.length === 0) items.push(text);
    else if (!gap && !/[;.:,]$/.test(items.at(-1)!)) items[items.length - 1] += ` ${text}`;
    else break;
    itemRows.push(row);
    gap = false;
  }
  // a speck after the last word ("Như trên;-") is none of it
  return { items: items.map((t) => t.replace(/[\s;.,\-–|]+$/, '')).filter(Boolean), itemRows };
}

export function readLetterhead(lines: LetterheadLine[]): Letterhead {
  const data = letterheadData();
  const rows: Row[] = lines.map((l) => {
    const raw = nfc(l.text).replace(/\*\*|~~|__/g, '');
    const text = raw.replace(/\s+/g, ' ').trim();
    // text laid out in columns keeps them apart by runs of spaces
    const left = raw.trim().split(/\s{3,}/)[0]!;
    const read = (l.words ?? []).flatMap((w) => (w.confidence === null ? [] : [w.confidence]));
    const confidence = read.length > 0 ? read.reduce((a, b) => a + b, 0) / read.length / 100 : null;
    return { number: l.number, text, left, plain: unmark(text), fold: foldChars(text), confidence };
  });
  // the rows each field was read from
  const from: Partial<Record<LetterheadField, Row[]>> = {};
  const readFrom = (field: LetterheadField, ...found: Row[]) => (from[field] = found);
  const clean = isClean(rows, data);
  const scanned = rows.some((r) => r.confidence !== null);
  const mottos = data.mottos.map(comparisonForm);
  const out: Letterhead = {
    issuer: null, parentIssuer: null, number: null, place: null, issuedOn: null, documentType: null,
    subject: null, recipients: [], distribution: [], signer: null, signerTitle: null, signingAuthority: null,
  };

  // Header zone: up to "Kính gửi", and never past the first 40 lines.
  const kinhGui = rows.findIndex((r, i) => i < 60 && KINH_GUI.test(r.plain));
  const limit = kinhGui >= 0 ? kinhGui : Math.min(rows.length, 40);

  let numberAt = -1;
  let numberEnd = 0;
  for (let i = 0; i < limit && numberAt < 0; i++) {
    const m = NUMBER.exec(rows[i]!.plain);
    if (!m || (!m[1] && !m[3])) continue;
    numberAt = i;
    numberEnd = m.indices![0]![1];
    out.number = readNumber(m, rows[i]!, clean, scanned, data);
    readFrom('number', rows[i]!);
  }

  let dateAt = -1;
  let placeAt = 0;
  for (let i = 0; i < limit && dateAt < 0; i++) {
    const row = rows[i]!;
    const m = DATE_SLASH.exec(row.plain) ?? DATE_WORDS.exec(row.plain);
    if (!m) continue;
    const start = i === numberAt ? numberEnd : 0;
    const prefix = row.text.slice(start, m.index);
    if (!/[,.]\s*$/.test(prefix)) continue;
    dateAt = i;
    out.issuedOn = validDate(datePart(m[1]!), datePart(m[2]!), datePart(m[3]!));
    out.place = readPlace(prefix, clean, scanned, data);
    readFrom('issuedOn', row);
    readFrom('place', row);
    placeAt = out.place && clean ? Math.max(start, row.text.lastIndexOf(out.place, m.index)) : m.index;
  }

  /**
   * What a row says in its own column: a motto or the place and date beside it cut away (header
   * columns interleaved); null for blank rows and rows that start another part of the letterhead.
   */
  const own = (r: Row): string | null => {
    if (KINH_GUI.test(r.plain) || NOI_NHAN.test(r.plain) || r === rows[numberAt]) return null;
    const span = mottoSpan(r, mottos);
    const text = r === rows[dateAt] ? r.text.slice(0, placeAt) : span ? `${r.text.slice(0, span[0])} ${r.text.slice(span[1])}` : r.text;
    return text.replace(/[*_=~]{2,}/g, ' ').trim() || null;
  };

  // Subject: "V/v …" makes a công văn; otherwise the type title line and what it heads.
  let subjectEnd = numberAt;
  const vv = rows.findIndex((r, i) => i >= Math.max(numberAt, 0) && i < limit && VV.test(r.plain));
  if (vv >= 0) {
    out.documentType = 'công văn';
    const more = continuation(rows, vv + 1, own, rows[vv]!.text);
    const lines = [(own(rows[vv]!) ?? '').replace(VV, ''), ...more.map((r) => own(r)!)];
    subjectEnd = rows.indexOf(more.at(-1) ?? rows[vv]!);
    readFrom('documentType', rows[vv]!);
    readFrom('subject', rows[vv]!, ...more);
    if (clean) out.subject = lines.join(' ').trim() || null;
  } else {
    for (let i = Math.max(numberAt + 1, 0); i < limit; i++) {
      const t = (own(rows[i]!) ?? '').replace(/[.:]+$/, '');
      if (!t || (clean && hasLower(t)) || words(t).length > 4) continue;
      const type = pick(t, data.documentTypes, clean);
      if (!type) continue;
      out.documentType = type;
      // the first line under the title is the subject whatever its length
      const first = rows[i + 1] && own(rows[i + 1]!) ? rows[i + 1]! : null;
      const subjectRows = first ? [first, ...continuation(rows, i + 2, own, first.text)] : [];
      subjectEnd = subjectRows.length > 0 ? rows.indexOf(subjectRows.at(-1)!) : i;
      readFrom('documentType', rows[i]!);
      readFrom('subject', ...subjectRows);
      // "Về việc …" under a decision's title is its subject as "V/v …" is a công văn's
      const subject = subjectRows.map((r) => own(r)!).join(' ');
      if (clean) out.subject = subject.slice(ABOUT.exec(unmark(subject))?.[0].length ?? 0) || null;
      break;
    }
  }

  // Issuer: the left header block, above the number.
  const units = unitDictionary();
  const headerEnd = [numberAt, dateAt, vv, kinhGui].filter((i) => i >= 0).reduce((a, b) => Math.min(a, b), Math.min(rows.length, 15));
  const groups: string[] = [];
  const groupRows: Row[][] = [];
  for (const row of rows.slice(0, headerEnd)) {
    const text = own(row);
    // a rule under the name, or a stamp's edge, the OCR read as marks is no part of it
    if (!text || !/\p{L}{2}/u.test(text) || !isWords(text)) continue;
    const prev = groups.at(-1);
    const fold = comparisonForm(text);
    // a wrapped name: the next line starts with a level word ("TỈNH ĐẮK LẮK"), the line ends with
    // "VÀ", or the two lines make the name of a body the data knows ("SỞ TÀI NGUYÊN VÀ MÔI" "TRƯỜNG",
    // "PHÒNG GIÁO DỤC VÀ ĐÀO" "TẠO")
    const known = (name: string) => units.identify(name) !== undefined || pick(name, data.bodies, clean) !== null;
    const joins = prev !== undefined && (data.levels.some((l) => fold.startsWith(`${comparisonForm(l)} `))
      || /(\sva|[-,])$/i.test(unmark(prev)) || /^\p{Ll}/u.test(text) || (!known(prev) && known(`${prev} ${text}`)));
    // a lone word no body's name holds is a speck or a stamp's edge the engine read as one ("Kem")
    if (!joins && words(text).length === 1 && !known(text) && !data.acronyms.includes(text)) continue;
    if (joins) {
      groups[groups.length - 1] = `${prev} ${text}`;
      groupRows.at(-1)!.push(row);
    } else {
      groups.push(text);
      groupRows.push([row]);
    }
  }
  if (groups.length > 0) {
    out.issuer = formatBody(groups.at(-1)!, clean, scanned, data);
    readFrom('issuer', ...groupRows.at(-1)!);
  }
  if (groups.length > 1) {
    out.parentIssuer = formatBody(groups.at(-2)!, clean, scanned, data);
    readFrom('parentIssuer', ...groupRows.at(-2)!);
  }

  // Recipients: the items after "Kính gửi:".
  if (kinhGui >= 0 && clean) {
    const { items, itemRows } = listAfter(rows, kinhGui, KINH_GUI, (r) => r.text);
    readFrom('recipients', ...itemRows);
    out.recipients = items;
  }

  // The foot, under the body: "Nơi nhận:" and its items in the left column, the signature block.
  const start = Math.max(kinhGui, subjectEnd, dateAt, numberAt) + 1;
  const noiNhan = rows.findIndex((r, i) => i >= start && NOI_NHAN.test(unmark(r.left)));
  if (noiNhan >= 0 && clean) {
    // a line in capitals or in brackets ("KT. GIÁM ĐỐC", "(Đã ký)") is the signature block's
    const { items, itemRows } = listAfter(rows, noiNhan, NOI_NHAN, (r) => r.left, (t) => !hasLower(t) || /^\(.*\)$/.test(t));
    readFrom('distribution', ...itemRows);
    out.distribution = items;
  }

  // Signature block: the authority line ("KT. CHỦ TỊCH"), the title, then the name.
  const authority = new RegExp(`(?:^|\\s)(${data.authorityPrefixes.join('|')})\\s?\\.\\s*(\\S.*)$`, 'd');
  const roles = [...data.titles, ...data.collectives];
  let at = -1;
  for (let i = start; i < rows.length && at < 0; i++) {
    const m = authority.exec(rows[i]!.plain);
    if (!m) continue;
    const [from] = m.indices![2]!;
    const rest = rows[i]!.text.slice(from);
    const role = pick(rest, roles, clean) ?? (clean && !hasLower(rest) && words(rest).length <= 8 ? rest : null);
    if (!role) continue;
    at = i;
    out.signingAuthority = `${m[1]}. ${role}`;
    readFrom('signingAuthority', rows[i]!);
  }
  let titleAt = -1;
  const titleFrom = at >= 0 ? at + 1 : start;
  const titleTo = at >= 0 ? Math.min(rows.length, at + 3) : rows.length;
  for (let i = titleFrom; i < titleTo && titleAt < 0; i++) {
    const title = tailPick(rows[i]!, data.titles, clean);
    if (title) { titleAt = i; out.signerTitle = title; readFrom('signerTitle', rows[i]!); }
  }
  const nameFrom = Math.max(titleAt, at);
  if (clean && nameFrom >= 0) {
    for (const row of rows.slice(nameFrom + 1, nameFrom + 9)) {
      if (APPENDIX.test(row.plain)) break;
      const found = tailName(row, data);
      if (found) { out.signer = found.name; readFrom('signer', row); break; }
    }
  } else if (clean && noiNhan >= 0) {
    // a stamp over the title leaves the name alone: the dispatch's last row, when it is wholly a person's name
    const last = rows.findLast((r) => r.text !== '');
    const list = last ? words(last.text) : [];
    if (list.length >= 2 && list.length <= 6 && list.every((w) => NAME_WORD.test(w))) {
      out.signer = last!.text;
      readFrom('signer', last!);
    }
  }
  const confidence = confidenceOf(out, from);
  return confidence ? { ...out, confidence } : out;
}

/** Each field's confidence on a scan (see `Letterhead.confidence`); null for text that came as text. */
function confidenceOf(out: Letterhead, from: Partial<Record<LetterheadField, Row[]>>): Letterhead['confidence'] | null {
  const confidence: Partial<Record<LetterheadField, number>> = {};
  let scanned = false;
  for (const [field, found] of Object.entries(from) as Array<[LetterheadField, Row[]]>) {
    const value = out[field];
    const read = found.flatMap((r) => (r.confidence === null ? [] : [r.confidence]));
    if (read.length === 0) continue;
    scanned = true;
    if (value !== null && !(Array.isArray(value) && value.length === 0)) confidence[field] = Math.round((100 * read.reduce((a, b) => a + b, 0)) / read.length) / 100;
  }
  return scanned ? confidence : null;
}
