/**
 * npm run bench:restore: text restoration measured on text its language model never saw (the
 * dispatches of other kinds in samples/other/ and samples/dispatches/, and the translation
 * catalogues build-syllables.ts holds out), damaged two ways: stripped of its diacritics, as some exports do, and read by
 * Tesseract's English model from a rendering in two fonts (Debian's tesseract-ocr-eng, cached in
 * .bench/restore/), and from a 200-dpi office scan of it. Prints, per text and damage, the share of words exactly right (tone marks and
 * case included) and the character error rate, before restoration and after, and the time taken.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { restoreText } from '../src/restore/index.js';
import { unmark } from '../src/lang/fold.js';
import { catalogueTexts, HELD_OUT } from '../lang-data/catalogues.js';
import { random } from '../samples/make-scans.js';
import { readDispatches, transcript } from '../samples/make-dispatches.js';
import { characterErrorRate } from './compare.js';

const DIR = '.bench/restore';
const run = promisify(execFile);

/** The held-out texts: each dispatch of another kind whole, and each held-out catalogue's longer translations. */
function texts(): Array<{ name: string; text: string }> {
  const out = readdirSync('samples/other')
    .filter((f) => f.endsWith('.txt'))
    .map((f) => ({ name: f, text: readFileSync(join('samples/other', f), 'utf8') }));
  // the dispatches bench:dispatches scans, as a typist transcribes them, those not already among samples/other
  for (const d of readDispatches()) if (!existsSync(join('samples/other', `${d.id}.txt`))) out.push({ name: `${d.id}.txt`, text: transcript(d) });
  for (const catalogue of HELD_OUT) {
    const path = ['/usr/share/locale/vi/LC_MESSAGES', '/usr/lib/libreoffice/program/resource/vi/LC_MESSAGES'].map((d) => join(d, catalogue)).find(existsSync);
    if (!path) continue;
    // sentences of several words, without the placeholders and markup of program messages
    const sentences = catalogueTexts(readFileSync(path)).filter((t) => t.split(/\s+/).length >= 6 && !/[%$<>{}\\_&~]|\n/.test(t) && /[^\x00-\x7f]/.test(t));
    out.push({ name: catalogue, text: sentences.slice(0, 120).join('\n') });
  }
  return out;
}

/** Lines of at most 70 characters, for a page one line of text per line of the image. */
const wrapped = (text: string) =>
  text.split('\n').flatMap((line) => {
    const lines = [''];
    for (const word of line.split(/\s+/).filter(Boolean)) lines[lines.length - 1]!.length + word.length > 70 ? lines.push(word) : (lines[lines.length - 1] += `${lines.at(-1) ? ' ' : ''}${word}`);
    return lines;
  });

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The text rendered at 300 dpi, 12 pt, and read back by Tesseract's English model (page
 * segmentation 4); scanned, as an office scanner at 200 dpi gives it: softened, grained, JPEG.
 */
async function englishOcr(text: string, font: string, name: string, scanned = false): Promise<string> {
  const cached = join(DIR, `${name}.${font.replace(/\s/g, '-')}${scanned ? '.scanned' : ''}.txt`);
  if (existsSync(cached)) return readFileSync(cached, 'utf8');
  const lines = wrapped(text);
  const pages: string[] = [];
  for (let start = 0; start < lines.length; start += 50) {
    const page = lines.slice(start, start + 50);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="2480" height="${200 + 66 * page.length}"><rect width="100%" height="100%" fill="white"/>${page
      .map((l, i) => `<text x="150" y="${150 + 66 * i}" font-family="${font}" font-size="50">${escape(l)}</text>`)
      .join('')}</svg>`;
    const image = join(DIR, 'page.png');
    const page300 = sharp(Buffer.from(svg)).greyscale();
    if (scanned) {
      const width = Math.round((2480 * 200) / 300);
      const softened = await page300.resize(width).blur(0.8).raw().toBuffer({ resolveWithObject: true });
      const rnd = random(start + 1);
      const grained = softened.data.map((v) => Math.max(0, Math.min(255, v + (rnd() - 0.5) * 40)));
      await sharp(grained, { raw: softened.info }).jpeg({ quality: 60 }).toBuffer().then((jpeg) => sharp(jpeg).png().toFile(image));
    } else await page300.png().toFile(image);
    pages.push((await run('tesseract', [image, '-', '-l', 'eng', '--psm', '4', '--dpi', scanned ? '200' : '300'], { encoding: 'utf8' })).stdout);
  }
  const read = pages.join('\n');
  writeFileSync(cached, read);
  return read;
}

const words = (text: string) => text.normalize('NFC').split(/\s+/).filter(Boolean);

/** Words of the original matched exactly, after aligning the two word sequences (OCR splits and joins words). */
function wordsRight(original: string[], other: string[]): number {
  let prev = Array.from({ length: other.length + 1 }, (_, j) => ({ cost: j, right: 0 }));
  for (let i = 1; i <= original.length; i++) {
    const curr = [{ cost: i, right: 0 }];
    for (let j = 1; j <= other.length; j++) {
      const same = original[i - 1] === other[j - 1];
      const options = [
        { cost: prev[j - 1]!.cost + (same ? 0 : 1), right: prev[j - 1]!.right + (same ? 1 : 0) },
        { cost: prev[j]!.cost + 1, right: prev[j]!.right },
        { cost: curr[j - 1]!.cost + 1, right: curr[j - 1]!.right },
      ];
      curr.push(options.reduce((a, b) => (b.cost < a.cost || (b.cost === a.cost && b.right > a.right) ? b : a)));
    }
    prev = curr;
  }
  return prev[other.length]!.right;
}

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(`${'text'.padEnd(30)} ${'damage'.padEnd(26)} ${'words'.padStart(6)} ${'right before'.padStart(13)} ${'after'.padStart(7)} ${'CER before'.padStart(11)} ${'after'.padStart(7)} ${'ms'.padStart(6)}`);
  const totals = new Map<string, { words: number; before: number; after: number }>();
  for (const { name, text } of texts()) {
    const damaged: Array<[string, string]> = [['stripped', unmark(text)]];
    for (const font of ['DejaVu Serif', 'Liberation Sans']) damaged.push([`English OCR, ${font}`, await englishOcr(text, font, name)]);
    damaged.push(['English OCR, scanned', await englishOcr(text, 'DejaVu Serif', name, true)]);
    const original = words(text);
    for (const [damage, input] of damaged) {
      const started = performance.now();
      const restored = restoreText(input).text;
      const ms = performance.now() - started;
      const [before, after] = [wordsRight(original, words(input)), wordsRight(original, words(restored))];
      const kind = damage.endsWith('scanned') ? 'English OCR, scanned' : damage.startsWith('English') ? 'English OCR' : damage;
      const total = totals.get(kind) ?? { words: 0, before: 0, after: 0 };
      totals.set(kind, { words: total.words + original.length, before: total.before + before, after: total.after + after });
      console.log(
        `${name.padEnd(30)} ${damage.padEnd(26)} ${String(original.length).padStart(6)} ${percent(before / original.length).padStart(13)} ${percent(after / original.length).padStart(7)} ${percent(characterErrorRate(text, input)).padStart(11)} ${percent(characterErrorRate(text, restored)).padStart(7)} ${ms.toFixed(0).padStart(6)}`,
      );
    }
  }
  console.log('');
  for (const [kind, { words: n, before, after }] of totals) console.log(`${kind.padEnd(30)} ${n} words: ${percent(before / n)} right before, ${percent(after / n)} after`);
}

await main();
