import { DocumentContext } from './context.js';
import { load, type LoadedScan } from './load/index.js';
import { normalise } from './normalise/index.js';
import { classify } from './classify/index.js';
import { knownReportKinds, tablesOf } from './reports/index.js';
import { LETTERHEAD_FIELDS, readLetterhead, type Letterhead, type LetterheadField } from './extract/letterhead.js';
import { readGrids } from './extract/grids.js';
import { segment } from './segment/index.js';
import { extract } from './extract/index.js';
import { namesProvince } from './extract/document.js';
import { repair } from './repair/index.js';
import { repairedText } from './repair/text.js';
import { damageOf, restoreText, type Damage, type RestoredText } from './restore/index.js';
import { validate } from './validate/index.js';
import { DigitiseError } from './errors.js';
import type { CellSource, DispatchRecord, ScanInfo } from './record/schema.js';
import { rasterise } from './rasterise/index.js';
import { MAX_SKEW, preprocess, turnedOver } from './preprocess/index.js';
import { findLayout, type PageLayout } from './layout/index.js';
import { joinSplitRows, OcrPool, readCellsAgain, readPage } from './ocr/index.js';
import { readTextLayer } from './ocr/text-layer.js';
import { doubtfulCells } from './ocr/reread.js';
import type { PreparedPage } from './preprocess/index.js';
import { cropCells, pagesToReview, type Crops } from './review/index.js';
import { compose, documentOf, type Block, type DocumentModel, type Line, type Page, type Provenance, type ScannedCell, type Word } from './model/index.js';

export interface DigitisedDocument {
  context: DocumentContext;
  /** The input as pages, blocks, lines and words (on a scan, each word with its box). */
  model: DocumentModel;
  record: DispatchRecord;
  provenance: Provenance;
  /** The input's text with the table rows repaired. */
  text: string;
  /** For a scan: crops of the page around each cell a reviewer should check. */
  crops: Crops;
}

/** The text path: text in, validated record out. */
export function digitiseText(text: string, context: DocumentContext): DigitisedDocument {
  return digitiseModel(context.run('normalise', () => normalise(text)), context);
}

/** The stages every input goes through once it is the document model, stage by stage. */
function digitiseModel(model: DocumentModel, context: DocumentContext): DigitisedDocument {
  const { lines } = model;
  if (lines.every((l) => l.text.trim() === '')) throw new DigitiseError('E_NOT_DISPATCH', `${context.path}: has no text`, context.path);
  const { kind } = context.run('classify', () => classify(lines, knownReportKinds()));
  if (!kind) return digitiseUnknown(model, context);
  const layout = context.run('segment', () => segment(model, kind, context));
  const extracted = context.run('extract', () => extract(layout, kind, context));
  const mended = context.run('restore', () => restoreRead(lines.map((l) => l.text).join('\n'), lines));
  const letterhead = context.run('extract', () => letterheadOf(lines, mended, context));
  // a dispatch of another province than the dictionary's: its letterhead names the issuer
  const otherProvince = extracted.document.issuer === null && letterhead.issuer !== null && !namesProvince(letterhead.issuer, 0.3);
  extracted.document.issuer ??= letterhead.issuer;
  const tables = context.run('repair', () => repair(extracted.tables, extracted.summary, context, { otherProvince }));
  // text an OCR engine read: a scan's, or an English model's garbled text
  const read = mended.damage === 'garbled' || mended.damage === 'misread';
  const { record, provenance } = context.run('validate', () => validate(kind, extracted, tables, context, { read }));
  record.letterhead = letterhead;
  const repaired = context.run('write', () => repairedText(lines, record, provenance));
  return { context, model, record, provenance, text: restore(repaired, lines, record, context), crops: {} };
}

/**
 * A dispatch of no known report kind is still read: its letterhead, its text, and each table it
 * prints as a plain grid of cells.
 */
