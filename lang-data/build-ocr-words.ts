/**
 * Measures how Tesseract's English model reads each common Vietnamese syllable as a whole word,
 * and writes ocr-words.json: for each reading, the syllables it was read from, and how often.
 * Character confusions (confusions.json) miss what a model does to a letter as a whole: ư read
 * "tr", "ti" or "w", ơ read "d" or "o'"; a syllable's readings keep those, so text restoration
 * takes "rtra" for rửa where no letter-for-letter match leads.
 *
 * The syllables the language model counts most (syllables.json) are set in lines of eight, in a
 * seeded order, in fonts other than those test/bench-restore.ts reads its held-out texts in
 * (DejaVu Serif, Liberation Sans), rendered at 300 dpi and read with `tesseract -l eng --psm 6`;
 * a line read as as many words as it has syllables pairs them off, word for word.
 * A build-time tool: it needs the `tesseract` command with Debian's tesseract-ocr-eng model.
 *
 *   npm run lang-data:ocr-words [-- --syllables 4000 --jobs 2]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import sharp from 'sharp';
import { random } from '../samples/make-scans.js';
import { nfc } from '../src/lang/fold.js';
import { NUMBER } from '../src/lang/syllables.js';

const here = dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);

const FONTS = ['Liberation Serif', 'DejaVu Sans', 'DejaVu Sans Condensed', 'DejaVu Serif Condensed'];
const PER_LINE = 8;
const LINES_PER_PAGE = 40;
/** Each syllable is set this many times in each font, in different company. */
const TIMES = 2;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { syllables: { type: 'string', default: '4000' }, jobs: { type: 'string', default: '2' } } });
  const { unigrams } = JSON.parse(readFileSync(join(here, 'syllables.json'), 'utf8')) as { unigrams: Record<string, number> };
  const common = Object.entries(unigrams)
    .filter(([s]) => s !== NUMBER)
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(values.syllables))
    .map(([s]) => s);
  const rnd = random(1);
  const pages: Array<{ font: string; lines: string[][] }> = [];
  for (const font of FONTS) {
    const order = Array.from({ length: TIMES }, () => [...common].sort(() => rnd() - 0.5)).flat();
    const lines: string[][] = [];
    for (let i = 0; i < order.length; i += PER_LINE) lines.push(order.slice(i, i + PER_LINE));
    for (let i = 0; i < lines.length; i += LINES_PER_PAGE) pages.push({ font, lines: lines.slice(i, i + LINES_PER_PAGE) });
  }
  const dir = mkdtempSync(join(tmpdir(), 'ocr-words-'));
  const readings = new Map<string, Map<string, number>>();
  let paired = 0;
  let lines = 0;
  let next = 0;
  const worker = async () => {
    while (next < pages.length) {
      const index = next++;
      const { font, lines: page } = pages[index]!;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="2480" height="${200 + 66 * page.length}"><rect width="100%" height="100%" fill="white"/>${page
        .map((l, i) => `<text x="150" y="${150 + 66 * i}" font-family="${font}" font-size="50">${l.join(' ')}</text>`)
        .join('')}</svg>`;
      const image = join(dir, `${index}.png`);
      await sharp(Buffer.from(svg)).greyscale().png().toFile(image);
      const { stdout } = await run('tesseract', [image, '-', '-l', 'eng', '--psm', '6', '--dpi', '300'], { encoding: 'utf8', env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
      const read = stdout.split('\n').filter((l) => l.trim() !== '');
      lines += page.length;
      // lines are read in order; one the model split or joined, or lost, is left out
      if (read.length !== page.length) continue;
      page.forEach((syllables, i) => {
        const words = nfc(read[i]!).trim().split(/\s+/);
        if (words.length !== syllables.length) return;
        paired++;
        syllables.forEach((truth, k) => {
          const seen = words[k]!.toLowerCase();
          const row = readings.get(seen) ?? new Map<string, number>();
          readings.set(seen, row.set(truth, (row.get(truth) ?? 0) + 1));
        });
      });
    }
  };
  await Promise.all(Array.from({ length: Number(values.jobs) }, worker));
  rmSync(dir, { recursive: true, force: true });
  const sorted = Object.fromEntries(
    [...readings].sort(([a], [b]) => (a < b ? -1 : 1)).map(([seen, row]) => [seen, Object.fromEntries([...row].sort((a, b) => b[1] - a[1]))]),
  );
  const out = {
    $comment: [
      'Built by lang-data/build-ocr-words.ts (npm run lang-data:ocr-words); do not edit by hand.',
      `readings: a word as Tesseract's English model read it (lower case, NFC) → the syllables it was read from → times. The ${common.length} commonest syllables of syllables.json, ${TIMES} times each in ${FONTS.join(', ')}, 12 pt at 300 dpi, lines of ${PER_LINE}, --psm 6; ${paired} of ${lines} lines read word for word.`,
    ],
    readings: sorted,
  };
  writeFileSync(join(here, 'ocr-words.json'), JSON.stringify(out) + '\n');
  console.log(`ocr-words.json: ${readings.size} readings of ${common.length} syllables; ${paired} of ${lines} lines read word for word`);
}

await main();
