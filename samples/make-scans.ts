/**
 * Makes realistic scans of dispatches from golden records, for tests and the benchmark. Also a
 * module: make-garbled.ts lays records out and scans them with it.
 *
 *   node --import tsx samples/make-scans.ts [options] golden/2018-Q1.json … --out samples/scans
 *
 * Each record is laid out as its dispatch is printed (letterhead, body with the headline figures,
 * signature, then Phụ lục 1 and 2 with ruled tables that run on over pages without repeating
 * their header), rendered with a system font, then "printed and scanned": turned by a small skew,
 * blurred, given grain and JPEG artefacts, and wrapped one JPEG per page into a PDF, as scanners
 * do. A cell the record leaves null is printed blank. Options (all seeded, so a run is repeatable):
 *   --dpi 300  --skew 1.2 (degrees; the sign alternates by page)  --quality 62  --noise 10
 *   --blur 0.7  --font "Liberation Serif"  --seed 1  --images (JPEG pages instead of one PDF)
 *   --stamp (a red stamp and blue ink over each page, scanned in colour)
 *   --photocopy (dark bands along the page's edges and specks of toner)
 *   --mixed-sizes (every other page scanned on legal-size paper)
 *   --bilevel (black and white pages, CCITT G4)  --jbig2 (the same, coded as JBIG2)
 *   --turned 3,5 (pages saved turned 90°)
 *   --split-rows (a table's last row on a page runs on to the next, half its name on each)
 *   --digital (a born-digital PDF instead: the pages printed to PDF by Chromium, their text real text)
 *   --borderless (with --digital: tables drawn without rules)
 *   --digital-pages 1,2 (a mixed PDF: those pages born-digital, the others scanned; needs poppler's pdfunite)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import sharp, { type OutputInfo } from 'sharp';
import { TABLES, type DispatchRecord, type TableKind } from '../src/index.js';

const A4 = { width: 595, height: 842 };
const MARGIN = { left: 60, right: 45, top: 50, bottom: 50 };
export const ROMAN = ['', 'I', 'II', 'III', 'IV'];

export interface ScanOptions {
  dpi: number;
  skew: number;
  quality: number;
  noise: number;
  blur: number;
  font: string;
  seed: number;
  /** A red round stamp and blue ink strokes over each page, scanned in colour. */
  stamp?: boolean;
  /** Black and white pages, CCITT G4 as office scanners write them to archives, or JBIG2. */
  bilevel?: boolean | 'jbig2';
  /** A photocopy: dark bands where the copier saw past the page's edges, and speckles of toner. */
  photocopy?: boolean;
  /** Every other page scanned on legal-size paper (8.5 × 14 in), as a scanner set for it saves A4 sheets. */
  mixedSizes?: boolean;
  /** Pages (1-based) saved turned a quarter turn clockwise. */
  turned?: number[];
  /** A table's last row on a page runs on to the next, half its name on each. */
  splitRows?: boolean;
}

/** One scanned page as the PDF holds it: a JPEG (grey or colour), CCITT G4 or JBIG2 data. */
export interface ScannedPage {
  image: Buffer;
  width: number;
  height: number;
  kind: 'jpeg-grey' | 'jpeg-colour' | 'ccitt' | 'jbig2';
}

/** A small deterministic generator (mulberry32), so a scan can be made again byte for byte. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Text is not measured: glyphs are taken as wide as a wide font's average (DejaVu Sans), so
 * wrapped text stays inside its cell whichever font renders it.
 */
const textWidth = (text: string, size: number) => text.length * size * 0.58;