function digitiseUnknown(model: DocumentModel, context: DocumentContext): DigitisedDocument {
  const { lines } = model;
  context.info('kind-unknown', 'the dispatch is of no report kind this tool knows: its letterhead, text and tables are kept as they are');
  const read = lines.map((l) => l.text).join('\n').replace(/\n*$/, '\n');
  // the text is the letterhead's: restored once for both
  const mended = context.run('restore', () => restoreRead(read, lines));
  const letterhead = context.run('extract', () => letterheadOf(lines, mended, context));
  const grids = context.run('extract', () => readGrids(lines));
  const document = { number: letterhead.number, issuedOn: letterhead.issuedOn, issuer: letterhead.issuer, signer: letterhead.signer, period: { year: null, quarter: null } };
  const issues = context.messages.map(({ severity, code, table, no, field, message }) => ({ severity, code, table, no, field, message }));
  const record: DispatchRecord = { kind: 'unknown', document, letterhead, summary: {}, tables: {}, text: read, grids, issues };
  record.text = restore(read, lines, record, context, mended);
  return { context, model, record, provenance: {}, text: record.text, crops: {} };
}

/**
 * A text restored for the damage it shows: what its words show, and on a scan the engine's
 * misreadings, each word weighed with the other readings of its ink.
 */
function restoreRead(text: string, lines: Line[]): RestoredText {
  const found = damageOf(text);
  const damage: Damage = found === 'none' && lines.some((l) => l.words.some((w) => w.confidence !== null)) ? 'misread' : found;
  return restoreText(text, damage, lines.flatMap((l) => l.words));
}

/** The letterhead's fields in running words, which restoration mends as it mends the text: the register's subject is the text's. */
const WORDED: ReadonlySet<LetterheadField> = new Set(['subject', 'recipients', 'distribution']);

/**
 * The letterhead of a damaged text is read twice: from the text as read, where the known forms
 * (bodies, places, titles) and the digits settle a field, and from the text as restoration mends
 * it (restoration keeps every line where it was). The second gives the fields in running words
 * where it reads them, and any other the first leaves null (a person's name aside: no word a
 * language model knows, restored it is a guess). The fields it gave are named in `restored` and
 * told, for a reviewer to check.
 */
function letterheadOf(lines: Line[], restored: RestoredText, context: DocumentContext): Letterhead {
  const asRead = readLetterhead(lines);
  if (restored.damage === 'none') return asRead;
  const text = restored.text.split('\n');
  const mended = readLetterhead(lines.map((line, i) => ({ ...line, text: text[i] ?? line.text })));
  const unread = (value: Letterhead[LetterheadField]) => value === null || value === undefined || (Array.isArray(value) && value.length === 0);
  const fields = LETTERHEAD_FIELDS.filter(
    (field) => field !== 'signer' && !unread(mended[field]) && JSON.stringify(mended[field]) !== JSON.stringify(asRead[field]) && (WORDED.has(field) || unread(asRead[field])),
  );
  if (fields.length === 0) return asRead;
  context.info('letterhead-restored', `${fields.join(', ')}: taken from the restored text, the text as read kept in the record's restoration; check against the original`);
  const taken = (from: Partial<Record<LetterheadField, unknown>>) => Object.fromEntries(fields.flatMap((field) => (from[field] === undefined ? [] : [[field, from[field]]])));
  const confidence = mended.confidence ? { confidence: { ...asRead.confidence, ...taken(mended.confidence) } } : {};
  return { ...asRead, ...taken(mended), ...confidence, restored: fields };
}

/**
 * The text with every syllable restored where the input lost its diacritics or was garbled by
 * an OCR model without Vietnamese; text this tool read with its Vietnamese model has only the
 * words respelled whose neighbours make another spelling far likelier ("Kính gủi" → "Kính gửi").
 * The record keeps the text as read, and what was changed.
 */
