import sharp from 'sharp';
import type { PreparedPage } from '../preprocess/index.js';
import type { PageLayout, TableGrid } from '../layout/index.js';
import { inReadingOrder } from './columns.js';
import { bestLines, withoutNoise } from './choose.js';
import { nfc } from '../lang/fold.js';
import { cellsOf, cellText, type Block, type Box, type CellReading, type Line, type Page, type Word } from '../model/index.js';
import type { OcrBox, OcrLine, OcrPool, OcrRequest } from './pool.js';
import { bodyRows, cellBox, isHeader, lineOf, onPage, rowLine, union } from './rows.js';

export { OcrPool } from './pool.js';

/** Space between cells stacked into one image: enough that the engine never joins two cells' lines. */
const GAP = 40;
const PAD = 16;
const FIGURE_CHARACTERS = '0123456789.,%';
/** The tallest image the engine is given, in inches of the page (before any enlargement). */
const STACK_INCHES = 3;
/**
 * The tallest piece of running text the engine is given: its memory grows with the text of the
 * largest image it reads, for good, and a page's width of text is much more than a column's.
 */
const TEXT_INCHES = 1;

interface Rendering {
  /** The black-and-white image, or the straightened grey one (which keeps strokes binarisation thins). */
  from: 'ink' | 'grey';
  scale: number;
}

const INK: Rendering = { from: 'ink', scale: 1 };
const INK_2: Rendering = { from: 'ink', scale: 2 };
const GREY: Rendering = { from: 'grey', scale: 1 };
const GREY_LARGER: Rendering = { from: 'grey', scale: 1.5 };
/** Doubtful cells are few: they are read every other way, so the readings can outvote a misreading. */
const REREADINGS: Rendering[] = [
  { from: 'grey', scale: 2 },
  GREY_LARGER,
  { from: 'ink', scale: 1 },
  { from: 'ink', scale: 3 },
];

/** A cell's reading, with the words it was read as, placed on the page. */
interface CellRead extends CellReading {
  words: Word[];
  /** The cell holds ink, whether or not the engine read any of it. */
  inked: boolean;
}

/**
 * Reads a page into blocks of the document model: the running text between tables as text,
 * each ruled table cell by cell, a line a row with its cells tab-separated ("no⇥name⇥figure…").
 * A table's cells are read a column at a time, stacked a few inches at a time into one image, so
 * a page costs a few dozen engine calls rather than one per cell: numeric columns with only
 * digits allowed, the names as Vietnamese text. Every word keeps its box on the page, and a
 * table's words the cell they were read in.
 */
export async function readPage(page: PreparedPage, layout: PageLayout, pool: OcrPool): Promise<Block[]> {
  const pieces: Array<{ top: number; blocks: Promise<Block[]> }> = [];
  for (const band of layout.text) {
    if (!hasInk(page, { x: 0, y: band.top, width: page.width, height: band.bottom - band.top })) continue;
    pieces.push({ top: band.top, blocks: readText(page, band, pool) });
  }
  for (const table of layout.tables) pieces.push({ top: table.rows[0]!, blocks: readTable(page, table, pool).then((lines) => [{ kind: 'table', lines, open: table.open }]) });
  pieces.sort((a, b) => a.top - b.top);
  return inReadingOrder((await Promise.all(pieces.map((p) => p.blocks))).flat());
}

/**
 * Running text is read twice, each stretch of lines kept from the surer reading (see bestLines),
 * black and white and grey; a page scanned at a low resolution and enlarged, a third time from the
 * grey image half as large again, at which the engine reads a blurred photo's small letters better
 * (a 70-dpi photo's letters were a few pixels tall).
 */
const textRenderings = (page: PreparedPage) => (page.scannedDpi < page.dpi ? [INK, GREY, GREY_LARGER] : [INK, GREY]);

/**
 * Reads running text in pieces cut where a blank strip crosses the page, each about an
 * inch tall: the pieces go to the workers side by side, and no worker is given a whole page.
 */