function wrap(text: string, width: number, size: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

class Page {
  readonly parts: string[] = [];
  y = MARGIN.top;

  constructor(private readonly font: string) {}

  text(text: string, x: number, y: number, size: number, options: { bold?: boolean; anchor?: 'start' | 'middle' | 'end'; italic?: boolean } = {}): void {
    const weight = options.bold ? ' font-weight="bold"' : '';
    const style = options.italic ? ' font-style="italic"' : '';
    this.parts.push(`<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${size}"${weight}${style} text-anchor="${options.anchor ?? 'start'}">${escape(text)}</text>`);
  }

  line(x1: number, y1: number, x2: number, y2: number, width = 0.6): void {
    this.parts.push(`<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="black" stroke-width="${width}"/>`);
  }

  svg(): string {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${A4.width}" height="${A4.height}" viewBox="0 0 ${A4.width} ${A4.height}"><rect width="100%" height="100%" fill="white"/><g font-family="${escape(this.font)}" fill="black">${this.parts.join('')}</g></svg>`;
  }
}

/** Lays pages out top to bottom, starting a new page when the next block does not fit. */
class Layout {
  readonly pages: Page[] = [];
  /** Rows laid out across a page break so far. */
  rowsSplit = 0;

  constructor(
    private readonly font: string,
    /** Whether a table's last row on a page runs on to the next instead of moving there whole. */
    readonly splitRows = false,
  ) {
    this.newPage();
  }

  get page(): Page {
    return this.pages.at(-1)!;
  }

  newPage(): Page {
    this.pages.push(new Page(this.font));
    return this.page;
  }

  ensure(height: number): Page {
    return this.page.y + height > A4.height - MARGIN.bottom ? this.newPage() : this.page;
  }

  paragraph(text: string, size = 12, options: { indent?: number; bold?: boolean; center?: boolean } = {}): void {
    const width = A4.width - MARGIN.left - MARGIN.right - (options.indent ?? 0);
    for (const line of wrap(text, width, size)) {
      const page = this.ensure(size * 1.35);
      page.y += size * 1.35;
      if (options.center) page.text(line, A4.width / 2, page.y, size, { bold: options.bold, anchor: 'middle' });
      else page.text(line, MARGIN.left + (options.indent ?? 0), page.y, size, { bold: options.bold });
    }
  }

  gap(height: number): void {
    this.page.y += height;
  }
}

const count = (value: number | null, grouped: boolean) => (value === null ? '' : grouped ? value.toLocaleString('de-DE') : String(value));
const rate = (value: number | null, comma: boolean) => (value === null ? '' : comma ? String(value).replace('.', ',') : String(value));
const dateParts = (iso: string | null) => (iso ? iso.split('-').map(Number) : [null, null, null]);

function letterhead(layout: Layout, record: DispatchRecord): void {
  const page = layout.page;
  const { number, issuedOn, period } = record.document;
  const [year, month, day] = dateParts(issuedOn);
  const left = MARGIN.left + 95;
  const right = 400;
  page.text('ỦY BAN NHÂN DÂN', left, 70, 12, { bold: true, anchor: 'middle' });
  page.text('TỈNH ĐẮK LẮK', left, 85, 12, { bold: true, anchor: 'middle' });
  page.line(left - 30, 90, left + 30, 90);
  page.text(`Số: ${number ?? '          /UBND-KGVX'}`, left, 110, 12, { anchor: 'middle' });
  page.text(`V/v kết quả ứng dụng công nghệ thông tin`, left, 128, 11, { anchor: 'middle' });
  page.text(`trong công tác hành chính Quý ${ROMAN[period.quarter ?? 0]}/${period.year ?? ''}`, left, 141, 11, { anchor: 'middle' });
  page.text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', right, 70, 11.5, { bold: true, anchor: 'middle' });
  page.text('Độc lập - Tự do - Hạnh phúc', right, 85, 12, { bold: true, anchor: 'middle' });
  page.line(right - 75, 90, right + 75, 90);
  page.text(`Đắk Lắk, ngày ${day ?? '    '} tháng ${month ?? '    '} năm ${year ?? '      '}`, right, 110, 12, { italic: true, anchor: 'middle' });
  page.y = 170;
}

/** The body's paragraphs in order: salutation, preamble, heading, headline figures, request. */
export function bodyParagraphs(record: DispatchRecord): [string, string, string, string, string] {
  const s = record.summary;
  const quarter = `quý ${ROMAN[record.document.period.quarter ?? 0]}/${record.document.period.year ?? ''}`;
  const n = (v: number | null | undefined) => (v == null ? '…' : v.toLocaleString('de-DE'));
  return [
    'Kính gửi: Các Sở, ban, ngành; UBND các huyện, thị xã, thành phố.',
    'Thực hiện Chỉ thị số 11/CT-UBND ngày 11/8/2017 của UBND tỉnh về việc tiếp nhận và giải quyết thủ tục hành chính trên Hệ thống Dịch vụ hành chính công trực tuyến tích hợp Một Cửa điện tử liên thông của tỉnh và sử dụng văn bản điện tử trong công tác hành chính, UBND tỉnh thông báo kết quả như sau:',
    '1. Kết quả thực hiện',
    `Trong ${quarter}, toàn tỉnh thực hiện việc gửi, nhận ${n(s.documentsTotal)} văn bản điện tử; trong đó gửi liên thông ${n(s.documentsSent)} văn bản điện tử, nhận và xử lý liên thông ${n(s.documentsReceived)} văn bản điện tử trong cơ quan nhà nước từ cấp tỉnh đến cấp xã, phường và thị trấn (có Phụ lục 1 kèm theo). Thực hiện việc tiếp nhận ${n(s.dossiersReceived)} hồ sơ theo cơ chế Một Cửa điện tử liên thông (mức độ 2) trên hệ thống iGate của tỉnh; đã giải quyết ${n(s.dossiersResolved)} hồ sơ; trong đó, ${n(s.dossiersOnTime)} hồ sơ đúng hạn, ${n(s.dossiersLate)} hồ sơ trễ hạn (có Phụ lục 2 kèm theo); trong đó có ${n(s.level3Dossiers)} hồ sơ nộp, tiếp nhận và giải quyết trực tuyến mức độ 3.`,
    '2. Đề nghị các cơ quan, đơn vị tiếp tục thực hiện nghiêm túc việc sử dụng văn bản điện tử và tiếp nhận, giải quyết thủ tục hành chính trên môi trường điện tử.',
  ];
}

function body(layout: Layout, record: DispatchRecord): void {
  const [salutation, preamble, heading, figures, request] = bodyParagraphs(record);
  layout.paragraph(salutation, 12, { center: true });
  layout.gap(8);
  layout.paragraph(preamble, 12, { indent: 20 });
  layout.paragraph(heading, 12, { indent: 20, bold: true });
  layout.paragraph(figures, 12, { indent: 20 });
  layout.paragraph(request, 12, { indent: 20 });
  layout.gap(20);
  const page = layout.ensure(110);
  const x = 420;
  page.text('KT. CHỦ TỊCH', x, page.y + 14, 12, { bold: true, anchor: 'middle' });
  page.text('PHÓ CHỦ TỊCH', x, page.y + 28, 12, { bold: true, anchor: 'middle' });
  page.text(record.document.signer ?? '', x, page.y + 95, 12, { bold: true, anchor: 'middle' });
  page.text('Nơi nhận:', MARGIN.left, page.y + 14, 10, { bold: true, italic: true });
  page.text('- Như trên;', MARGIN.left, page.y + 27, 9.5);
  page.text('- Lưu: VT, KGVX.', MARGIN.left, page.y + 39, 9.5);
  page.y += 110;
}

interface Column {
  title: string;
  group?: string;
  width: number;
  cell: (row: Record<string, unknown>) => string;
}

/** A figure column's printed title, and the title of the group it sits under, if any. */
export function columnTitle(kind: TableKind, field: string): [string, string?] {
  const titles: Record<string, [string, string?]> = {
    sent: ['Số lượng văn bản gửi'],
    received: [kind === 'idesk' ? 'Số lượng văn bản nhận' : 'Số lượng tiếp nhận'],
    resolved: ['Đã giải quyết'],
    onTime: ['SL', 'Đúng hạn'],
    onTimeRate: ['TL (%)', 'Đúng hạn'],
    late: ['SL', 'Trễ hạn'],
    lateRate: ['TL (%)', 'Trễ hạn'],
    viaIgate: ['Số lượng TTHC liên thông qua iGate'],
    paper: ['Số TTHC gửi hồ sơ giấy'],
    dossiers: ['Số hồ sơ mức độ 3'],
    rate: ['Tỷ lệ (%)'],
    score: ['Điểm'],
  };
  return titles[field]!;
}

function columnsOf(kind: TableKind, rows: Array<Record<string, unknown>>, rnd: () => number): Column[] {
  const comma = rnd() < 0.5;
  // a column the record leaves empty throughout was not printed
  const printed = TABLES[kind]!.columns.filter((c) => rows.some((r) => r[c.field] !== null) || kind !== 'level3');
  const numbers = printed.map((c) => ({
    title: columnTitle(kind, c.field)[0],
    group: columnTitle(kind, c.field)[1],
    width: 0,
    cell: (row: Record<string, unknown>) => (c.type === 'rate' ? rate(row[c.field] as number | null, comma) : count(row[c.field] as number | null, false)),
  }));
  const usable = A4.width - MARGIN.left - MARGIN.right;
  const nameWidth = Math.min(220, usable - 30 - numbers.length * 48);
  const each = (usable - 30 - nameWidth) / numbers.length;
  numbers.forEach((c) => (c.width = each));
  return [
    { title: 'TT', width: 30, cell: (row) => String(row.no) },
    { title: 'Tên cơ quan, đơn vị', width: nameWidth, cell: (row) => String(row.printedName) },
    ...numbers,
  ];
}

/** The name as the table prints it: the canonical name, or its usual short form for districts. */
export function printedName(unit: string | null, rnd: () => number): string {
  if (!unit) return '';
  return rnd() < 0.6 ? unit.replace(/^Ủy ban nhân dân /, 'UBND ') : unit;
}

function table(layout: Layout, kind: TableKind, rows: Array<Record<string, unknown>>, rnd: () => number): void {
  const columns = columnsOf(kind, rows, rnd);
  const size = 10.5;
  const lineHeight = size * 1.3;
  const grouped = columns.some((c) => c.group);
  const headerLines = Math.max(...columns.map((c) => wrap(c.title, c.width - 6, size).length));
  const headerHeight = (grouped ? 2 : 1) * Math.max(headerLines, 1) * lineHeight + 8;
  const left = MARGIN.left;
  const right = left + columns.reduce((sum, c) => sum + c.width, 0);

  let page = layout.ensure(headerHeight + 40);
  const drawHeader = () => {
    const top = page.y;
    page.line(left, top, right, top);
    let x = left;
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!;
      const inGroup = c.group !== undefined;
      const titleTop = inGroup ? top + headerHeight / 2 : top;
      const lines = wrap(c.title, c.width - 6, size);
      lines.forEach((l, k) => page.text(l, x + c.width / 2, titleTop + 4 + (k + 1) * lineHeight - 3, size, { bold: true, anchor: 'middle' }));
      if (inGroup && columns[i - 1]?.group !== c.group) {
        const span = columns.slice(i).filter((d, j) => columns.slice(i, i + j + 1).every((e) => e.group === c.group)).reduce((sum, d) => sum + d.width, 0);
        page.text(c.group!.toUpperCase(), x + span / 2, top + lineHeight + 2, size, { bold: true, anchor: 'middle' });
        page.line(x, top + headerHeight / 2, x + span, top + headerHeight / 2);
      }
      const startsSpan = !inGroup || columns[i - 1]?.group !== c.group;
      page.line(x, startsSpan ? top : top + headerHeight / 2, x, top + headerHeight);
      x += c.width;
    }
    page.line(right, top, right, top + headerHeight);
    page.y = top + headerHeight;
    page.line(left, page.y, right, page.y);
  };
  drawHeader();
  const bottom = A4.height - MARGIN.bottom;
  const heightOf = (cells: string[][]) => Math.max(...cells.map((l) => l.length)) * lineHeight + 6;
  const drawRow = (cells: string[][], closed: boolean) => {
    const height = heightOf(cells);
    let x = left;
    columns.forEach((c, i) => {
      const numeric = i !== 1;
      cells[i]!.forEach((l, k) =>
        page.text(l, numeric ? x + c.width / 2 : x + 4, page.y + 3 + (k + 1) * lineHeight - 2, size, { anchor: numeric ? 'middle' : 'start' }),
      );
      page.line(x, page.y, x, page.y + height);
      x += c.width;
    });
    page.line(right, page.y, right, page.y + height);
    page.y += height;
    if (closed) page.line(left, page.y, right, page.y);
  };
  const newPage = (ruled = true) => {
    page = layout.newPage();
    if (ruled) page.line(left, page.y, right, page.y);
  };
  const wrapped = rows.map((row) => columns.map((c) => wrap(c.cell(row), c.width - 8, size)));
  wrapped.forEach((cells, i) => {
    if (page.y + heightOf(cells) > bottom) newPage();
    const next = wrapped[i + 1];
    const name = cells[1]!;
    if (layout.splitRows && next && page.y + heightOf(cells) + heightOf(next) > bottom && name.join(' ').includes(' ')) {
      // the last row before the break runs on over it, as a word processor lets a row do: its name's
      // last line (or last word) goes to the next page, and no rule closes the part on this one; every
      // other time no rule opens the part on the next page either
      const [head, tail] = name.length > 1 ? [name.slice(0, -1), name.slice(-1)] : [[name[0]!.replace(/ \S+$/, '')], [name[0]!.replace(/^.* /, '')]];
      drawRow(cells.map((lines, k) => (k === 1 ? head : lines)), false);
      newPage(layout.rowsSplit % 2 === 0);
      drawRow(cells.map((_, k) => (k === 1 ? tail : [])), true);
      layout.rowsSplit++;
    } else drawRow(cells, true);
  });
  page.y += 14;
}

