import sharp from 'sharp';
import type { PreparedPage } from '../preprocess/index.js';
import type { PageLayout, TableGrid } from '../layout/index.js';
import { comparisonForm } from '../lang/fold.js';
import type { CellSource } from '../record/schema.js';
import type { OcrLine, OcrPool, OcrRequest } from './pool.js';
import type { CellReading, ScanLine } from '../model/index.js';

export { OcrPool } from './pool.js';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Space between cells stacked into one image: enough that the engine never joins two cells' lines. */
const GAP = 40;
const PAD = 16;
const FIGURE_CHARACTERS = '0123456789.,%';
/** The tallest image the engine is given, in inches of the page (before any enlargement). */
const STACK_INCHES = 3;

interface Rendering {
  /** The black-and-white image, or the straightened grey one (which keeps strokes binarisation thins). */
  from: 'ink' | 'grey';
  scale: number;
}

const INK: Rendering = { from: 'ink', scale: 1 };
const INK_2: Rendering = { from: 'ink', scale: 2 };
const GREY: Rendering = { from: 'grey', scale: 1 };
/** Doubtful cells are few: they are read every other way, so the readings can outvote a misreading. */
const REREADINGS: Rendering[] = [
  { from: 'grey', scale: 2 },
  { from: 'grey', scale: 1.5 },
  { from: 'ink', scale: 1 },
  { from: 'ink', scale: 3 },
];

/**
 * Reads a page: the running text between tables as text, and each ruled table cell by cell, as
 * tab-separated rows ("no⇥name⇥figure…", the layout the text path reads best). A table's cells
 * are read a column at a time, stacked a few inches at a time into one image, so a page costs a few
 * dozen engine calls rather than one per cell: numeric columns with only digits allowed, the names
 * as Vietnamese text.
 */
export async function readPage(page: PreparedPage, layout: PageLayout, pool: OcrPool): Promise<ScanLine[]> {
  const pieces: Array<{ top: number; lines: Promise<ScanLine[]> }> = [];
  for (const band of layout.text) {
    if (!hasInk(page, { x: 0, y: band.top, width: page.width, height: band.bottom - band.top })) continue;
    pieces.push({ top: band.top, lines: readText(page, band, pool) });
  }
  for (const table of layout.tables) pieces.push({ top: table.rows[0]!, lines: readTable(page, table, pool) });
  pieces.sort((a, b) => a.top - b.top);
  return (await Promise.all(pieces.map((p) => p.lines))).flat();
}

/**
 * Reads running text in pieces cut where a blank strip crosses the page, each at most a few
 * inches tall: the pieces go to the workers side by side, and no worker is given a whole page.
 */
async function readText(page: PreparedPage, band: { top: number; bottom: number }, pool: OcrPool): Promise<ScanLine[]> {
  const pieces = cutAtBlankRows(page, Math.floor(band.top), Math.ceil(band.bottom));
  const read = await Promise.all(
    pieces.map(async ({ top, bottom }) => {
      const lines = await pool.recognize({ image: await png(page, [{ x: 0, y: top, width: page.width, height: bottom - top }], INK), mode: 'auto', dpi: page.dpi });
      return [...lines].sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x).map((l) => ({ text: l.text }));
    }),
  );
  return read.flat();
}