function restore(text: string, lines: Line[], record: DispatchRecord, context: DocumentContext, restored = context.run('restore', () => restoreRead(text, lines))): string {
  const words = restored.lines.reduce((n, l) => n + l.words, 0);
  const changed = restored.lines.reduce((n, l) => n + l.changed, 0);
  if (restored.damage === 'none' || changed === 0) return text;
  record.restoration = { damage: restored.damage, original: lines.map((l) => l.text).join('\n'), words, changed, lines: restored.lines };
  const how = { stripped: 'lost its diacritics', garbled: 'was garbled by an OCR model without Vietnamese', misread: 'was read by OCR' }[restored.damage];
  const message = `the text ${how}: ${changed} of ${words} words were restored (see restoration in the record; the text as read is kept there)`;
  context.info('text-restored', message);
  record.issues.push({ severity: 'info', code: 'text-restored', table: null, no: null, field: null, message });
  return restored.text;
}

export interface DigitiseOptions {
  /** OCR workers to use for scans; without one, a pool is started for this input and closed after. */
  pool?: OcrPool;
  /**
   * A scan's pages as they were read elsewhere (by queue workers, page by page): the document
   * is assembled from them rather than read again.
   */
  readings?: PageReading[];
}

/** Reads one input file and digitises it. Throws a DigitiseError naming the file on bad input. */
export async function digitiseFile(path: string, options: DigitiseOptions = {}): Promise<DigitisedDocument> {
  const context = new DocumentContext(path);
  const input = await context.run('load', () => load(path));
  if (input.kind === 'text') {
    if (input.encoding !== 'utf-8') context.info('text-encoding', `${path}: read as ${input.encoding.toUpperCase()} text and converted to Unicode`);
    return digitiseText(input.text, context);
  }
  if (input.misnamed) context.warn('input-misnamed', `${path}: is a ${input.misnamed} file, whatever its name says, and was read as one`);
  const pool = options.pool ?? new OcrPool();
  try {
    if (options.readings) return await assembleScan(input, options.readings, context, pool, (numbers) => prepareAgain(input, options.readings!, numbers));
    const prepared = new Map<number, PreparedPage>();
    const readings = await readScanPages(input, pool, undefined, (number, page) => prepared.set(number, page));
    return await assembleScan(input, readings, context, pool, async () => prepared);
  } finally {
    if (!options.pool) await pool.close();
  }
}

/** One page of a scan as read: all the document is assembled from, on this machine or another. */
export interface PageReading {
  info: ScanInfo['pages'][number];
  /** Dark bands along its edges (a copier's shadow) were whitened before it was read. */
  edgesCleared: boolean;
  page: Page;
}

/**
 * Reads a scan's pages, or those `only` names: each rasterised, straightened and binarised, its
 * tables found by their rules and read cell by cell into the document model, every word with its
 * box. While one page is being read by the OCR workers the next is prepared, never more pages at
 * once than there are workers. Each prepared page with tables is handed to `keep`, for reading
 * doubtful cells again and for reviewers' crops.
 */
export async function readScanPages(
  { path, format }: LoadedScan,
  pool: OcrPool,
  only?: ReadonlySet<number>,
  keep?: (number: number, page: PreparedPage) => void,
): Promise<PageReading[]> {
  // pages are read apart from the document: what they notice is told when the document is assembled
  const context = new DocumentContext(path);
  const reading: Array<Promise<PageReading>> = [];
  const inFlight = new Set<Promise<unknown>>();
  for await (const image of rasterise(path, format, only)) {
    const prepared = await context.run('preprocess', () => preprocess(image));
    const readBlocks = image.words ? readOwnText(prepared, image.words, context) : readUpright(prepared, context, pool);
    const read = readBlocks.then(({ page, layout, blocks }): PageReading => {
      if (layout.tables.length > 0) keep?.(image.page, page);
      return {
        info: { page: image.page, dpi: image.dpi, source: image.source, quarterTurns: page.quarterTurns, skew: page.skew, tables: layout.tables.length },
        edgesCleared: page.edgesCleared,
        page: { number: image.page, blocks, ...(image.words ? {} : { toPage: compose(image.toPage, page.toInput) }) },
      };
    });
    reading.push(read);
    inFlight.add(read);
    void read.finally(() => inFlight.delete(read)).catch(() => undefined);
    if (inFlight.size >= pool.size) await Promise.race(inFlight);
  }
  return Promise.all(reading);
}

