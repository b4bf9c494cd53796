/**
 * Reading order across a page's columns of running text. A công văn sets its header in two
 * columns (the issuing body, number and subject on the left; the national motto, place and date
 * on the right) and its foot too ("Nơi nhận:" beside the signature block). An OCR engine reads
 * such a page line across line, so each line it gives holds both columns' words; read so, the
 * number, the date and the subject are torn apart. Here, from the words' boxes: where lines are
 * cut by a wide gap at one place, the left column is read down, then the right.
 */
import { textOf, type Block, type Line, type Word } from '../model/index.js';
import { median } from '../tables/placed.js';
import { sharedHeight, sharedWidth, union } from './rows.js';

/** A gap between words this many times the line's height parts two columns; a justified line's widest gap is about one. */
const GUTTER = 2.5;
/** A gap this many times the line's height parts them too, where it is GUTTER_TO_GAP times the line's other gaps or more. */
const NARROW_GUTTER = 1.5;
const GUTTER_TO_GAP = 4;

/** A step down from one line to the next this many times the column's usual step is a paragraph's space. */
const PARAGRAPH = 1.4;

const top = (line: Line) => Math.min(...line.words.filter((w) => w.box).map((w) => w.box!.y));

/** The usual step from a line to the next in a run's columns: the median of its columns' steps. */
function pitch(lines: Line[]): number {
  const steps = lines.slice(1).map((line, i) => top(line) - top(lines[i]!)).filter((step) => step > 0);
  return steps.length === 0 ? Number.POSITIVE_INFINITY : median(steps);
}

/** A line cut in two at a column gap: its left words, its right words, and where the gap is. */
interface Parted {
  left: Word[];
  right: Word[];
  from: number;
  to: number;
  /** Parted by a gap narrower than GUTTER that stands out among the line's others. */
  narrow: boolean;
}

const right = (w: Word) => w.box!.x + w.box!.width;

/** Where a line's widest gap parts it, if that gap is a gutter's width. */
function parted(line: Line): Parted | null {
  const words = line.words.filter((w) => w.box && w.text !== '');
  if (words.length < 2) return null;
  const heights = words.map((w) => w.box!.height);
  const gaps = words.slice(1).map((w, i) => w.box!.x - right(words[i]!));
  const widest = Math.max(...gaps);
  const best = gaps.indexOf(widest) + 1;
  // a blurred photo's words are read in boxes as tall as their blur: there, a gutter is known by
  // how far it stands above the line's other gaps, and the line's height is most words' (marks
  // above and below make a few taller)
  const others = gaps.filter((_, i) => i !== best - 1);
  const narrow = widest < GUTTER * Math.max(...heights);
  if (narrow && !(others.length > 0 && widest >= NARROW_GUTTER * median(heights) && widest >= GUTTER_TO_GAP * median(others))) return null;
  return { left: words.slice(0, best), right: words.slice(best), from: right(words[best - 1]!), to: words[best]!.box!.x, narrow };
}

/** A line of some of a line's words: the first of them loses the space before it. */
const lineOfWords = (line: Line, words: Word[]): Line => {
  const placed = words.map((w, i) => (i === 0 ? { ...w, gap: '' } : w));
  return { ...line, text: textOf(placed), words: placed };
};

/**
 * The page's text blocks with every run of two-column lines read column by column. A run is the
 * lines cut at gaps that overlap one another (a gutter down the page), with the lines between and
 * after them that lie wholly on one side of it ("(Đã ký)" under the title, the signer's name).
 * Table blocks are left as they are.
 */
export function inReadingOrder(blocks: Block[]): Block[] {
  // text read in pieces (a band cut where a blank strip crosses it) is one text for its columns
  const joined: Block[] = [];
  for (const block of blocks) {
    const last = joined.at(-1);
    if (block.kind === 'text' && last?.kind === 'text') joined[joined.length - 1] = { ...last, lines: [...last.lines, ...block.lines] };
    else joined.push(block);
  }
  return joined.map((block) => (block.kind === 'text' ? { ...block, lines: reordered(block.lines) } : block));
}