async function readText(page: PreparedPage, band: { top: number; bottom: number }, pool: OcrPool): Promise<Block[]> {
  const pieces = cutAtBlankRows(page, Math.floor(band.top), Math.ceil(band.bottom));
  return Promise.all(
    pieces.map(async ({ top, bottom }): Promise<Block> => {
      const box = { x: 0, y: top, width: page.width, height: bottom - top };
      const readings = await Promise.all(textRenderings(page).map(async (rendering) => (await recognize(page, [box], pool, { mode: 'auto' }, rendering))[0]!));
      const missed = unread(page, top, bottom, readings.flat(2));
      const found = missed.length > 0 ? (await recognize(page, missed, pool, { mode: 'block' }, INK)).flat() : [];
      const placed = [...bestLines(readings), ...found]
        .map((words) => withoutNoise(words, page.dpi))
        .filter((words) => words.length > 0)
        .map((words) => ({ words, box: union(words.map((w) => w.box!)) }));
      placed.sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
      return { kind: 'text', lines: placed.map(({ words }) => lineOf(page, words)) };
    }),
  );
}
/**
 * Strips of a piece of running text holding ink that no line read covers: the engine's page
 * layout can leave out lines of small type beside a stroke or a stamp's remains, taking them all
 * for a picture. Each is read again as a plain block of text.
 */
function unread(page: PreparedPage, top: number, bottom: number, words: Word[]): OcrBox[] {
  const covered = new Uint8Array(bottom - top);
  const margin = Math.round(page.dpi * COVER_MARGIN);
  for (const w of words) for (let y = Math.max(top, w.box!.y - margin); y < Math.min(bottom, w.box!.y + w.box!.height + margin); y++) covered[y - top] = 1;
  const strips: OcrBox[] = [];
  const gap = Math.round(page.dpi * STRIP_GAP);
  let start = -1;
  let last = -1;
  const close = () => {
    if (start >= 0 && last - start + 1 >= page.dpi * STRIP_HEIGHT) strips.push({ x: 0, y: start, width: page.width, height: last - start + 1 });
    start = -1;
  };
  for (let y = top; y < bottom; y++) {
    if (covered[y - top] || !inkedRow(page, y)) continue;
    if (start >= 0 && y - last > gap) close();
    if (start < 0) start = y;
    last = y;
  }
  close();
  return strips.filter((strip) => hasInk(page, strip));
}
/** How far around a line read its letters' marks may reach (inches): accents above, a descender below. */
const COVER_MARGIN = 0.03;
/** Rows of ink this close (inches) are one strip. */
const STRIP_GAP = 0.03;
/** A strip lower than this (inches) is no line of type, even of the smallest a dispatch uses. */
const STRIP_HEIGHT = 0.08;

/** A row holds ink: more than a speck's worth of pixels. */
function inkedRow(page: PreparedPage, y: number): boolean {
  let count = 0;
  for (let x = 0, at = y * page.width; x < page.width; x++) if (page.ink[at + x] && ++count > 2) return true;
  return false;
}

function cutAtBlankRows(page: PreparedPage, top: number, bottom: number): Array<{ top: number; bottom: number }> {
  const blank = (y: number) => {
    for (let x = 0, at = y * page.width; x < page.width; x++) if (page.ink[at + x]) return false;
    return true;
  };
  const pieces: Array<{ top: number; bottom: number }> = [];
  const most = page.dpi * TEXT_INCHES;
  let start = top;
  let lastBlank = -1;
  for (let y = top; y < bottom; y++) {
    if (blank(y)) lastBlank = y;
    if (y - start >= most && lastBlank > start) {
      pieces.push({ top: start, bottom: lastBlank });
      start = lastBlank;
    }
  }
  pieces.push({ top: start, bottom });
  return pieces.filter((p) => hasInk(page, { x: 0, y: p.top, width: page.width, height: p.bottom - p.top }));
}