/**
 * Pages read elsewhere, prepared again here where a cell must be read again or cropped: the same
 * steps give the same pixels, turned over where the reading found the page upside down.
 */
async function prepareAgain({ path, format }: LoadedScan, readings: PageReading[], numbers: ReadonlySet<number>): Promise<Map<number, PreparedPage>> {
  const turns = new Map(readings.map((r) => [r.info.page, r.info.quarterTurns]));
  const prepared = new Map<number, PreparedPage>();
  for await (const image of rasterise(path, format, numbers)) {
    const page = await preprocess(image);
    prepared.set(image.page, page.quarterTurns === turns.get(image.page) ? page : turnedOver(page));
  }
  return prepared;
}

/**
 * The scan path after its pages are read: the pages' model goes through the same stages as a
 * text's, figures the checks doubt are read again, and each table cell of the record is tied back
 * to the page and box it was read from. `preparedPages` gives the prepared pages (with tables) a
 * later step needs.
 */
async function assembleScan(
  { path }: LoadedScan,
  readings: PageReading[],
  context: DocumentContext,
  pool: OcrPool,
  preparedPages: (numbers: ReadonlySet<number>) => Promise<ReadonlyMap<number, PreparedPage>>,
): Promise<DigitisedDocument> {
  if (readings.length === 0) throw new DigitiseError('E_EMPTY', `${path}: has no pages`, path);
  const pages = [...readings].sort((a, b) => a.info.page - b.info.page);
  context.run('preprocess', () => pages.forEach((reading) => tellPage(reading, context)));
  const model = documentOf(joinSplitRows(pages.map((r) => r.page)));
  let document = digitiseModel(model, context);
  // figures the checks doubt are read four more ways, and the stages run again with every reading
  // (a born-digital page's figures are its own text, not readings)
  const read = new Set(pages.filter((r) => r.info.source !== 'text layer' && r.info.tables > 0).map((r) => r.info.page));
  const doubtful = doubtfulCells(document.record, document.provenance).filter((word) => read.has(word.cell.page));
  if (doubtful.length > 0) {
    const prepared = await preparedPages(new Set(doubtful.map((word) => word.cell.page)));
    await context.run('ocr', () => readAgain(doubtful, prepared, pool));
    context.info('cells-read-again', `${doubtful.length} doubtful figure cells were read again, four more ways`);
    document = digitiseModel(model, context.restartFrom('normalise'));
  }
  document.record.scan = { pages: pages.map((r) => r.info), cells: cellSources(document.record, document.provenance) };
  const toReview = pagesToReview(document.record);
  const prepared = toReview.size > 0 ? await preparedPages(toReview) : new Map<number, PreparedPage>();
  document.crops = await context.run('write', () => cropCells(document.record, prepared));
  return document;
}

/** What the reading of a page noticed, told in page order. */
function tellPage({ info, edgesCleared }: PageReading, context: DocumentContext): void {
  if (info.quarterTurns) context.info('page-turned', `page ${info.page} was turned ${info.quarterTurns * 90}° and has been turned back`);
  // straightened as far as it goes: a page skewed further is read crooked
  if (Math.abs(info.skew) >= MAX_SKEW - 0.25) context.warn('page-skew-at-limit', `page ${info.page} is skewed ${Math.abs(info.skew)}° or more, the most this tool straightens; rescan it straighter if its figures come out blank`);
  if (edgesCleared) context.info('page-edges-cleared', `page ${info.page}: dark bands along its edges (a copier's shadow) were whitened`);
  if (info.tables === 0 && info.page > 1) context.info('page-without-tables', `page ${info.page}: no ruled table found`);
}