/** The appendices' printed headings: titles, the line citing the dispatch, and section titles. */
export function appendixHeadings(record: DispatchRecord): { idesk: string; igate: string; cites: string; general: string; interlink: string; level3: string } {
  const { number, issuedOn, period } = record.document;
  const [year, month, day] = dateParts(issuedOn);
  const quarter = `Quý ${ROMAN[period.quarter ?? 0]}/${period.year ?? ''}`;
  return {
    idesk: `Thống kê tình hình gửi, nhận văn bản điện tử trên Hệ thống quản lý văn bản điều hành của tỉnh (iDesk) ${quarter}`,
    igate: `Kết quả tiếp nhận, giải quyết thủ tục hành chính trên Hệ thống Dịch vụ hành chính công trực tuyến tích hợp Một Cửa điện tử liên thông của tỉnh iGate - ${quarter}`,
    cites: `(Kèm theo Công văn số ${number ?? '      /UBND-KGVX'} ngày ${day ?? '  '}/${month ?? '  '}/${year ?? '    '} của UBND tỉnh)`,
    general: '1. Tình hình sử dụng chung',
    interlink: `2. Thống kê hồ sơ liên thông với Văn phòng UBND tỉnh của các Sở trên hệ thống iGate - ${quarter}`,
    level3: '3. Thống kê tình hình tiếp nhận và xử lý mức độ 3.',
  };
}