function cutAtBlankRows(page: PreparedPage, top: number, bottom: number): Array<{ top: number; bottom: number }> {
  const blank = (y: number) => {
    for (let x = 0, at = y * page.width; x < page.width; x++) if (page.ink[at + x]) return false;
    return true;
  };
  const pieces: Array<{ top: number; bottom: number }> = [];
  const most = page.dpi * STACK_INCHES;
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

async function readTable(page: PreparedPage, table: TableGrid, pool: OcrPool): Promise<ScanLine[]> {
  const inset = table.rule + 2;
  const cell = (row: number, column: number): Box => {
    const x = table.columns[column]! + inset;
    const y = Math.round(table.rows[row]!) + inset;
    return { x, y, width: Math.max(1, table.columns[column + 1]! - inset - x), height: Math.max(1, Math.round(table.rows[row + 1]!) - inset - y) };
  };
  const rowCount = table.rows.length - 1;
  const columnCount = table.columns.length - 1;
  const all = Array.from({ length: rowCount }, (_, r) => r);
  const [numbers, names] = await Promise.all([
    readColumn(page, all.map((r) => cell(r, 0)), pool, { mode: 'block', whitelist: '0123456789' }),
    readColumn(page, all.map((r) => cell(r, 1)), pool, { mode: 'block' }),
  ]);
  // header rows name the columns ("Tên cơ quan, đơn vị"); the first row is one too when its number cell holds no number
  const body = all.filter((r) => !isHeader(names[r]!.text) && (/^\d{1,3}$/.test(numbers[r]!.text) || r > 0));
  // each figure column is read twice, from the grey image (which keeps decimal points) and from the
  // black-and-white one (which keeps some strokes the grey loses); where they disagree, the row's
  // arithmetic and ranking choose
  const figureColumns = Array.from({ length: columnCount - 2 }, (_, k) => body.map((r) => cell(r, k + 2)));
  const figureRequest = { mode: 'block', whitelist: FIGURE_CHARACTERS } as const;
  const [figures, seconds] = await Promise.all([
    Promise.all(figureColumns.map((cells) => readColumn(page, cells, pool, figureRequest, GREY))),
    Promise.all(figureColumns.map((cells) => readColumn(page, cells, pool, figureRequest, INK_2))),
  ]);
  return all.map((r) => {
    const at = body.indexOf(r);
    if (at < 0) return { text: `\t${names[r]!.text}` };
    const cells = [numbers[r]!, names[r]!, ...figures.map((column) => column[at]!)];
    return {
      text: cells.map((c) => c.text).join('\t'),
      cells: cells.map((c, k) => ({ page: page.page, box: boxOf(cell(r, k)), confidence: c.confidence })),
      readings: [[], [], ...figures.map((column, k) => [column[at]!, seconds[k]![at]!].filter((reading) => reading.text !== ''))],
    };
  });
}

/**
 * Reads the given cells of a page again in every other rendering (grey and black-and-white, at
 * several sizes): the further readings a doubtful figure gets to choose from.
 */
export async function readCellsAgain(page: PreparedPage, boxes: CellSource['box'][], pool: OcrPool): Promise<CellReading[][]> {
  const cells = boxes.map(([x, y, width, height]) => ({ x, y, width, height }));
  const request = { mode: 'block', whitelist: FIGURE_CHARACTERS } as const;
  const readings = await Promise.all(REREADINGS.map((rendering) => readColumn(page, cells, pool, request, rendering)));
  return cells.map((_, i) => readings.map((r) => r[i]!).filter((reading) => reading.text !== ''));
}

const HEADER_WORDS = ['ten co quan', 'ten don vi', 'don vi'];

function isHeader(name: string): boolean {
  const form = comparisonForm(name);
  return HEADER_WORDS.some((w) => form.includes(w));
}

const boxOf = (b: Box): CellSource['box'] => [b.x, b.y, b.width, b.height];

/**
 * Reads a column's cells stacked into one image and gives each cell back the lines that fall
 * inside it: a name wrapped over two lines comes back as one.
 */
async function readColumn(
  page: PreparedPage,
  cells: Box[],
  pool: OcrPool,
  request: Omit<OcrRequest, 'image' | 'dpi'>,
  rendering: Rendering = INK,
): Promise<CellReading[]> {
  const results: CellReading[] = cells.map(() => ({ text: '', confidence: null }));
  const inked = cells.flatMap((cell, i) => (hasInk(page, cell) ? [i] : []));
  // stacks are kept short: the engine's memory grows with the largest image it is given, for good
  const stacks: number[][] = [];
  let height = Infinity;
  for (const i of inked) {
    if (height + cells[i]!.height + GAP > page.dpi * STACK_INCHES) {
      stacks.push([]);
      height = 0;
    }
    stacks.at(-1)!.push(i);
    height += cells[i]!.height + GAP;
  }
  await Promise.all(stacks.map((stack) => readStack(page, stack.map((i) => cells[i]!), pool, request, rendering).then((read) => stack.forEach((i, k) => (results[i] = read[k]!)))));
  return results;
}

/** Cells stacked into one image and read at once; each gets back the lines that fall inside it. */
async function readStack(page: PreparedPage, cells: Box[], pool: OcrPool, request: Omit<OcrRequest, 'image' | 'dpi'>, rendering: Rendering): Promise<CellReading[]> {
  const offsets: number[] = [];
  let y = PAD;
  for (const c of cells) {
    offsets.push(y);
    y += c.height + GAP;
  }
  const { scale } = rendering;
  const lines = await pool.recognize({ ...request, dpi: page.dpi * scale, image: await png(page, cells, rendering) });
  const owner = (line: OcrLine) => {
    const middle = (line.box.y + line.box.height / 2) / scale;
    let best = 0;
    for (let i = 0; i < offsets.length; i++) if (offsets[i]! - GAP / 2 <= middle) best = i;
    return best;
  };
  const byCell = cells.map(() => [] as OcrLine[]);
  for (const line of lines) byCell[owner(line)]!.push(line);
  return byCell.map((own) =>
    own.length === 0
      ? { text: '', confidence: null }
      : { text: own.map((l) => l.text).join(' '), confidence: Math.round(own.reduce((sum, l) => sum + l.confidence, 0) / own.length) },
  );
}

/** A region holds ink when more than a speck of it is dark. */
function hasInk(page: PreparedPage, box: Box): boolean {
  let count = 0;
  const needed = Math.max(12, (page.dpi / 100) ** 2 * 6);
  for (let y = Math.max(0, box.y); y < Math.min(page.height, box.y + box.height); y++)
    for (let x = Math.max(0, box.x); x < Math.min(page.width, box.x + box.width); x++) if (page.ink[y * page.width + x] && ++count >= needed) return true;
  return false;
}

/** The given regions of the page, stacked top to bottom on white, as PNG. */
async function png(page: PreparedPage, boxes: Box[], { from, scale }: Rendering): Promise<Buffer> {
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