/** A born-digital page: its tables found on its rendering, its words from its own text. */
async function readOwnText(page: PreparedPage, words: Word[], context: DocumentContext): Promise<{ page: PreparedPage; layout: PageLayout; blocks: Block[] }> {
  const layout = context.run('layout', () => findLayout(page));
  return { page, layout, blocks: context.run('ocr', () => readTextLayer(page, layout, words)) };
}

/** Below this mean confidence a page's words may have been read upside down. */
const DOUBTFUL_PAGE = 60;

/**
 * Finds a page's tables and reads it. A page whose words come out doubtful is read again turned
 * over, and the reading the engine is surer of is kept: the ink's own evidence of which way is up
 * is thin on a page of a few table rows, and a page read upside down is lost whole.
 */
async function readUpright(page: PreparedPage, context: DocumentContext, pool: OcrPool): Promise<{ page: PreparedPage; layout: PageLayout; blocks: Block[] }> {
  const read = async (page: PreparedPage) => {
    const layout = context.run('layout', () => findLayout(page));
    const blocks = await context.run('ocr', () => readPage(page, layout, pool));
    return { page, layout, blocks, confidence: meanConfidence(blocks.flatMap((b) => b.lines.flatMap((l) => l.words))) };
  };
  const first = await read(page);
  if (first.confidence === null || first.confidence >= DOUBTFUL_PAGE) return first;
  const over = await read(turnedOver(page));
  return over.confidence !== null && over.confidence > first.confidence ? over : first;
}

/** The engine's mean confidence in the words it read, or null where no word has one. */
function meanConfidence(words: Word[]): number | null {
  const known = words.flatMap((w) => (w.confidence === null ? [] : [w.confidence]));
  return known.length === 0 ? null : known.reduce((sum, c) => sum + c, 0) / known.length;
}

/** Adds the further readings of the doubtful cells to their words' alternatives, page by page. */
async function readAgain(doubtful: ScannedCell[], prepared: ReadonlyMap<number, PreparedPage>, pool: OcrPool): Promise<void> {
  const byPage = new Map<number, ScannedCell[]>();
  for (const word of doubtful) byPage.set(word.cell.page, [...(byPage.get(word.cell.page) ?? []), word]);
  await Promise.all(
    [...byPage].map(async ([number, words]) => {
      const page = prepared.get(number);
      if (!page) return;
      const again = await readCellsAgain(page, words.map((w) => w.cell), pool);
      words.forEach((word, i) => word.alternatives.push(...again[i]!));
    }),
  );
}

/** Where a value's words were read on the scan: the ruled cell, and the engine's confidence in them. */
function sourceOf(words: Word[]): CellSource | null {
  const placed = words.filter((w) => w.cell !== null);
  const { cell } = placed[0] ?? {};
  if (!cell) return null;
  const confidence = meanConfidence(placed);
  return { page: cell.page, box: [cell.x, cell.y, cell.width, cell.height], confidence: confidence === null ? null : Math.round(confidence) };
}

/** For each table cell of the record, the page, box and confidence of the scan cell it was read from. */
function cellSources(record: DispatchRecord, provenance: Provenance): ScanInfo['cells'] {
  const out: ScanInfo['cells'] = {};
  for (const table of tablesOf(record)) {
    const rows = provenance[table.id];
    if (!rows) continue;
    out[table.id] = rows.map((row) => {
      const cells: Record<string, CellSource> = {};
      const unit = sourceOf(row.labelWords);
      if (unit) cells.unit = unit;
      for (const column of table.columns) {
        const cell = row.cells[column.field];
        const source = cell && cell.raw !== null ? sourceOf(cell.words) : null;
        if (source) cells[column.field] = source;
      }
      return { no: row.no, cells };
    });
  }
  return out;
}