function appendices(layout: Layout, record: DispatchRecord, rnd: () => number): void {
  const headings = appendixHeadings(record);
  const named = (kind: TableKind) => record.tables[kind]!.map((r) => ({ ...r, printedName: printedName(r.unit, rnd) }));

  layout.newPage();
  layout.paragraph('Phụ lục 1', 13, { bold: true, center: true });
  layout.paragraph(headings.idesk, 12, { bold: true, center: true });
  layout.paragraph(headings.cites, 11, { center: true });
  layout.gap(8);
  table(layout, 'idesk', named('idesk'), rnd);

  layout.newPage();
  layout.paragraph('Phụ lục 2', 13, { bold: true, center: true });
  layout.paragraph(headings.igate, 12, { bold: true, center: true });
  layout.paragraph(headings.cites, 11, { center: true });
  layout.gap(6);
  layout.paragraph(headings.general, 12, { bold: true });
  layout.gap(4);
  table(layout, 'igate', named('igate'), rnd);
  if (record.tables.interlink!.length > 0) {
    layout.ensure(120);
    layout.paragraph(headings.interlink, 12, { bold: true });
    layout.gap(4);
    table(layout, 'interlink', named('interlink'), rnd);
  }
  if (record.tables.level3!.length > 0) {
    layout.ensure(120);
    layout.paragraph(headings.level3, 12, { bold: true });
    layout.gap(4);
    table(layout, 'level3', named('level3'), rnd);
  }
}

