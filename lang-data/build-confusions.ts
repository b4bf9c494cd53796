/**
 * Measures how Tesseract's English model misreads Vietnamese text and figures, and rebuilds
 * confusions.json from the measurement and the hand-verified pairs (merge-confusions.ts).
 *
 *   npm run lang-data:confusions [-- --scale 1 --jobs <cores> --keep <dir> --sets mild,harsh --sample <n>]
 *
 * A build-time tool: it needs the `tesseract` command with Debian's tesseract-ocr-eng model,
 * which the program itself never uses. Two condition sets:
 *   mild   Lines of Vietnamese (the clean Q1/2018 dispatch, every unit name and alias), figures
 *          of every shape the dispatches print, and table-like rows, rendered with sharp from SVG
 *          in several fonts, sizes and resolutions (200/300 dpi), clean and "scanned" (grain,
 *          blur, JPEG, bilevel); read with --psm 6 (blocks of lines) and --psm 7 (single lines).
 *   harsh  Ruled tables of figures as poor archive copies show them: 100–200 dpi, 7–10 pt, heavy
 *          blur, faint toner, speckle, bilevel cuts that thin or fatten strokes, JPEG 20–40,
 *          rules touching glyphs, bold table fonts; rows read with --psm 6 and 4, grids of
 *          figures with --psm 11 (each cell a short token) and 6. Digits only are counted.
 * Each image is read with `tesseract - - -l eng --psm N`; each output line is aligned with its
 * source line by edit distance, and the substitutions are counted:
 *   letters  on comparison forms (lower case, no marks, đ → d): which character stood for which letter
 *   digits   on the raw characters: which character stood for which digit
 * together with how often each character was read against a letter / a digit at all, so that
 * costs can be relative frequencies. Everything is seeded: the same Tesseract gives the same
 * counts. Each set's counts are kept apart in tesseract-eng.json (sets), the top level is their
 * sum; `--sets harsh` measures the harsh set anew and keeps the mild one as the file has it;
 * `--sample n` measures about one image in n and prints timings and counts, writing nothing.
 * The rendered corpus stays in memory (or in --keep <dir>); only tesseract-eng.json is
 * written, then confusions.json.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { comparisonForm, nfc } from '../src/lang/fold.js';
import { random } from '../samples/make-scans.js';
import { add, align, MEASURED_FILE, sortedCounts, sortedTotals, writeConfusions, type Counts, type Measured, type Totals } from './merge-confusions.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    jobs: { type: 'string', default: String(availableParallelism()) },
    keep: { type: 'string' },
    seed: { type: 'string', default: '1' },
    /** which condition sets to measure; the others are kept from the tesseract-eng.json present */
    sets: { type: 'string', default: 'mild,harsh' },
    /** measure only every n-th image of the harsh set (to time it), write nothing */
    sample: { type: 'string' },
  },
});

// ---- settings ---------------------------------------------------------------------------------

/** Fonts with the full Vietnamese repertoire (U+1EA0–U+1EF9) installed here: `fc-list ':charset=1ea0'`. */
const FONTS = ['Liberation Serif', 'Liberation Sans', 'DejaVu Serif', 'DejaVu Sans', 'DejaVu Sans Condensed'];
/** Table cells are printed at 9–10 pt, bodies at 12–13. */
const SIZES = [9, 10, 12];
const DPIS = [200, 300];
const RENDERINGS = ['clean', 'scanned', 'bilevel'] as const;
/** Per configuration: blocks of lines read with --psm 6, and single lines read with --psm 7. */
const BLOCKS = Math.max(1, Math.round(4 * Number(args.scale)));
const LINES_PER_BLOCK = 16;
const SINGLES = Math.max(1, Math.round(12 * Number(args.scale)));
/** A block's mix: text, unit names, figures, table rows. */
const MIX = { text: 5, unit: 3, figures: 4, row: 4 };