/**
 * Lines the engine read apart side by side, at one height (a foot's "Nơi nhận:" beside the
 * signer's title), as one line whose gap between them is the gutter; each with the lines it was made of.
 */
function sideBySide(lines: Line[]): Array<{ line: Line; parts: Line[] }> {
  const rows: Array<{ line: Line; parts: Line[] }> = [];
  const span = (line: Line) => (line.words.some((w) => w.box) ? union(line.words.flatMap((w) => (w.box ? [w.box] : []))) : null);
  for (const line of lines) {
    const row = rows.at(-1);
    const [a, b] = [row && span(row.line), span(line)];
    if (row && row.parts.length === 1 && a && b && sharedHeight(a, b) >= Math.min(a.height, b.height) / 2 && sharedWidth(a, b) <= 0) {
      const parts = b.x > a.x ? [row.line, line] : [line, row.line];
      rows[rows.length - 1] = { line: lineOfWords(parts[0]!, parts.flatMap((p) => p.words)), parts };
    } else rows.push({ line, parts: [line] });
  }
  return rows;
}

function reordered(read: Line[]): Line[] {
  const rows = sideBySide(read);
  const lines = rows.map((r) => r.line);
  const out: Line[] = [];
  for (let i = 0; i < lines.length; ) {
    const first = parted(lines[i]!);
    if (!first) {
      out.push(...rows[i++]!.parts);
      continue;
    }
    let [from, to] = [first.from, first.to];
    const left: Line[] = [lineOfWords(lines[i]!, first.left)];
    const rightColumn: Line[] = [lineOfWords(lines[i]!, first.right)];
    let end = i + 1;
    let cuts = 1;
    for (; end < lines.length; end++) {
      const line = lines[end]!;
      const cut = parted(line);
      if (cut && cut.from < to && cut.to > from) {
        // lines read apart side by side leave a gap as wide as the space between their texts (a
        // signature's centred "(Đã ký)" beside a long recipient): only a line read across the gutter measures it
        if (rows[end]!.parts.length === 1) [from, to] = [Math.max(from, cut.from), Math.min(to, cut.to)];
        left.push(lineOfWords(line, cut.left));
        rightColumn.push(lineOfWords(line, cut.right));
        cuts++;
        continue;
      }
      // a line wholly on one side of the gutter goes on down its column, unless a paragraph's
      // space parts it from both columns' last lines ("Kính gửi:" under the subject): beside the
      // other column's lines it is the run's, however far below its own column's ("Số: …" under the
      // rule beneath the issuing body, level with the date); one across the gutter ends the run.
      // Lines read side by side but not cut at the gutter (a line, and a stamp's remains beside it) go each its way.
      const below = PARAGRAPH * pitch([...left, ...rightColumn]) + Math.max(top(left.at(-1)!), top(rightColumn.at(-1)!));
      const parts = rows[end]!.parts.filter((part) => part.words.some((w) => w.box && w.text !== ''));
      const column = (part: Line) => {
        const words = part.words.filter((w) => w.box && w.text !== '');
        if (top(part) > below) return null;
        return words.every((w) => right(w) <= to) ? left : words.every((w) => w.box!.x >= from) ? rightColumn : null;
      };
      let placed = 0;
      for (const part of parts) {
        const into = column(part);
        if (!into) break;
        into.push(part);
        placed++;
      }
      if (placed < parts.length) {
        // what is left of the row is read after the run
        if (placed > 0) [lines[end], rows[end]] = [parts[placed]!, { line: parts[placed]!, parts: parts.slice(placed) }];
        break;
      }
    }
    // a single line cut in two may be a line of text spaced out, not two columns; one cut by a
    // narrow gap, a line whose words a stamp or a stroke took out, unless the next is cut there
    // too, or it opens the page and lines under it stand wholly in each column (a header's first
    // line set close to the motto)
    const header = i === 0 && Math.min(left.length, rightColumn.length) >= 2;
    if (left.length + rightColumn.length < 3 || (first.narrow && cuts < 2 && !header)) {
      out.push(...rows[i++]!.parts);
      continue;
    }
    out.push(...left, ...rightColumn);
    i = end;
  }
  return out;
}