/** Prints a page and scans it back: skew, blur, grain, then stamp and ink, and the scanner's encoding. */
export async function scan(svg: string, options: ScanOptions, skew: number, rnd: () => number, turned = false, legal = false): Promise<ScannedPage> {
  const rendered = await sharp(Buffer.from(svg), { density: options.dpi }).greyscale().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = rendered.info;
  const grain = Buffer.from(rendered.data);
  for (let i = 0; i < grain.length; i++) {
    // paper is never pure white nor toner pure black; the grain is roughly Gaussian
    const noise = (rnd() + rnd() + rnd() - 1.5) * options.noise * 1.4;
    grain[i] = Math.max(0, Math.min(255, 18 + grain[i]! * 0.88 + noise));
  }
  const printed = await sharp(grain, { raw: { width, height, channels: 1 } })
    .blur(options.blur > 0.3 ? options.blur : undefined)
    .rotate(skew, { background: { r: 236, g: 236, b: 236 } })
    // one grey channel (rotating onto a colour background makes it RGB)
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  let page = sharp(printed.data, { raw: { width: printed.info.width, height: printed.info.height, channels: 1 } });
  if (legal) {
    // the sheet lies in the bed's top left corner; the lid shows around it
    const [right, bottom] = [Math.round(8.5 * options.dpi) - printed.info.width, Math.round(14 * options.dpi) - printed.info.height];
    page = sharp(await page.extend({ right: Math.max(0, right), bottom, background: { r: 244, g: 244, b: 244 } }).toColourspace('b-w').png().toBuffer());
  }
  // toner and ink darken what they cover: marks multiply the print under them
  const marked = async (marks: (width: number, height: number) => string, colour: 'b-w' | 'srgb') => {
    const { width, height } = await page.metadata();
    return sharp(await page.toColourspace(colour).composite([{ input: Buffer.from(marks(width, height)), blend: 'multiply' }]).toColourspace(colour).png().toBuffer());
  };
  if (options.photocopy) page = await marked((w, h) => copierMarks(w, h, options.dpi, rnd), 'b-w');
  if (options.stamp) page = await marked((w, h) => stampAndInk(w, h, rnd), 'srgb');
  if (turned) page = sharp(await page.rotate(90).png().toBuffer());
  if (options.bilevel) {
    const fax = await g4(await page.greyscale().threshold(150).raw().toBuffer({ resolveWithObject: true }));
    return options.bilevel === 'jbig2' ? jbig2(fax) : fax;
  }
  const jpeg = await (options.stamp ? page : page.toColourspace('b-w')).jpeg({ quality: options.quality }).toBuffer({ resolveWithObject: true });
  return { image: jpeg.data, width: jpeg.info.width, height: jpeg.info.height, kind: options.stamp ? 'jpeg-colour' : 'jpeg-grey' };
}