type Rnd = () => number;
const pick = <T>(rnd: Rnd, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
const int = (rnd: Rnd, lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

// ---- source text ------------------------------------------------------------------------------

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && next.length > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** The clean dispatch's lines, markdown marks dropped, tabs as spaces, paragraphs wrapped. */
function dispatchLines(): string[] {
  const text = nfc(readFileSync(join(root, 'samples/2018-Q1.txt'), 'utf8'));
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\*\*|~~|^#+\s*/g, '').replace(/\t/g, '  ').trim();
    if (line) out.push(...wrap(line, 62));
  }
  return [...new Set(out)];
}

interface Units {
  province: { name: string; aliases: string[] };
  units: Array<{ name: string; aliases: string[] }>;
  officials: string[];
}
function unitNames(): string[] {
  const data = JSON.parse(readFileSync(join(here, 'units.json'), 'utf8')) as Units;
  const names = [data.province.name, ...data.province.aliases, ...data.officials];
  for (const unit of data.units) names.push(unit.name, ...unit.aliases);
  return [...new Set(names.map(nfc))];
}

/** Digits drawn uniformly, so every digit is read about as often; no leading zero. */
function digitString(rnd: Rnd, length: number): string {
  let s = String(int(rnd, 1, 9));
  while (s.length < length) s += String(int(rnd, 0, 9));
  return s;
}

/** A figure of one of the shapes the dispatches print. */
function figure(rnd: Rnd): string {
  const shape = rnd();
  // 7, 93, 944, 5506, 10063: short ones most, as table cells hold them
  if (shape < 0.4) return digitString(rnd, pick(rnd, [1, 1, 1, 2, 2, 3, 3, 4, 4, 5]));
  if (shape < 0.55) {
    const s = digitString(rnd, int(rnd, 4, 6)); // 38.122, 60.005, 145.906
    return `${s.slice(0, s.length - 3)}.${s.slice(-3)}`;
  }
  if (shape < 0.75) {
    const whole = rnd() < 0.2 ? '0' : String(int(rnd, 1, 99)); // 93.9, 0,5, 99,5
    return `${whole}${rnd() < 0.5 ? '.' : ','}${int(rnd, 0, 9)}`;
  }
  if (shape < 0.9) {
    const whole = String(int(rnd, 0, 100)); // 93%, 7,5%
    return rnd() < 0.5 ? `${whole}%` : `${whole},${int(rnd, 0, 9)}%`;
  }
  return rnd() < 0.5 ? String(int(rnd, 1, 40)) : `${int(rnd, 1, 28)}/${int(rnd, 1, 12)}/${int(rnd, 2015, 2020)}`;
}

function figuresLine(rnd: Rnd): string {
  return Array.from({ length: int(rnd, 5, 9) }, () => figure(rnd)).join('  ');
}

/** "12 Sở Tư pháp 212 944": a row number, a unit, its figures. */
function tableRow(rnd: Rnd, units: string[]): string {
  const cells = Array.from({ length: int(rnd, 2, 5) }, () => (rnd() < 0.75 ? digitString(rnd, int(rnd, 1, 4)) : figure(rnd)));
  return `${int(rnd, 1, 40)}  ${pick(rnd, units)}  ${cells.join('  ')}`;
}

/** A line of the dispatch with its figures replaced by others of the same shape. */
function refigured(rnd: Rnd, lines: string[]): string {
  return pick(rnd, lines).replace(/[0-9]/g, (d, at: number, s: string) => (at === 0 || !/[0-9]/.test(s[at - 1]!) ? String(int(rnd, 1, 9)) : String(int(rnd, 0, 9))));
}

// ---- rendering --------------------------------------------------------------------------------

interface Config {
  font: string;
  size: number;
  dpi: number;
  rendering: (typeof RENDERINGS)[number];
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function render(lines: string[], config: Config, rnd: Rnd): Promise<Buffer> {
  const lead = config.size * 1.7;
  const width = Math.ceil(Math.max(...lines.map((l) => l.length)) * config.size * 0.62 + 40);
  const height = Math.ceil(lines.length * lead + config.size + 20);
  const bold = rnd() < 0.2 ? ' font-weight="bold"' : '';
  const body = lines.map((l, i) => `<text x="20" y="${(10 + config.size + i * lead).toFixed(1)}" font-size="${config.size}">${escape(l)}</text>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="white"/><g font-family="${escape(config.font)}"${bold} fill="black">${body}</g></svg>`;
  const image = sharp(Buffer.from(svg), { density: config.dpi }).greyscale();
  if (config.rendering === 'clean') return image.png().toBuffer();
  // "printed and scanned" as samples/make-scans.ts does it: grey paper, grain, blur, JPEG
  const raw = await image.raw().toBuffer({ resolveWithObject: true });
  const noise = 6 + rnd() * 8;
  const grain = Buffer.from(raw.data);
  for (let i = 0; i < grain.length; i++) grain[i] = Math.max(0, Math.min(255, 18 + grain[i]! * 0.88 + (rnd() + rnd() + rnd() - 1.5) * noise * 1.4));
  const scanned = sharp(grain, { raw: { width: raw.info.width, height: raw.info.height, channels: 1 } }).blur(0.5 + rnd() * 0.7);
  // a bilevel (fax-coded) scan: the same, cut at a threshold that thins or thickens the strokes
  if (config.rendering === 'bilevel') return scanned.threshold(int(rnd, 100, 170)).png().toBuffer();
  return scanned.jpeg({ quality: int(rnd, 45, 75) }).toBuffer();
}

function tesseract(image: Buffer, psm: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('tesseract', ['-', '-', '-l', 'eng', '--psm', String(psm)], {
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(out).toString('utf8')) : reject(new Error(`tesseract exited ${code}: ${Buffer.concat(err).toString()}`)),
    );
    child.stdin.end(image);
  });
}

// ---- alignment and counting -------------------------------------------------------------------

function distance(a: string, b: string): number {
  const steps = align([...a], [...b]);
  return steps.filter(([x, y]) => x !== y).length / Math.max(1, [...a].length, [...b].length);
}

/** A line read this far from its source (edit distance per character) is not its reading. */
const MAX_LINE_DISTANCE = 0.5;

/**
 * Pairs the OCR's lines with the source lines (in order; a line may be lost, split or
 * invented), by a second edit-distance alignment whose costs are line distances.
 */
function pairLines(read: string[], source: string[]): Array<[string, string]> {
  const a = read.map(comparisonForm);
  const b = source.map(comparisonForm);
  const n = a.length;
  const m = b.length;
  const gap = 0.6;
  const cost = a.map((x) => b.map((y) => distance(x, y)));
  const d = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => (i + j) * gap));
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= m; j++) d[i]![j] = Math.min(d[i - 1]![j - 1]! + cost[i - 1]![j - 1]!, d[i - 1]![j]! + gap, d[i]![j - 1]! + gap);
  const pairs: Array<[string, string]> = [];
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    if (d[i]![j] === d[i - 1]![j - 1]! + cost[i - 1]![j - 1]!) {
      if (cost[i - 1]![j - 1]! <= MAX_LINE_DISTANCE) pairs.push([read[i - 1]!, source[j - 1]!]);
      i--;
      j--;
    } else if (d[i]![j] === d[i - 1]![j]! + gap) i--;
    else j--;
  }
  return pairs.reverse();
}

