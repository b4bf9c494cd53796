/**
 * Measures how Tesseract's English model misreads Vietnamese text and figures, and rebuilds
 * confusions.json from the measurement and the hand-verified pairs (merge-confusions.ts).
 *
 *   npm run lang-data:confusions [-- --scale 1 --jobs <cores> --keep <dir>]
 *
 * A build-time tool: it needs the `tesseract` command with Debian's tesseract-ocr-eng model,
 * which the program itself never uses. Lines of Vietnamese (the clean Q1/2018 dispatch, every
 * unit name and alias), figures of every shape the dispatches print, and table-like rows are
 * rendered with sharp from SVG in several fonts, sizes and resolutions, clean and "scanned"
 * (grain, blur, JPEG); each image is read with `tesseract - - -l eng` (--psm 6 for blocks of
 * lines, --psm 7 for single lines); each output line is aligned with its source line by edit
 * distance, and the substitutions are counted:
 *   letters  on comparison forms (lower case, no marks, đ → d): which character stood for which letter
 *   digits   on the raw characters: which character stood for which digit
 * together with how often each character was read against a letter / a digit at all, so that
 * costs can be relative frequencies. Everything is seeded: the same Tesseract gives the same
 * counts. The rendered corpus stays in memory (or in --keep <dir>); only tesseract-eng.json is
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
import { add, align, MEASURED_FILE, sortedCounts, sortedTotals, writeConfusions, type Counts, type Measured, type Totals } from './merge-confusions.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    jobs: { type: 'string', default: String(availableParallelism()) },
    keep: { type: 'string' },
    seed: { type: 'string', default: '1' },
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

/** A small deterministic generator (mulberry32), as samples/make-scans.ts uses. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
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

function tesseract(image: Buffer, psm: 6 | 7): Promise<string> {
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

function count(tally: Tally, read: string, source: string): void {
  tally.paired++;
  for (const [s, t] of align([...comparisonForm(read)], [...comparisonForm(source)])) {
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

// ---- the run ----------------------------------------------------------------------------------

interface Job {
  id: string;
  config: Config;
  lines: string[];
  psm: 6 | 7;
  seed: number;
}

async function main(): Promise<void> {
  const started = Date.now();
  const seed = Number(args.seed);
  const text = dispatchLines();
  const units = unitNames();
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
    for (let b = 0; b < BLOCKS; b++) {
      const lines: string[] = [];
      for (const [kind, n] of Object.entries(MIX) as Array<[keyof typeof MIX, number]>) for (let k = 0; k < n; k++) lines.push(line(kind));
      for (let k = lines.length - 1; k > 0; k--) {
        const r = Math.floor(rnd() * (k + 1));
        [lines[k], lines[r]] = [lines[r]!, lines[k]!];
      }
      jobs.push({ id: `c${c}-b${b}`, config, lines: lines.slice(0, LINES_PER_BLOCK), psm: 6, seed: seed * 100000 + c * 100 + b });
    }
    // single lines: figures and rows above all, the shapes a table cell or a headline figure has
    for (let s = 0; s < SINGLES; s++)
      jobs.push({ id: `c${c}-s${s}`, config, lines: [line(pick(rnd, ['figures', 'row', 'row', 'text', 'unit'] as const))], psm: 7, seed: seed * 100000 + c * 100 + 50 + s });
  });

  const tally: Tally = {
    letters: {},
    letterTotals: {},
    digits: {},
    digitTotals: {},
    digitSwaps: {},
    lines: 0,
    paired: 0,
    characters: 0,
    letterErrors: 0,
    letterReadings: 0,
    digitErrors: 0,
    digitReadings: 0,
  };
  if (args.keep) mkdirSync(args.keep, { recursive: true });
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      const image = await render(job.lines, job.config, random(job.seed));
      const output = await tesseract(image, job.psm);
      const read = output.split('\n').map((l) => l.trim()).filter(Boolean);
      if (args.keep) {
        writeFileSync(join(args.keep, `${job.id}.${job.config.rendering === 'clean' ? 'png' : 'jpg'}`), image);
        writeFileSync(join(args.keep, `${job.id}.gt.txt`), job.lines.join('\n') + '\n');
        writeFileSync(join(args.keep, `${job.id}.ocr.txt`), output);
      }
      tally.lines += job.lines.length;
      tally.characters += job.lines.reduce((n, l) => n + [...l].length, 0);
      const pairs = job.psm === 7 ? (read.length ? [[read.join(' '), job.lines[0]!] as [string, string]] : []) : pairLines(read, job.lines);
      for (const [r, s] of pairs) if (job.psm === 6 || distance(comparisonForm(r), comparisonForm(s)) <= MAX_LINE_DISTANCE) count(tally, r, s);
      if (++done % 50 === 0) process.stderr.write(`${done}/${jobs.length} images, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Number(args.jobs)) }, worker));

  const version = execFileSync('tesseract', ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
  let model = 'tesseract-ocr-eng';
  try {
    model += ' ' + execFileSync('dpkg-query', ['-W', '-f=${Version}', 'tesseract-ocr-eng'], { encoding: 'utf8' }).trim();
  } catch {
    /* not Debian: the version line says enough */
  }
  const seconds = (Date.now() - started) / 1000;
  const corpus = {
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
    images: jobs.length,
    lines: tally.lines,
    characters: tally.characters,
    linesPaired: tally.paired,
    letterErrorRate: +(tally.letterErrors / tally.letterReadings).toFixed(4),
    digitErrorRate: +(tally.digitErrors / tally.digitReadings).toFixed(4),
    digitsMisreadAsDigits: sortedCounts(tally.digitSwaps),
  };
  const measured: Measured = {
    $comment: `Tesseract English model (${version}, ${model}) reading ${tally.lines} rendered lines (${tally.characters} characters) of Vietnamese text and figures in ${FONTS.join(', ')}, ${SIZES.join('/')} pt, ${DPIS.join('/')} dpi, clean, scanned and bilevel; built by lang-data/build-confusions.ts, see corpus.`,
    corpus,
    letters: sortedCounts(tally.letters),
    letterTotals: sortedTotals(tally.letterTotals),
    digits: sortedCounts(tally.digits),
    digitTotals: sortedTotals(tally.digitTotals),
  };
  // no timings in the file: it is a function of the seed, the sources and Tesseract alone
  writeFileSync(join(here, MEASURED_FILE), JSON.stringify(measured, null, 2) + '\n');
  console.log(
    `${MEASURED_FILE}: ${jobs.length} images, ${tally.lines} lines, ${tally.characters} characters, ${tally.paired} lines paired; ` +
      `letter error ${(corpus.letterErrorRate * 100).toFixed(1)}%, digit error ${(corpus.digitErrorRate * 100).toFixed(2)}%; ${seconds.toFixed(0)} s`,
  );
  console.log(writeConfusions());
}

await main();