/**
 * What a photocopier adds: a dark band, ragged on its inner side, along the left edge and along the
 * top or the bottom, where the copier saw past the paper, and specks of toner strewn over the page.
 */
function copierMarks(w: number, h: number, dpi: number, rnd: () => number): string {
  const band = (along: number, depth: number, point: (t: number, d: number) => string) => {
    const steps = 24;
    const edge = Array.from({ length: steps + 1 }, (_, k) => point((k / steps) * along, depth * (0.7 + 0.6 * rnd())));
    return `<polygon points="${point(0, 0)} ${edge.join(' ')} ${point(along, 0)}" fill="#262626"/>`;
  };
  const depth = () => dpi * (0.12 + 0.25 * rnd());
  const left = band(h, depth(), (t, d) => `${d.toFixed(1)},${t.toFixed(1)}`);
  const atTop = rnd() < 0.5;
  const across = band(w, depth(), (t, d) => `${t.toFixed(1)},${(atTop ? d : h - d).toFixed(1)}`);
  const specks = Array.from({ length: 600 }, () => `<circle cx="${(rnd() * w).toFixed(1)}" cy="${(rnd() * h).toFixed(1)}" r="${((dpi / 300) * (0.6 + 2 * rnd() ** 3)).toFixed(2)}"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${left}${across}<g fill="#161616">${specks.join('')}</g></svg>`;
}

/** A red round stamp over the middle of the page and two blue ink strokes, where tables run. */
function stampAndInk(w: number, h: number, rnd: () => number): string {
  const [cx, cy, r] = [w * (0.4 + 0.3 * rnd()), h * (0.3 + 0.4 * rnd()), w * 0.12];
  const stroke = (y: number) => `<path d="M ${w * 0.15} ${y} C ${w * 0.4} ${y - h * 0.08}, ${w * 0.55} ${y + h * 0.08}, ${w * 0.85} ${y - h * 0.03}" stroke="#1a3cc8" stroke-width="${w * 0.004}" fill="none"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <g stroke="#d01818" fill="none"><circle cx="${cx}" cy="${cy}" r="${r}" stroke-width="${w * 0.01}"/><circle cx="${cx}" cy="${cy}" r="${r * 0.72}" stroke-width="${w * 0.004}"/></g>
    <text x="${cx}" y="${cy + r * 0.1}" font-size="${w * 0.028}" fill="#d01818" text-anchor="middle" font-family="DejaVu Sans">ỦY BAN NHÂN DÂN</text>
    ${stroke(h * (0.35 + 0.2 * rnd()))}${stroke(h * (0.65 + 0.2 * rnd()))}
  </svg>`;
}

/**
 * A bilevel page as CCITT G4 data for a PDF: libtiff encodes it as one tile (the page extended
 * with paper to the tile's multiple of 16), whose bytes are the image's stream.
 */
async function g4({ data, info }: { data: Buffer; info: OutputInfo }): Promise<ScannedPage> {
  const [width, height] = [Math.ceil(info.width / 16) * 16, Math.ceil(info.height / 16) * 16];
  const tiff = await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } })
    .extend({ right: width - info.width, bottom: height - info.height, background: '#ffffff' })
    .toColourspace('b-w')
    .tiff({ compression: 'ccittfax4', bitdepth: 1, miniswhite: true, tile: true, tileWidth: width, tileHeight: height })
    .toBuffer();
  const tag = (id: number) => {
    const entries = tiff.readUInt32LE(4);
    for (let i = 0, count = tiff.readUInt16LE(entries); i < count; i++) if (tiff.readUInt16LE(entries + 2 + i * 12) === id) return tiff.readUInt32LE(entries + 2 + i * 12 + 8);
    throw new Error(`the G4 TIFF has no tag ${id}`);
  };
  // TileOffsets and TileByteCounts: one tile, so each holds its value in place
  return { image: tiff.subarray(tag(324), tag(324) + tag(325)), width, height, kind: 'ccitt' };
}

/**
 * A bilevel page as a PDF's JBIG2 stream (embedded, with no file header): a page information
 * segment and one immediate generic region coded with MMR, whose data is the page's G4 code.
 */
