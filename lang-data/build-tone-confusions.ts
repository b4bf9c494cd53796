/**
 * Measures how the Vietnamese model (tesseract.js with @tesseract.js-data/vie, read as the
 * digitiser reads a scan) takes one tone mark for another, and writes vie-tones.json: for each
 * tone meant, how often each tone was read, on syllables whose letters were otherwise read right;
 * how often an initial d was read as đ, or đ as d; and how often each vowel was read in each shape
 * of its letter (ô as o or ơ). Text restoration prices respelling a word's tone, initial or vowels
 * by it (src/restore/index.ts): hỏi read as sắc ("chuyến đối số" for "chuyển đổi số") is far
 * commoner than ngã read as huyền, d read as đ ("chống địch bệnh") than đ as d.
 *
 *   npm run lang-data:tones [-- --pages 2 --jobs 2 --seed 1 --keep <dir>]
 *
 * Source text: sentences of Debian's Vietnamese translation catalogues (those build-syllables.ts
 * counts; the held-out ones, samples/ and golden/ are not used), in a seeded order. Each page is
 * set in lines in one of FONTS (Liberation Serif regular and bold, as titles are, DejaVu Serif,
 * Liberation Sans: `fc-list ':charset=1ea0'`), 11–14 pt, its first lines in capitals, and scanned
 * by samples/make-scans.ts's scanner under each of CONDITIONS (as bench:dispatches scans: office
 * grey and black and white at 200 dpi, grey at 150, a stamped copy photographed at 100 dpi).
 * The scans go through the digitiser's own path: a PDF of them is rasterised (a 100-dpi photo is
 * enlarged), preprocessed and read as running text (src/ocr readPage). Each page's words are aligned
 * with its source words on their bare letters; a pair whose letters agree but for the tone counts.
 * Seeded, and each of the --jobs lanes reads its own pages with its own worker, so the counts do
 * not depend on timing. About five minutes on two cores.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readPage } from '../src/ocr/index.js';
import { OcrPool } from '../src/ocr/pool.js';
import { preprocess } from '../src/preprocess/index.js';
import { rasterise, type PageImage } from '../src/rasterise/index.js';
import { nfc, stripMarks, TONE_MARK, vowelsOf } from '../src/lang/fold.js';
import { isSyllable } from '../src/lang/syllables.js';
import { pdfOfScans, random, scan, type ScanOptions, type ScannedPage } from '../samples/make-scans.js';
import { catalogueTexts, HELD_OUT } from './catalogues.js';

const here = dirname(fileURLToPath(import.meta.url));

const { values: args } = parseArgs({
  options: {
    /** pages per font and condition */
    pages: { type: 'string', default: '2' },
    jobs: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
    /** keep the scanned PDFs and what was read of them in this folder */
    keep: { type: 'string' },
  },
});

const FONTS = [
  { family: 'Liberation Serif', weight: 'normal' },
  { family: 'Liberation Serif', weight: 'bold' },
  { family: 'DejaVu Serif', weight: 'normal' },
  { family: 'Liberation Sans', weight: 'normal' },
] as const;
/** make-dispatches.ts's conditions (office-200, bilevel-200, photo-100), and a 150-dpi grey scan between them. */
const CONDITIONS: Record<string, Omit<ScanOptions, 'font' | 'seed'>> = {
  'office-200': { dpi: 200, skew: 0.8, quality: 75, noise: 5, blur: 0.5 },
  'bilevel-200': { dpi: 200, skew: 0.6, quality: 75, noise: 4, blur: 0.4, bilevel: true },
  'grey-150': { dpi: 150, skew: 0.7, quality: 65, noise: 6, blur: 0.6 },
  'photo-100': { dpi: 100, skew: 1.5, quality: 55, noise: 8, blur: 0.7, stamp: true },
};
const SIZES = [11, 12, 13, 14];
const LINES_PER_PAGE = 24;
/** A title's lines in capitals open each page, as a dispatch's do. */
const CAPITAL_LINES = 2;

/** The tones, by the mark NFD writes for each (none for ngang). */
const TONES = { ngang: '', huyền: '\u0300', sắc: '\u0301', hỏi: '\u0309', ngã: '\u0303', nặng: '\u0323' } as const;
type Tone = keyof typeof TONES;