interface Tally {
  letters: Counts;
  letterTotals: Totals;
  digits: Counts;
  digitTotals: Totals;
  /** a digit read as another digit, for the record */
  digitSwaps: Counts;
  lines: number;
  paired: number;
  characters: number;
  letterErrors: number;
  letterReadings: number;
  digitErrors: number;
  digitReadings: number;
}

function count(tally: Tally, read: string, source: string, letters = true): void {
  tally.paired++;
  if (letters) for (const [s, t] of align([...comparisonForm(read)], [...comparisonForm(source)])) {
    if (t === null || !/[a-z]/.test(t)) continue;
    tally.letterReadings++;
    if (s === null || s === ' ') {
      tally.letterErrors++;
      continue;
    }
    tally.letterTotals[s] = (tally.letterTotals[s] ?? 0) + 1;
    if (s !== t) {
      tally.letterErrors++;
      add(tally.letters, s, t);
    }
  }
  for (const [s, t] of align([...nfc(read)], [...nfc(source)])) {
    if (t === null || !/[0-9]/.test(t)) continue;
    tally.digitReadings++;
    if (s === null || /\s/.test(s)) {
      tally.digitErrors++;
      continue;
    }
    tally.digitTotals[s] = (tally.digitTotals[s] ?? 0) + 1;
    if (s === t) continue;
    tally.digitErrors++;
    if (/[0-9]/.test(s)) add(tally.digitSwaps, s, t);
    else add(tally.digits, s, t);
  }
}

// ---- the harsh set: figures in ruled tables, read from poor copies ----------------------------

/**
 * The mild set above finds Tesseract's English model reading rendered digits as digits nearly
 * always. Real archive copies are worse: low resolution, small table fonts, heavy blur, bilevel
 * scans whose threshold thins or fattens strokes, photocopy speckle, faint toner, figures in
 * ruled cells whose rules touch the glyphs, bold table fonts, and numbers read one short token
 * at a time. This set renders such tables and counts digit readings only (its letters, read at
 * these conditions, would be a table of noise, and the letter table is the mild set's).
 */