function jbig2(fax: ScannedPage): ScannedPage {
  const segment = (number: number, type: number, data: Buffer) => {
    const header = Buffer.alloc(11);
    header.writeUInt32BE(number, 0);
    header.writeUInt8(type, 4); // one-byte page association, retained
    header.writeUInt8(0, 5); // refers to no other segment
    header.writeUInt8(1, 6); // on page 1
    header.writeUInt32BE(data.length, 7);
    return Buffer.concat([header, data]);
  };
  const info = Buffer.alloc(19);
  info.writeUInt32BE(fax.width, 0);
  info.writeUInt32BE(fax.height, 4);
  // resolution unknown (0), flags 0, no striping
  const region = Buffer.alloc(18);
  region.writeUInt32BE(fax.width, 0);
  region.writeUInt32BE(fax.height, 4);
  // at 0,0, combined by OR; generic region flags: MMR
  region.writeUInt8(1, 17);
  const image = Buffer.concat([segment(0, 48, info), segment(1, 39, Buffer.concat([region, fax.image]))]);
  return { ...fax, image, kind: 'jbig2' };
}

/** A PDF of one scanned image per page, each page sized so the image is at `dpi`. */
export function pdfOfScans(pages: ScannedPage[], dpi: number): Buffer {
  const objects: Array<Buffer | string> = [];
  const kids = pages.map((_, i) => `${3 + i * 3} 0 R`).join(' ');
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`);
  pages.forEach((p, i) => {
    const w = (p.width * 72) / dpi;
    const h = (p.height * 72) / dpi;
    const page = 3 + i * 3;
    const encoding = {
      'jpeg-grey': '/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode',
      'jpeg-colour': '/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode',
      ccitt: `/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns ${p.width} /Rows ${p.height} >>`,
      jbig2: '/ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode',
    }[p.kind];
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w.toFixed(2)} ${h.toFixed(2)}] /Resources << /XObject << /Im0 ${page + 1} 0 R >> >> /Contents ${page + 2} 0 R >>`);
    objects.push(pdfStream(`/Type /XObject /Subtype /Image /Width ${p.width} /Height ${p.height} ${encoding}`, p.image));
    objects.push(pdfStream('', `q ${w.toFixed(2)} 0 0 ${h.toFixed(2)} 0 0 cm /Im0 Do Q`));
  });
  return writePdf(objects);
}

/** A PDF stream object's body: its dictionary's entries (without /Length) and its bytes. */
export function pdfStream(entries: string, data: Buffer | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  return Buffer.concat([Buffer.from(`<< ${entries ? `${entries} ` : ''}/Length ${bytes.length} >>\nstream\n`, 'latin1'), bytes, Buffer.from('\nendstream', 'latin1')]);
}

/** A PDF file of the given objects, numbered from 1, the first the catalogue; `trailer` adds entries to its trailer. */
export function writePdf(objects: Array<Buffer | string>, trailer = ''): Buffer {
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let length = chunks[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), typeof body === 'string' ? Buffer.from(body, 'latin1') : body, Buffer.from('\nendobj\n', 'latin1')]);
    chunks.push(chunk);
    length += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  chunks.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer}>>\nstartxref\n${length}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(chunks);
}

/** The record laid out as its dispatch is printed, page by page. */
function laidOut(record: DispatchRecord, options: ScanOptions, rnd: () => number): Layout {
  const layout = new Layout(options.font, options.splitRows);
  letterhead(layout, record);
  body(layout, record);
  appendices(layout, record, rnd);
  return layout;
}

/** Debian's Chromium, which prints the laid-out pages to a born-digital PDF; null where there is none. */
export const CHROMIUM = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p)) ?? null;

/**
 * The dispatch as a word processor exports it: the laid-out pages printed to PDF by Chromium, so
 * its text is real text in an embedded font and its rules are vector lines. With `scanned`, the
 * pages not listed in `digitalPages` are scans instead, as when a printed annex is scanned and
 * appended to the exported letter.
 */