/** A syllable's tone, its initial d or đ (none for another), its vowels' shapes, its letters without its tone (lower case, NFD), and its bare letters. */
function toneOf(word: string): { tone: Tone; initial: string; vowels: string[]; letters: string; bare: string } {
  const d = nfc(word).toLowerCase().normalize('NFD');
  const mark = TONE_MARK.exec(d)?.[0] ?? '';
  const tone = (Object.keys(TONES) as Tone[]).find((t) => TONES[t] === mark)!;
  const initial = /^[dđ]/.test(d) ? d[0]! : '';
  return { tone, initial, vowels: vowelsOf(word), letters: d.replace(TONE_MARK, ''), bare: stripMarks(word) };
}

/** Sentences of the catalogues the language model counts, mostly Vietnamese syllables, in a seeded order. */
function sentences(rnd: () => number): string[] {
  const dir = '/usr/share/locale/vi/LC_MESSAGES';
  const out = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.mo') && !HELD_OUT.includes(f)).sort())
    for (const text of catalogueTexts(readFileSync(join(dir, file)))) {
      const t = nfc(text).trim();
      if (/[%$<>{}\\_&~|=@#\n\t]/.test(t)) continue;
      const words = t.split(/\s+/);
      const syllables = words.filter((w) => isSyllable(w.replace(/^[("'“]+|[)"'”.,;:!?]+$/g, '').toLowerCase()));
      if (words.length >= 6 && syllables.length >= 0.8 * words.length) out.add(t);
    }
  const list = [...out];
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A page's lines, set in points on an A4 width (make-scans renders SVG at 72 units an inch). */
function pageSvg(lines: string[], font: (typeof FONTS)[number], size: number): string {
  const lead = size * 1.5;
  const height = Math.ceil(60 + lines.length * lead + 40);
  const body = lines.map((l, i) => `<text x="60" y="${(60 + size + i * lead).toFixed(1)}" font-size="${size}">${escape(l)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="595" height="${height}" viewBox="0 0 595 ${height}"><rect width="100%" height="100%" fill="white"/><g font-family="${font.family}" font-weight="${font.weight}" fill="black">${body}</g></svg>`;
}

/** Lines of at most `width` characters (about 490 pt of text at this size). */
function wrap(words: string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Word pairs of an alignment of the source's words with those read, on their bare letters (edit distance, words as units). */
function alignWords(truth: string[], read: string[]): Array<[string, string]> {
  const key = (w: string) => stripMarks(w).replace(/[^\p{L}\p{N}]/gu, '');
  const [a, b] = [truth.map(key), read.map(key)];
  const cost = (i: number, j: number) => (a[i] === b[j] ? 0 : 1);
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost(i - 1, j - 1));
  const pairs: Array<[string, string]> = [];
  for (let i = a.length, j = b.length; i > 0 && j > 0; ) {
    if (d[i]![j] === d[i - 1]![j - 1]! + cost(i - 1, j - 1)) pairs.push([truth[--i]!, read[--j]!]);
    else if (d[i]![j] === d[i - 1]![j]! + 1) i--;
    else j--;
  }
  return pairs.reverse();
}

type Counts = Record<string, Record<string, number>>;

function count(counts: Counts, meant: string, read: string): void {
  const row = (counts[meant] ??= {});
  row[read] = (row[read] ?? 0) + 1;
}

async function main(): Promise<void> {
  const seed = Number(args.seed);
  const rnd = random(seed);
  const pools = Array.from({ length: Number(args.jobs) }, () => new OcrPool(1));
  const dir = args.keep ?? mkdtempSync(join(tmpdir(), 'tones-'));
  mkdirSync(dir, { recursive: true });
  const source = sentences(rnd);
  let next = 0;
  const total: Counts = {};
  const initials: Counts = {};
  const vowels: Counts = {};
  const byCondition: Record<string, Counts> = {};
  const started = Date.now();
  let [words, aligned] = [0, 0];
  try {
    for (const [condition, options] of Object.entries(CONDITIONS)) {
      const counts: Counts = (byCondition[condition] = {});
      const pages: Array<{ truth: string[]; scanned: ScannedPage }> = [];
      for (const font of FONTS)
        for (let p = 0; p < Number(args.pages); p++) {
          const size = SIZES[Math.floor(rnd() * SIZES.length)]!;
          const width = Math.floor(490 / (size * 0.5));
          const lines: string[] = [];
          while (lines.length < LINES_PER_PAGE) lines.push(...wrap(source[next++ % source.length]!.split(/\s+/), width));
          const page = lines.slice(0, LINES_PER_PAGE).map((l, i) => (i < CAPITAL_LINES ? l.toUpperCase() : l));
          const scanned = await scan(pageSvg(page, font, size), { ...options, font: font.family, seed }, (rnd() - 0.5) * 2 * options.skew, rnd);
          pages.push({ truth: page.join(' ').split(/\s+/), scanned });
        }
      const pdf = join(dir, `${condition}.pdf`);
      writeFileSync(pdf, pdfOfScans(pages.map((p) => p.scanned), options.dpi));
      const images: PageImage[] = [];
      for await (const image of rasterise(pdf)) images.push(image);
      // each lane reads its own pages with its own worker, so which worker reads what never depends on timing
      const reads: string[][] = [];
      await Promise.all(
        pools.map(async (pool, lane) => {
          for (let k = lane; k < images.length; k += pools.length) {
            const prepared = await preprocess(images[k]!);
            const blocks = await readPage(prepared, { tables: [], text: [{ top: 0, bottom: prepared.height }] }, pool);
            reads[k] = blocks.flatMap((b) => b.lines.map((l) => l.text));
          }
        }),
      );
      for (const [k, read] of reads.entries()) {
        const truth = pages[k]!.truth;
        words += truth.length;
        for (const [meant, seen] of alignWords(truth, read.join(' ').split(/\s+/))) {
          const [m, s] = [toneOf(meant.replace(/[^\p{L}\p{M}]/gu, '')), toneOf(seen.replace(/[^\p{L}\p{M}]/gu, ''))];
          if (m.bare !== s.bare || !isSyllable(nfc(meant.replace(/[^\p{L}\p{M}]/gu, '')).toLowerCase())) continue;
          aligned++;
          if (m.initial) count(initials, m.initial, s.initial);
          m.vowels.forEach((vowel, k) => count(vowels, vowel, s.vowels[k]!));
          // a tone is counted on a syllable whose letters were all read right, marks but the tone's too
          if (m.letters !== s.letters) continue;
          count(counts, m.tone, s.tone);
          count(total, m.tone, s.tone);
        }
      }
      if (args.keep) writeFileSync(join(dir, `${condition}.txt`), reads.map((r) => r.join('\n')).join('\n\f\n'));
      console.log(`${condition}: ${pages.length} pages, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  }
  const order = Object.keys(TONES);
  // the counts with their rows and columns in the given order (the tones', by default)
  const sorted = (c: Counts, keys = order) =>
    Object.fromEntries(keys.filter((t) => c[t]).map((t) => [t, Object.fromEntries(keys.filter((r) => c[t]![r]).map((r) => [r, c[t]![r]!]))]));
  const shapes = [...new Set([...Object.keys(vowels), ...Object.values(vowels).flatMap((row) => Object.keys(row))])].sort();
  const table = {
    $comment: [
      'How the Vietnamese model, as the digitiser reads a scan, reads each tone: meant tone → tone read → syllables,',
      'counting syllables whose letters were otherwise read right. Built by lang-data/build-tone-confusions.ts',
      `(npm run lang-data:tones; seed ${seed}, ${args.pages} pages per font and condition): Debian catalogue sentences (held-out ones excepted)`,
      `set in ${FONTS.map((f) => `${f.family}${f.weight === 'bold' ? ' Bold' : ''}`).join(', ')} at ${SIZES.join('/')} pt,`,
      `first lines in capitals, scanned by samples/make-scans.ts as ${Object.keys(CONDITIONS).join(', ')}, read as the digitiser reads running text.`,
      `${words} words set, ${aligned} syllables aligned with their bare letters right.`,
      'initials: the same for a syllable\'s initial d or đ (meant → read); vowels: for each vowel, the shape read (a, ă or â; o, ô or ơ; u or ư; e or ê), over every condition.',
    ],
    tones: TONES,
    counts: sorted(total),
    initials: sorted(initials, ['d', 'đ']),
    vowels: sorted(vowels, shapes),
    conditions: Object.fromEntries(Object.entries(byCondition).map(([c, counts]) => [c, sorted(counts)])),
  };
  writeFileSync(join(here, 'vie-tones.json'), `${JSON.stringify(table, null, 2)}\n`);
  for (const meant of order) {
    const row = total[meant] ?? {};
    const all = Object.values(row).reduce((x, y) => x + y, 0);
    console.log(`${meant.padEnd(6)} ${String(all).padStart(6)}  ${order.filter((r) => r !== meant && row[r]).map((r) => `→${r} ${row[r]}`).join('  ')}`);
  }
  for (const [meant, row] of Object.entries({ ...table.initials, ...table.vowels })) console.log(`${meant.padEnd(6)} ${JSON.stringify(row)}`);
  console.log(`${aligned} of ${words} words, ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

await main();
