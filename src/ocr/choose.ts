import type { Box, Word } from '../model/index.js';
import { union } from './rows.js';

/**
 * Of several readings of the same running text (from the black-and-white image and from the
 * grey one), each stretch of lines taken from the reading the engine is surer of: binarisation
 * loses a small letter's marks on one page and keeps a faint stroke the grey image blurs on
 * another, and which is which changes line by line. Lines of the readings that share a height of
 * the page are one stretch; a reading's weight in it is its letters, each counted by the engine's
 * confidence in its word.
 */
export function bestLines(readings: Word[][][]): Word[][] {
  const placed = readings.flatMap((lines, reading) => lines.filter((w) => w.length > 0).map((words) => ({ reading, words, box: union(words.map((w) => w.box!)) })));
  placed.sort((a, b) => a.box.y - b.box.y);
  const stretches: Array<{ bottom: number; lines: typeof placed }> = [];
  for (const line of placed) {
    const last = stretches.at(-1);
    if (last && overlaps(line.box, last.bottom)) {
      last.lines.push(line);
      last.bottom = Math.max(last.bottom, line.box.y + line.box.height);
    } else stretches.push({ bottom: line.box.y + line.box.height, lines: [line] });
  }
  return stretches.flatMap(({ lines }) => {
    const weight = (reading: number) => lines.filter((l) => l.reading === reading).reduce((sum, l) => sum + l.words.reduce((s, w) => s + [...w.text].length * (w.confidence ?? 0), 0), 0);
    let best = 0;
    for (let reading = 1; reading < readings.length; reading++) if (weight(reading) > weight(best)) best = reading;
    return lines.filter((l) => l.reading === best).map((l) => l.words);
  });
}

/** A line joins the stretch above when at least half of it lies above the stretch's bottom. */
const overlaps = (box: Box, bottom: number) => bottom - box.y >= box.height / 2;