export async function makeDigital(record: DispatchRecord, options: ScanOptions & { borderless?: boolean }, digitalPages?: number[]): Promise<Buffer> {
  if (!CHROMIUM) throw new Error('a born-digital PDF is printed by Chromium, and none is installed');
  const layout = laidOut(record, options, random(options.seed));
  // a word processor's table drawn without borders: no rule anywhere on the page
  const svg = (page: Page) => (options.borderless ? page.svg().replace(/<line [^>]*\/>/g, '') : page.svg());
  const dir = mkdtempSync(join(tmpdir(), 'digital-'));
  try {
    const html = `<!doctype html><meta charset="utf-8"><style>@page { size: ${A4.width}pt ${A4.height}pt; margin: 0 } body { margin: 0 } svg { display: block; width: ${A4.width}pt; height: ${A4.height}pt; break-after: page }</style>${layout.pages.map(svg).join('')}`;
    writeFileSync(join(dir, 'pages.html'), html);
    execFileSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--print-to-pdf=${join(dir, 'digital.pdf')}`, pathToFileURL(join(dir, 'pages.html')).href], { stdio: 'ignore', timeout: 120_000 });
    if (!digitalPages) return readFileSync(join(dir, 'digital.pdf'));
    writeFileSync(join(dir, 'scan.pdf'), pdfOfScans(await makeScan(record, options), options.dpi));
    const parts = layout.pages.map((_, i) => {
      const [from, part] = digitalPages.includes(i + 1) ? ['digital', `d${i + 1}`] : ['scan', `s${i + 1}`];
      execFileSync('pdfseparate', ['-f', String(i + 1), '-l', String(i + 1), join(dir, `${from}.pdf`), join(dir, `${part}.pdf`)]);
      return join(dir, `${part}.pdf`);
    });
    execFileSync('pdfunite', [...parts, join(dir, 'mixed.pdf')]);
    return readFileSync(join(dir, 'mixed.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function makeScan(record: DispatchRecord, options: ScanOptions): Promise<ScannedPage[]> {
  const rnd = random(options.seed);
  const layout = laidOut(record, options, rnd);
  const pages = [];
  for (const [i, page] of layout.pages.entries()) {
    const skew = options.skew * (i % 2 === 0 ? 1 : -1) * (0.6 + 0.4 * rnd());
    pages.push(await scan(page.svg(), options, skew, rnd, options.turned?.includes(i + 1) ?? false, (options.mixedSizes ?? false) && i % 2 === 1));
  }
  if (options.splitRows && layout.rowsSplit === 0) throw new Error('no table of the record runs over a page break, so no row could be split across one');
  return pages;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'samples/scans' },
      dpi: { type: 'string', default: '300' },
      skew: { type: 'string', default: '1.2' },
      quality: { type: 'string', default: '62' },
      noise: { type: 'string', default: '10' },
      blur: { type: 'string', default: '0.7' },
      font: { type: 'string', default: 'Liberation Serif' },
      seed: { type: 'string', default: '1' },
      images: { type: 'boolean', default: false },
      stamp: { type: 'boolean', default: false },
      photocopy: { type: 'boolean', default: false },
      'mixed-sizes': { type: 'boolean', default: false },
      bilevel: { type: 'boolean', default: false },
      jbig2: { type: 'boolean', default: false },
      turned: { type: 'string', default: '' },
      'split-rows': { type: 'boolean', default: false },
      digital: { type: 'boolean', default: false },
      borderless: { type: 'boolean', default: false },
      'digital-pages': { type: 'string', default: '' },
    },
  });
  if (positionals.length === 0) throw new Error('give one or more golden records, e.g. golden/2018-Q1.json');
  const options: ScanOptions = {
    dpi: Number(values.dpi),
    skew: Number(values.skew),
    quality: Number(values.quality),
    noise: Number(values.noise),
    blur: Number(values.blur),
    font: values.font!,
    seed: Number(values.seed),
    stamp: values.stamp,
    photocopy: values.photocopy,
    mixedSizes: values['mixed-sizes'],
    bilevel: values.jbig2 ? 'jbig2' : values.bilevel,
    turned: values.turned!.split(',').filter(Boolean).map(Number),
    splitRows: values['split-rows'],
  };
  if (values.images && options.bilevel) throw new Error('--images writes JPEG pages; a bilevel scan is a PDF');
  mkdirSync(values.out!, { recursive: true });
  for (const path of positionals) {
    const record = JSON.parse(readFileSync(path, 'utf8')) as DispatchRecord;
    const stem = basename(path, '.json');
    const digitalPages = values['digital-pages']!.split(',').filter(Boolean).map(Number);
    if (values.digital || digitalPages.length > 0) {
      writeFileSync(join(values.out!, `${stem}.pdf`), await makeDigital(record, { ...options, borderless: values.borderless }, values.digital ? undefined : digitalPages));
      console.log(`${stem}: ${values.digital ? 'born-digital' : `pages ${digitalPages.join(', ')} born-digital, the rest scanned`}`);
      continue;
    }
    const pages = await makeScan(record, options);
    if (values.images) pages.forEach((p, i) => writeFileSync(join(values.out!, `${stem}.p${i + 1}.jpg`), p.image));
    else writeFileSync(join(values.out!, `${stem}.pdf`), pdfOfScans(pages, options.dpi));
    console.log(`${stem}: ${pages.length} pages at ${options.dpi} dpi`);
  }
}

// run as a script, not when imported for its layout and scanning
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