async function readTable(page: PreparedPage, table: TableGrid, pool: OcrPool): Promise<Line[]> {
  const cell = (row: number, column: number) => cellBox(table, row, column);
  const rowCount = table.rows.length - 1;
  const columnCount = table.columns.length - 1;
  const all = Array.from({ length: rowCount }, (_, r) => r);
  const [numbers, names] = await Promise.all([
    readColumn(page, all.map((r) => cell(r, 0)), pool, { mode: 'block', whitelist: '0123456789' }),
    readColumn(page, all.map((r) => cell(r, 1)), pool, { mode: 'block' }),
  ]);
  const body = bodyRows(numbers.map((n) => n.text), names.map((n) => n.text), table.open);
  // each figure column is read twice, from the grey image (which keeps decimal points) and from the
  // black-and-white one (which keeps some strokes the grey loses); where they disagree, the row's
  // arithmetic and ranking choose
  const figureColumns = Array.from({ length: columnCount - 2 }, (_, k) => body.map((r) => cell(r, k + 2)));
  const figureRequest = { mode: 'block', whitelist: FIGURE_CHARACTERS } as const;
  const [figures, seconds] = await Promise.all([
    Promise.all(figureColumns.map((cells) => readColumn(page, cells, pool, figureRequest, GREY))),
    Promise.all(figureColumns.map((cells) => readColumn(page, cells, pool, figureRequest, INK_2))),
  ]);
  const inCell = (words: Word[], box: OcrBox) => words.map((w) => ({ ...w, cell: onPage(page, box) }));
  return all.map((r) => {
    const at = body.indexOf(r);
    if (at < 0) return rowLine(page, [[], inCell(names[r]!.words, cell(r, 1))]);
    const figureWords = figures.map((column, k) => {
      const box = cell(r, k + 2);
      const readings = [column[at]!, seconds[k]![at]!].filter((reading) => reading.text !== '');
      if (readings.length === 0 && !column[at]!.inked) return [];
      // a figure cell is one word, however the engine spaced it: its readings are of the whole cell
      const [first, ...others] = readings;
      const placed = (first?.words ?? []).map((w) => w.box!);
      const word: Word = {
        text: first?.text ?? '',
        gap: ' ',
        confidence: first?.confidence ?? null,
        alternatives: others.map(({ text, confidence }) => ({ text, confidence })),
        box: placed.length > 0 ? union(placed) : null,
        cell: onPage(page, box),
      };
      return [word];
    });
    return rowLine(page, [inCell(numbers[r]!.words, cell(r, 0)), inCell(names[r]!.words, cell(r, 1)), ...figureWords]);
  });
}

/**
 * Joins each table row a page break cut in two: the first body row of a page's first table,
 * when it has no number of its own and the break left it or the row before it open, is the end
 * of the previous page's last row, and its words go into that row's cells, column by column.
 */
export function joinSplitRows(pages: Page[]): Page[] {
  const joined = pages.map((page) => ({ ...page, blocks: page.blocks.map((block) => ({ ...block, lines: [...block.lines] })) }));
  joined.forEach((page, i) => {
    const before = joined[i - 1]?.blocks.findLast((b) => b.kind === 'table');
    const table = page.blocks.find((b) => b.kind === 'table');
    const row = table?.lines.findIndex((line) => !isHeader(cellText(cellsOf(line)[1] ?? [])));
    if (!before || !table || row === undefined || row < 0 || !(before.open?.bottom || table.open?.top)) return;
    const end = cellsOf(table.lines[row]!);
    if (end[0]!.length > 0) return;
    const start = cellsOf(before.lines.at(-1)!);
    const cells = Array.from({ length: Math.max(start.length, end.length) }, (_, k) => [...(start[k] ?? []), ...(end[k] ?? [])]);
    before.lines[before.lines.length - 1] = rowLine(before.lines.at(-1)!, cells);
    table.lines.splice(row, 1);
  });
  return joined.map((page) => ({ ...page, blocks: page.blocks.filter((b) => b.lines.length > 0) }));
}

/**
 * Reads the given cells of a page again in every other rendering (grey and black-and-white, at
 * several sizes): the further readings a doubtful figure gets to choose from.
 */
export async function readCellsAgain(page: PreparedPage, boxes: Box[], pool: OcrPool): Promise<CellReading[][]> {
  const request = { mode: 'block', whitelist: FIGURE_CHARACTERS } as const;
  const readings = await Promise.all(REREADINGS.map((rendering) => readColumn(page, boxes, pool, request, rendering)));
  return boxes.map((_, i) => readings.map((r) => ({ text: r[i]!.text, confidence: r[i]!.confidence })).filter((reading) => reading.text !== ''));
}

/**
 * Reads a column's cells stacked into one image and gives each cell back the lines that fall
 * inside it: a name wrapped over two lines comes back as one.
 */