const HARSH_FONTS = ['Liberation Sans', 'Liberation Serif', 'DejaVu Sans', 'DejaVu Serif', 'FreeSans', 'FreeSerif'].filter((font) => {
  try {
    return execFileSync('fc-list', [font], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
});
/** Resolution and type size together: 200 dpi only with 7–9 pt, the lower resolutions with 7–10 pt. */
const HARSH_SCANS: Array<{ dpi: number; sizes: number[] }> = [
  { dpi: 100, sizes: [9, 10] },
  { dpi: 120, sizes: [8, 9, 10] },
  { dpi: 150, sizes: [7, 8, 9, 10] },
  { dpi: 200, sizes: [7, 8, 9] },
];
const FINISHES = ['thin', 'fat', 'jpeg', 'speckle'] as const;
/** Table images: rows (number, unit, figures) read with --psm 6 and --psm 4; grids of figures alone with --psm 11 and --psm 6. */
const HARSH_LAYOUTS = [
  { layout: 'rows', psm: 6 },
  { layout: 'rows', psm: 4 },
  { layout: 'cells', psm: 11 },
  { layout: 'cells', psm: 6 },
] as const;
const HARSH_IMAGES = Math.max(1, Math.round(2 * Number(args.scale)));

interface HarshConfig {
  font: string;
  size: number;
  dpi: number;
  finish: (typeof FINISHES)[number];
  layout: 'rows' | 'cells';
}

/** A cell figure: mostly counts of 1–4 digits, as appendix tables hold, some rates and thousands. */
function cellFigure(rnd: Rnd): string {
  const shape = rnd();
  if (shape < 0.7) return digitString(rnd, pick(rnd, [1, 1, 2, 2, 3, 3, 4]));
  if (shape < 0.85) return `${int(rnd, 0, 99)}.${int(rnd, 0, 9)}`;
  const s = digitString(rnd, int(rnd, 4, 5));
  return `${s.slice(0, s.length - 3)}.${s.slice(-3)}`;
}

/**
 * A ruled table as SVG: every cell boxed, figures right-aligned with 0.3–2 pt of padding and rows
 * 1.15–1.5 type sizes high, so that rules run close to or into the glyphs. Returns the table's
 * lines as the source has them (cells joined by two spaces) and its cells in reading order.
 */
function tableSvg(config: HarshConfig, rnd: Rnd, units: string[]): { svg: string; lines: string[]; cells: string[] } {
  const rows = int(rnd, 6, 9);
  const figureColumns = config.layout === 'rows' ? int(rnd, 3, 5) : int(rnd, 4, 6);
  const table: string[][] = [];
  const first = int(rnd, 1, 30);
  for (let r = 0; r < rows; r++) {
    const figures = Array.from({ length: figureColumns }, () => cellFigure(rnd));
    table.push(config.layout === 'rows' ? [String(first + r), pick(rnd, units), ...figures] : figures);
  }
  const size = config.size;
  const pad = 0.3 + rnd() * 1.7;
  const rowHeight = size * (1.15 + rnd() * 0.35);
  const rule = 0.4 + rnd() * 0.8;
  // wide enough for the widest fonts here in bold (DejaVu Sans Bold digits are 0.7 em), so a
  // figure never runs into the next cell's: only its own rules come close
  const charWidth = (c: number) => size * (config.layout === 'rows' && c === 1 ? 0.68 : 0.72);
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => [...row[c]!].length)) * charWidth(c) + 2 * pad + (config.layout === 'rows' && c === 1 ? 0 : rnd() * size));
  const width = Math.ceil(widths.reduce((a, b) => a + b, 0) + 20);
  const height = Math.ceil(rows * rowHeight + 20);
  const bold = rnd() < 0.3 ? ' font-weight="bold"' : '';
  const parts: string[] = [];
  let y = 10;
  for (const row of table) {
    let x = 10;
    row.forEach((cell, c) => {
      const text = config.layout === 'rows' && c === 1
        ? `<text x="${(x + pad).toFixed(1)}" y="${(y + rowHeight / 2 + size * 0.35).toFixed(1)}">${escape(cell)}</text>`
        : `<text x="${(x + widths[c]! - pad).toFixed(1)}" y="${(y + rowHeight / 2 + size * 0.35).toFixed(1)}" text-anchor="end">${escape(cell)}</text>`;
      parts.push(text);
      x += widths[c]!;
    });
    y += rowHeight;
  }
  const rules: string[] = [];
  for (let r = 0; r <= rows; r++) rules.push(`<line x1="10" x2="${width - 10}" y1="${(10 + r * rowHeight).toFixed(1)}" y2="${(10 + r * rowHeight).toFixed(1)}"/>`);
  let x = 10;
  for (let c = 0; c <= widths.length; c++) {
    rules.push(`<line y1="10" y2="${(10 + rows * rowHeight).toFixed(1)}" x1="${x.toFixed(1)}" x2="${x.toFixed(1)}"/>`);
    x += widths[c] ?? 0;
  }
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="white"/>` +
    `<g stroke="black" stroke-width="${rule.toFixed(2)}">${rules.join('')}</g>` +
    `<g font-family="${escape(config.font)}" font-size="${size}"${bold} fill="black">${parts.join('')}</g></svg>`;
  return { svg, lines: table.map((row) => row.join('  ')), cells: table.flat() };
}

/** What a poor copy does to the rendered table; the parameters drawn are the image's own. */
async function degrade(svg: string, config: HarshConfig, rnd: Rnd): Promise<Buffer> {
  const raw = await sharp(Buffer.from(svg), { density: config.dpi }).greyscale().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = raw.info;
  // faint toner or a grey copy: ink 20–130 on paper 195–245
  const paper = 195 + rnd() * 50;
  const ink = rnd() < 0.4 ? 70 + rnd() * 60 : 20 + rnd() * 50;
  const noise = 4 + rnd() * 10;
  const px = Buffer.alloc(raw.data.length);
  for (let i = 0; i < px.length; i++) {
    const v = paper - (paper - ink) * (1 - raw.data[i]! / 255) + (rnd() + rnd() + rnd() - 1.5) * noise * 1.4;
    px[i] = Math.max(0, Math.min(255, v));
  }
  // photocopy speckle: dark specks of 1–2 pixels and pale drop-outs, 0.05–0.4% of the page
  if (config.finish === 'speckle' || rnd() < 0.3) {
    const specks = Math.round(width * height * (0.0005 + rnd() * 0.0035));
    for (let k = 0; k < specks; k++) {
      const at = Math.floor(rnd() * width * height);
      const value = rnd() < 0.7 ? ink : paper;
      px[at] = value;
      if (rnd() < 0.5 && at + 1 < px.length) px[at + 1] = value;
      if (rnd() < 0.5 && at + width < px.length) px[at + width] = value;
    }
  }
  // blur σ 1.2–2.2 pixels at 200 dpi, the same spread of the glyphs at the lower resolutions
  const blurred = sharp(px, { raw: { width, height, channels: 1 } }).blur(Math.max(0.3, (1.2 + rnd() * 1.0) * (config.dpi / 200)));
  const mid = (paper + ink) / 2;
  // bilevel: cut the blurred image low (only the cores of strokes stay: thin, broken) or high (fat, joined)
  if (config.finish === 'thin') return blurred.threshold(Math.round(ink + (mid - ink) * (0.35 + rnd() * 0.4))).png().toBuffer();
  if (config.finish === 'fat') return blurred.threshold(Math.round(mid + (paper - mid) * (0.3 + rnd() * 0.45))).png().toBuffer();
  if (config.finish === 'speckle') return rnd() < 0.5 ? blurred.threshold(Math.round(mid)).png().toBuffer() : blurred.jpeg({ quality: int(rnd, 20, 40) }).toBuffer();
  return blurred.jpeg({ quality: int(rnd, 20, 40) }).toBuffer();
}

/**
 * Line distance for pairing figures with their readings: a digit read as some other character
 * costs half (a misread glyph, not a lost or foreign one), a digit read as another digit or any
 * other difference costs one. Without this the very readings measured here ("JZ3" for 323)
 * would be too far from their sources to be paired; which character stood in is not looked at.
 */
function figureDistance(read: string, source: string): number {
  const steps = align([...read.replace(/\s+/g, ' ')], [...source.replace(/\s+/g, ' ')]);
  let cost = 0;
  for (const [s, t] of steps) {
    if (s === t) continue;
    cost += s !== null && t !== null && /[0-9]/.test(t) && !/[0-9\s]/.test(s) ? 0.5 : 1;
  }
  return cost / Math.max(1, [...read].length, [...source].length);
}

/** A harsh reading is counted when this close to its source: lines the OCR read as lines. */
const MAX_FIGURE_DISTANCE = 0.34;
/**
 * A token up to this far (one character of two misread, or a lone character for a lone digit:
 * "J" for 3) is counted when the cells either side were paired within MAX_FIGURE_DISTANCE with
 * the tokens either side: its place is then pinned by its neighbours, not guessed.
 */
const MAX_PINNED_DISTANCE = 0.5;

/** pairLines with figureDistance, for the harsh set; `tokens` for --psm 11 readings of cells. */
function pairFigureLines(read: string[], source: string[], tokens: boolean): Array<[string, string]> {
  const n = read.length;
  const m = source.length;
  const gap = 0.6;
  const cost = read.map((x) => source.map((y) => figureDistance(x, y)));
  const d = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => (i + j) * gap));
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= m; j++) d[i]![j] = Math.min(d[i - 1]![j - 1]! + cost[i - 1]![j - 1]!, d[i - 1]![j]! + gap, d[i]![j - 1]! + gap);
  const matched: Array<[number, number]> = [];
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    if (d[i]![j] === d[i - 1]![j - 1]! + cost[i - 1]![j - 1]!) {
      matched.push([i - 1, j - 1]);
      i--;
      j--;
    } else if (d[i]![j] === d[i - 1]![j]! + gap) i--;
    else j--;
  }
  matched.reverse();
  const good = new Set(matched.filter(([a, b]) => cost[a]![b]! <= MAX_FIGURE_DISTANCE).map(([a, b]) => `${a},${b}`));
  const pinned = (a: number, b: number) =>
    (b === 0 || good.has(`${a - 1},${b - 1}`)) && (b === m - 1 || good.has(`${a + 1},${b + 1}`)) && (a > 0 || b === 0) && (a < n - 1 || b === m - 1);
  return matched
    .filter(([a, b]) => cost[a]![b]! <= MAX_FIGURE_DISTANCE || (tokens && cost[a]![b]! <= MAX_PINNED_DISTANCE && pinned(a, b)))
    .map(([a, b]) => [read[a]!, source[b]!]);
}

// ---- the run ----------------------------------------------------------------------------------

type SetName = 'mild' | 'harsh';

interface Job {
  id: string;
  set: SetName;
  /** the lines the image holds, and what its reading is aligned with (the cells, for --psm 11) */
  lines: string[];
  source: string[];
  psm: number;
  seed: number;
  render: (rnd: Rnd) => Promise<Buffer>;
  kind: string;
}

function newTally(): Tally {
  return { letters: {}, letterTotals: {}, digits: {}, digitTotals: {}, digitSwaps: {}, lines: 0, paired: 0, characters: 0, letterErrors: 0, letterReadings: 0, digitErrors: 0, digitReadings: 0 };
}

/** One condition set's counts, as tesseract-eng.json keeps them (the top level is their sum). */
interface SetMeasure {
  corpus: Record<string, unknown>;
  letters: Counts;
  letterTotals: Totals;
  digits: Counts;
  digitTotals: Totals;
}

function mildJobs(seed: number, text: string[], units: string[]): Job[] {
  const withFigures = text.filter((l) => /[0-9]/.test(l));
  const configs: Config[] = [];
  for (const font of FONTS) for (const size of SIZES) for (const dpi of DPIS) for (const rendering of RENDERINGS) configs.push({ font, size, dpi, rendering });
  const jobs: Job[] = [];
  configs.forEach((config, c) => {
    const rnd = random(seed * 1000 + c);
    const line = (kind: keyof typeof MIX): string => {
      if (kind === 'text') return rnd() < 0.3 ? refigured(rnd, withFigures) : pick(rnd, text);
      if (kind === 'unit') return pick(rnd, units);
      if (kind === 'figures') return figuresLine(rnd);
      return tableRow(rnd, units);
    };
    const job = (id: string, lines: string[], psm: number, jobSeed: number): Job => ({
      id, set: 'mild', lines, source: lines, psm, seed: jobSeed, kind: config.rendering,
      render: (r) => render(lines, config, r),
    });
    for (let b = 0; b < BLOCKS; b++) {
      const lines: string[] = [];
      for (const [kind, n] of Object.entries(MIX) as Array<[keyof typeof MIX, number]>) for (let k = 0; k < n; k++) lines.push(line(kind));
      for (let k = lines.length - 1; k > 0; k--) {
        const r = Math.floor(rnd() * (k + 1));
        [lines[k], lines[r]] = [lines[r]!, lines[k]!];
      }
      jobs.push(job(`c${c}-b${b}`, lines.slice(0, LINES_PER_BLOCK), 6, seed * 100000 + c * 100 + b));
    }
    // single lines: figures and rows above all, the shapes a table cell or a headline figure has
    for (let s = 0; s < SINGLES; s++)
      jobs.push(job(`c${c}-s${s}`, [line(pick(rnd, ['figures', 'row', 'row', 'text', 'unit'] as const))], 7, seed * 100000 + c * 100 + 50 + s));
  });
  return jobs;
}

function harshJobs(seed: number, units: string[]): Job[] {
  const jobs: Job[] = [];
  let c = 0;
  for (const font of HARSH_FONTS)
    for (const { dpi, sizes } of HARSH_SCANS)
      for (const size of sizes)
        for (const finish of FINISHES)
          for (const { layout, psm } of HARSH_LAYOUTS)
            for (let k = 0; k < HARSH_IMAGES; k++, c++) {
              const config: HarshConfig = { font, size, dpi, finish, layout };
              const jobSeed = seed * 7919 + 500000 + c;
              const table = tableSvg(config, random(jobSeed), units);
              jobs.push({
                id: `h${c}`, set: 'harsh', lines: table.lines, source: psm === 11 ? table.cells : table.lines, psm, seed: jobSeed + 1, kind: `${layout} psm ${psm}`,
                render: (r) => degrade(table.svg, config, r),
              });
            }
  return jobs;
}

function sumSets(sets: SetMeasure[]): Pick<Measured, 'letters' | 'letterTotals' | 'digits' | 'digitTotals'> {
  const letters: Counts = {};
  const digits: Counts = {};
  const letterTotals: Totals = {};
  const digitTotals: Totals = {};
  for (const set of sets) {
    for (const [from, to] of [[set.letters, letters], [set.digits, digits]] as const)
      for (const [seen, row] of Object.entries(from)) for (const [truth, n] of Object.entries(row)) add(to, seen, truth, n);
    for (const [from, to] of [[set.letterTotals, letterTotals], [set.digitTotals, digitTotals]] as const)
      for (const [seen, n] of Object.entries(from)) to[seen] = (to[seen] ?? 0) + n;
  }
  return { letters: sortedCounts(letters), letterTotals: sortedTotals(letterTotals), digits: sortedCounts(digits), digitTotals: sortedTotals(digitTotals) };
}

async function main(): Promise<void> {
  const started = Date.now();
  const seed = Number(args.seed);
  const text = dispatchLines();
  const units = unitNames();
  const wanted = new Set(args.sets.split(',').map((x) => x.trim()) as SetName[]);
  const sample = args.sample ? Number(args.sample) : 0;

  let jobs: Job[] = [];
  if (wanted.has('mild')) jobs.push(...mildJobs(seed, text, units));
  if (wanted.has('harsh')) jobs.push(...harshJobs(seed, units));
  if (sample) jobs = jobs.filter((_, k) => random(k + 1)() < 1 / sample);

  const tallies: Record<SetName, Tally> = { mild: newTally(), harsh: newTally() };
  const byKind: Record<string, { images: number; lines: number; paired: number; seconds: number }> = {};
  if (args.keep) mkdirSync(args.keep, { recursive: true });
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const t0 = Date.now();
      const image = await job.render(random(job.seed));
      const output = await tesseract(image, job.psm);
      const read = output.split('\n').map((l) => l.trim()).filter(Boolean);
      if (args.keep) {
        writeFileSync(join(args.keep, `${job.id}.${image[0] === 0x89 ? 'png' : 'jpg'}`), image);
        writeFileSync(join(args.keep, `${job.id}.gt.txt`), job.source.join('\n') + '\n');
        writeFileSync(join(args.keep, `${job.id}.ocr.txt`), output);
      }
      const tally = tallies[job.set];
      tally.lines += job.source.length;
      tally.characters += job.source.reduce((n, l) => n + [...l].length, 0);
      const before = tally.paired;
      if (job.set === 'harsh') {
        for (const [r, s] of pairFigureLines(read, job.source, job.psm === 11)) count(tally, r, s, false);
      } else {
        const pairs = job.psm === 7 ? (read.length ? [[read.join(' '), job.lines[0]!] as [string, string]] : []) : pairLines(read, job.lines);
        for (const [r, s] of pairs) if (job.psm === 6 || distance(comparisonForm(r), comparisonForm(s)) <= MAX_LINE_DISTANCE) count(tally, r, s);
      }
      const k = (byKind[`${job.set} ${job.kind}`] ??= { images: 0, lines: 0, paired: 0, seconds: 0 });
      k.images++;
      k.lines += job.source.length;
      k.paired += tally.paired - before;
      k.seconds += (Date.now() - t0) / 1000;
      if (++done % 50 === 0) process.stderr.write(`${done}/${jobs.length} images, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Number(args.jobs)) }, worker));
  const seconds = (Date.now() - started) / 1000;

  if (sample) {
    console.log(`sample: ${jobs.length} images in ${seconds.toFixed(0)} s with ${args.jobs} workers`);
    for (const [kind, k] of Object.entries(byKind).sort()) console.log(`  ${kind}: ${k.images} images, ${k.paired}/${k.lines} paired, ${(k.seconds / k.images).toFixed(2)} s an image`);
    for (const set of wanted) {
      const t = tallies[set];
      console.log(`  ${set}: digit error ${((t.digitErrors / Math.max(1, t.digitReadings)) * 100).toFixed(2)}% of ${t.digitReadings}; stand-ins ${JSON.stringify(sortedCounts(t.digits))}`);
    }
    return;
  }

  const version = execFileSync('tesseract', ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
  let model = 'tesseract-ocr-eng';
  try {
    model += ' ' + execFileSync('dpkg-query', ['-W', '-f=${Version}', 'tesseract-ocr-eng'], { encoding: 'utf8' }).trim();
  } catch {
    /* not Debian: the version line says enough */
  }
  const rates = (t: Tally) => ({
    images: jobs.filter((j) => tallies[j.set] === t).length,
    lines: t.lines,
    characters: t.characters,
    linesPaired: t.paired,
    ...(t.letterReadings ? { letterErrorRate: +(t.letterErrors / t.letterReadings).toFixed(4) } : {}),
    digitErrorRate: +(t.digitErrors / Math.max(1, t.digitReadings)).toFixed(4),
    digitsMisreadAsDigits: sortedCounts(t.digitSwaps),
  });
  const measures: Partial<Record<SetName, SetMeasure>> = {};
  const previous: Measured | null = (() => {
    try {
      return JSON.parse(readFileSync(join(here, MEASURED_FILE), 'utf8')) as Measured;
    } catch {
      return null;
    }
  })();
  for (const set of ['mild', 'harsh'] as const) {
    if (wanted.has(set)) continue;
    // a set not measured this time is kept as the file has it (a file without sets is all mild)
    const kept = previous?.sets?.[set] ?? (set === 'mild' && previous && !previous.sets ? { corpus: previous.corpus, letters: previous.letters, letterTotals: previous.letterTotals, digits: previous.digits, digitTotals: previous.digitTotals } : undefined);
    if (kept) measures[set] = kept;
  }
  if (wanted.has('mild')) {
    const t = tallies.mild;
    measures.mild = {
      corpus: {
        tesseract: `${version}, ${model}, OMP_THREAD_LIMIT=1, -l eng, --psm 6 for blocks of ${LINES_PER_BLOCK} lines, --psm 7 for single lines`,
        sources: [
          `samples/2018-Q1.txt: ${text.length} lines (paragraphs wrapped at 62 characters); 30% of the text lines drawn are lines with figures, their digits redrawn`,
          `lang-data/units.json: ${units.length} unit names, aliases, province names and officials`,
          'generated figures: 1–5 digits, thousands dots (38.122), decimals with point or comma (93.9, 0,5), percentages (93%, 7,5%), dates (11/8/2017); digits drawn uniformly',
          'generated table rows: row number, a unit name, 2–5 figures ("12  Sở Tư pháp  212  944")',
        ],
        fonts: FONTS,
        sizes: SIZES.map((s) => `${s} pt`),
        dpi: DPIS,
        renderings: {
          clean: 'sharp from SVG, greyscale PNG',
          scanned: 'grey paper (18 + 0.88 × ink), Gaussian-like grain σ 6–14, blur σ 0.5–1.2, JPEG quality 45–75',
          bilevel: 'as scanned up to the blur, then a threshold at 100–170 (thin or thick strokes), PNG',
        },
        bold: '20% of the images',
        mix: `blocks: ${Object.entries(MIX).map(([k, n]) => `${n} ${k}`).join(', ')}; ${BLOCKS} blocks and ${SINGLES} single lines per font × size × dpi × rendering`,
        seed,
        ...rates(t),
      },
      letters: sortedCounts(t.letters),
      letterTotals: sortedTotals(t.letterTotals),
      digits: sortedCounts(t.digits),
      digitTotals: sortedTotals(t.digitTotals),
    };
  }
  if (wanted.has('harsh')) {
    const t = tallies.harsh;
    measures.harsh = {
      corpus: {
        aim: 'figures in ruled tables from poor copies; digit readings only are counted (letters: {}, letterTotals: {})',
        tesseract: `${version}, ${model}, OMP_THREAD_LIMIT=1, -l eng; table rows with --psm 6 and --psm 4, grids of figures alone with --psm 11 (each cell a token) and --psm 6`,
        sources: [
          `table rows: row number, a unit name (lang-data/units.json), 3–5 figure cells; 6–9 rows a table`,
          'figure grids: 4–6 figure cells a row, 6–9 rows, no text',
          'cell figures: 70% counts of 1–4 digits, 15% decimals (93.9), 15% thousands (38.122); digits drawn uniformly, no leading zero',
        ],
        fonts: HARSH_FONTS,
        scans: HARSH_SCANS.map(({ dpi, sizes }) => `${dpi} dpi at ${sizes.join('/')} pt`),
        table: 'every cell ruled (rules 0.4–1.2 pt), figures right-aligned with 0.3–2 pt padding, rows 1.15–1.5 type sizes high, so rules touch or nearly touch glyphs; bold in 30% of the tables',
        copy: 'paper 195–245, ink 20–70 (faint toner 70–130 in 40% of the images), grain σ 4–14, blur σ 1.2–2.2 px at 200 dpi (scaled with the resolution: 0.6–1.1 px at 100 dpi)',
        finishes: {
          thin: 'bilevel, cut between ink and the ink–paper midpoint (35–75% of the way): thinned, broken strokes',
          fat: 'bilevel, cut between the midpoint and paper (30–75% of the way): fattened, joined strokes',
          jpeg: 'JPEG quality 20–40',
          speckle: 'photocopy speckle (dark specks and pale drop-outs of 1–2 pixels, 0.05–0.4% of the pixels; also in 30% of the other images), then bilevel at the midpoint or JPEG 20–40',
        },
        pairing: `read lines (or --psm 11 tokens) aligned with source lines (or cells) in order; a digit read as a non-digit costs half a difference in the pairing distance; a pair is counted within ${MAX_FIGURE_DISTANCE} a character, a --psm 11 token within ${MAX_PINNED_DISTANCE} when the cells either side were paired within ${MAX_FIGURE_DISTANCE} with the tokens either side`,
        perCondition: `${HARSH_IMAGES} image(s) per font × scan × size × finish × layout/psm`,
        seed,
        ...rates(t),
      },
      letters: {},
      letterTotals: {},
      digits: sortedCounts(t.digits),
      digitTotals: sortedTotals(t.digitTotals),
    };
  }
  const sets = Object.fromEntries(Object.entries(measures));
  const sum = sumSets(Object.values(measures) as SetMeasure[]);
  const mildCorpus = measures.mild?.corpus as { lines?: number; characters?: number } | undefined;
  const harshCorpus = measures.harsh?.corpus as { lines?: number; images?: number } | undefined;
  const measured: Measured = {
    $comment:
      `Tesseract English model (${version}, ${model}). mild: ${mildCorpus?.lines ?? 0} rendered lines (${mildCorpus?.characters ?? 0} characters) of Vietnamese text and figures in ${FONTS.join(', ')}, ${SIZES.join('/')} pt, ${DPIS.join('/')} dpi, clean, scanned and bilevel. ` +
      `harsh: ${harshCorpus?.images ?? 0} ruled tables of figures (${harshCorpus?.lines ?? 0} rows or cells) in ${HARSH_FONTS.join(', ')}, 100–200 dpi at 7–10 pt, blur σ 1.2–2.2, faint toner, speckle, bilevel thinned or fattened, JPEG 20–40, read with --psm 6, 4 and 11; digits only. ` +
      'Top-level counts are the sum of the sets; built by lang-data/build-confusions.ts, see sets.*.corpus.',
    corpus: { sets: Object.keys(sets) },
    ...sum,
    sets,
  };
  // no timings in the file: it is a function of the seed, the sources and Tesseract alone
  writeFileSync(join(here, MEASURED_FILE), JSON.stringify(measured, null, 2) + '\n');
  console.log(`${MEASURED_FILE}: ${jobs.length} images measured (${[...wanted].join(', ')}); ${seconds.toFixed(0)} s`);
  for (const set of wanted) {
    const t = tallies[set];
    console.log(`  ${set}: ${t.lines} lines, ${t.paired} paired; digit error ${((t.digitErrors / Math.max(1, t.digitReadings)) * 100).toFixed(2)}% of ${t.digitReadings}`);
  }
  console.log(writeConfusions());
}

await main();
