import type { Box, Word } from '../model/index.js';
import { isWords } from '../lang/syllables.js';
import { sharedHeight, sharedWidth, union } from './rows.js';

/**
 * Of several readings of the same running text (from the black-and-white image, the grey one, the
 * grey one enlarged), each stretch of lines taken from the reading the engine is surest of:
 * binarisation loses a small letter's marks on one page and keeps a faint stroke the grey image
 * blurs on another, and which is which changes line by line. Lines of the readings that share a
 * height of the page are one stretch; a reading's weight in it is its letters, each counted by the
 * engine's confidence in its word.
 */
export function bestLines(readings: Word[][][]): Word[][] {
  const placed = readings.flatMap((lines, reading) => lines.filter((w) => w.length > 0).map((words) => ({ reading, words, box: union(words.map((w) => w.box!)) })));
  placed.sort((a, b) => a.box.y - b.box.y);
  const stretches: Array<{ top: number; bottom: number; lines: typeof placed }> = [];
  for (const line of placed) {
    const last = stretches.at(-1);
    if (last && overlaps(line.box, last)) {
      last.lines.push(line);
      last.bottom = Math.max(last.bottom, line.box.y + line.box.height);
    } else stretches.push({ top: line.box.y, bottom: line.box.y + line.box.height, lines: [line] });
  }
  return stretches.flatMap(({ lines }) => {
    const weight = (reading: number) => lines.filter((l) => l.reading === reading).reduce((sum, l) => sum + l.words.reduce((s, w) => s + [...w.text].length * (w.confidence ?? 0), 0), 0);
    let best = 0;
    for (let reading = 1; reading < readings.length; reading++) if (weight(reading) > weight(best)) best = reading;
    const others = lines.filter((l) => l.reading !== best).flatMap((l) => l.words);
    return lines.filter((l) => l.reading === best).map((l) => l.words.map((word) => withReadings(word, others)));
  });
}

/**
 * A word with what the other readings made of the same ink (their words that share most of its
 * width), where one of them differs: a letter's mark one reading lost, another may have kept.
 */
function withReadings(word: Word, others: Word[]): Word {
  const box = word.box!;
  const same = others.filter((o) => o.box && sharedWidth(box, o.box) >= SAME_INK * Math.max(box.width, o.box.width) && sharedHeight(box, o.box) >= SAME_INK * Math.max(box.height, o.box.height));
  // where every reading agrees, there is nothing to choose
  if (same.every((o) => o.text === word.text)) return word;
  return { ...word, alternatives: [...word.alternatives, ...same.map(({ text, confidence }) => ({ text, confidence }))] };
}
/** The share of the wider and of the taller of two words' boxes they must share to be readings of the same ink. */
const SAME_INK = 0.6;

/**
 * A line joins the stretch above when they share at least half the height of the shorter of the
 * two: a reading that ran two lines of both header columns into one tall line shares the stretch
 * of the other reading's lines beside it, however little of it they fill.
 */
const overlaps = (box: Box, stretch: { top: number; bottom: number }) => stretch.bottom - box.y >= Math.min(box.height, stretch.bottom - stretch.top) / 2;

/**
 * What the engine made of a stamp's remains, a pen stroke or a smudge, taken out of a line of
 * running text (on a page of `dpi`): the whole line when the engine was unsure of it all
 * (NOISE_LINE) or when, unsure, it read no words (NOISE_WORDS), or when none of it stands as tall
 * as a small letter (SMALLEST_LETTER), however sure the engine was of the dash, dot or quote it
 * made of a fragment; and otherwise marks it read as punctuation standing alone and was unsure
 * of, save a list's dash opening the line. Print, however faint, is read with more confidence
 * than that, and as words.
 */
export function withoutNoise(words: Word[], dpi: number): Word[] {
  if (Math.max(...words.map((w) => w.box?.height ?? Infinity)) < dpi * SMALLEST_LETTER) return [];
  // a line runs across the page: words standing one above another were read down a stroke or a stamp's ring
  const box = words.every((w) => w.box) ? union(words.map((w) => w.box!)) : null;
  if (box && box.height > UPRIGHT * box.width) return [];
  const letters = words.reduce((sum, w) => sum + [...w.text].length, 0);
  const confidence = words.reduce((sum, w) => sum + [...w.text].length * (w.confidence ?? 0), 0) / letters;
  if (confidence < NOISE_LINE || (confidence < NOISE_WORDS && !isWords(words.map((w) => w.text).join(' ')))) return [];
  const kept = words.filter((w, i) => /[\p{L}\d]/u.test(w.text) || (w.confidence ?? 0) >= NOISE_MARK || (i === 0 && w.text === '-'));
  return kept.map((w, i) => (i === 0 ? { ...w, gap: '' } : w));
}
/** A line taller than this many times its width is none. */
const UPRIGHT = 2;
/** The height (inches) of the least letter of the smallest type a dispatch prints: an x of 8-point type. */
const SMALLEST_LETTER = 0.05;
/** Below this confidence a line of running text is noise, whatever it was read as. */
const NOISE_LINE = 40;
/** Below this, a line is noise unless most of it reads as words. */
const NOISE_WORDS = 60;
/** A mark read as punctuation standing alone, with less confidence than this, is a speck or a stroke. */
const NOISE_MARK = 50;