async function readColumn(
  page: PreparedPage,
  cells: OcrBox[],
  pool: OcrPool,
  request: Omit<OcrRequest, 'image' | 'dpi'>,
  rendering: Rendering = INK,
): Promise<CellRead[]> {
  const inked = cells.map((cell) => hasInk(page, cell));
  const results: CellRead[] = cells.map((_, i) => ({ text: '', confidence: null, words: [], inked: inked[i]! }));
  // stacks are kept short: the engine's memory grows with the largest image it is given, for good
  const stacks: number[][] = [];
  let height = Infinity;
  for (const i of cells.keys()) {
    if (!inked[i]) continue;
    if (height + cells[i]!.height + GAP > page.dpi * STACK_INCHES) {
      stacks.push([]);
      height = 0;
    }
    stacks.at(-1)!.push(i);
    height += cells[i]!.height + GAP;
  }
  await Promise.all(
    stacks.map(async (stack) => {
      const read = await recognize(page, stack.map((i) => cells[i]!), pool, request, rendering);
      stack.forEach((i, k) => {
        const words = read[k]!.flat().map((w, j) => ({ ...w, gap: j === 0 ? '' : ' ' }));
        if (words.length > 0) results[i] = { text: cellText(words), confidence: Math.round(words.reduce((sum, w) => sum + w.confidence!, 0) / words.length), words, inked: true };
      });
    }),
  );
  return results;
}

/**
 * Regions of a page stacked into one image and read at once: each region gets back the lines
 * that fall inside it, as words with their boxes put back on the page.
 */
async function recognize(page: PreparedPage, regions: OcrBox[], pool: OcrPool, request: Omit<OcrRequest, 'image' | 'dpi'>, rendering: Rendering): Promise<Word[][][]> {
  const offsets: number[] = [];
  let y = PAD;
  for (const region of regions) {
    offsets.push(y);
    y += region.height + GAP;
  }
  const { scale } = rendering;
  const lines = await pool.recognize({ ...request, dpi: page.dpi * scale, image: await png(page, regions, rendering) });
  const owner = (line: OcrLine) => {
    const middle = (line.box.y + line.box.height / 2) / scale;
    let best = 0;
    for (let i = 0; i < offsets.length; i++) if (offsets[i]! - GAP / 2 <= middle) best = i;
    return best;
  };
  const toPage = (b: OcrBox, i: number): Box => onPage(page, { x: b.x / scale - PAD + regions[i]!.x, y: b.y / scale - offsets[i]! + regions[i]!.y, width: b.width / scale, height: b.height / scale });
  const byRegion = regions.map(() => [] as Word[][]);
  for (const line of lines) {
    const i = owner(line);
    const words = line.words.map((w, j): Word => ({ text: nfc(w.text), gap: j === 0 ? '' : ' ', confidence: w.confidence, alternatives: [], box: toPage(w.box, i), cell: null }));
    byRegion[i]!.push(words);
  }
  return byRegion;
}

/** A region holds ink when more than a speck of it is dark. */
function hasInk(page: PreparedPage, box: OcrBox): boolean {
  let count = 0;
  const needed = Math.max(12, (page.dpi / 100) ** 2 * 6);
  for (let y = Math.max(0, box.y); y < Math.min(page.height, box.y + box.height); y++)
    for (let x = Math.max(0, box.x); x < Math.min(page.width, box.x + box.width); x++) if (page.ink[y * page.width + x] && ++count >= needed) return true;
  return false;
}

/** The given regions of the page, stacked top to bottom on white, as PNG. */
async function png(page: PreparedPage, boxes: OcrBox[], { from, scale }: Rendering): Promise<Buffer> {
  const width = Math.max(...boxes.map((b) => b.width)) + 2 * PAD;
  const height = boxes.reduce((sum, b) => sum + b.height + GAP, 2 * PAD);
  const pixels = new Uint8Array(width * height).fill(255);
  let top = PAD;
  for (const b of boxes) {
    for (let y = 0; y < b.height; y++) {
      const source = b.y + y;
      if (source < 0 || source >= page.height) continue;
      for (let x = 0; x < b.width; x++) {
        const sx = b.x + x;
        if (sx < 0 || sx >= page.width) continue;
        const at = source * page.width + sx;
        pixels[(top + y) * width + PAD + x] = from === 'grey' ? page.grey[at]! : page.ink[at] ? 0 : 255;
      }
    }
    top += b.height + GAP;
  }
  const image = sharp(pixels, { raw: { width, height, channels: 1 } });
  return (scale !== 1 ? image.resize(Math.round(width * scale)) : image).png({ compressionLevel: 1 }).toBuffer();
}
