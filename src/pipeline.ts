import { DocumentContext } from './context.js';
import { load } from './load/index.js';
import { normalise } from './normalise/index.js';
import { classify } from './classify/index.js';
import { knownReportKinds, tablesOf } from './reports/index.js';
import { readLetterhead } from './extract/letterhead.js';
import { readGrids } from './extract/grids.js';
import { segment } from './segment/index.js';
import { extract } from './extract/index.js';
import { repair } from './repair/index.js';
import { repairedText } from './repair/text.js';
import { validate } from './validate/index.js';
import { DigitiseError } from './errors.js';
import type { DispatchRecord, ScanInfo } from './record/schema.js';
import { rasterise } from './rasterise/index.js';
import { preprocess } from './preprocess/index.js';
import { findLayout } from './layout/index.js';
import { OcrPool, readCellsAgain, readPage } from './ocr/index.js';
import { doubtfulCells } from './ocr/reread.js';
import type { PreparedPage } from './preprocess/index.js';
import { cropCells, type Crops } from './review/index.js';
import type { CellReading, NormalisedText, Provenance, ScanLine } from './model/index.js';

export interface DigitisedDocument {
  context: DocumentContext;
  record: DispatchRecord;
  provenance: Provenance;
  /** The input's text with the table rows repaired. */
  text: string;
  /** For a scan: crops of the page around each cell a reviewer should check. */
  crops: Crops;
}

/**
 * The text path, stage by stage: text in, validated record out. `readings` are every reading
 * of table cells by line number, where the source has several (see `Line.readings`).
 */
export function digitiseText(text: string, context: DocumentContext, readings?: ReadonlyMap<number, CellReading[][]>): DigitisedDocument {
  const normalised = context.run('normalise', () => normalise(text, readings));
  if (normalised.lines.every((l) => l.text.trim() === '')) throw new DigitiseError('E_NOT_DISPATCH', `${context.path}: has no text`, context.path);
  const { kind } = context.run('classify', () => classify(normalised.lines, knownReportKinds()));
  if (!kind) return digitiseUnknown(normalised, context);
  const layout = context.run('segment', () => segment(normalised, kind, context));
  const extracted = context.run('extract', () => extract(layout, kind, context));
  const tables = context.run('repair', () => repair(extracted.tables, extracted.summary, context));
  const { record, provenance } = context.run('validate', () => validate(kind, extracted, tables, context));
  record.letterhead = context.run('extract', () => readLetterhead(normalised.lines));
  const repaired = context.run('write', () => repairedText(normalised.lines, record, provenance));
  return { context, record, provenance, text: repaired, crops: {} };
}

/**
 * A dispatch of no known report kind is still read: its letterhead, its text, and each table it
 * prints as a plain grid of cells.
 */
function digitiseUnknown(normalised: NormalisedText, context: DocumentContext): DigitisedDocument {
  context.info('kind-unknown', 'the dispatch is of no report kind this tool knows: its letterhead, text and tables are kept as they are');
  const letterhead = context.run('extract', () => readLetterhead(normalised.lines));
  const grids = context.run('extract', () => readGrids(normalised.lines));
  const document = { number: letterhead.number, issuedOn: letterhead.issuedOn, issuer: letterhead.issuer, signer: letterhead.signer, period: { year: null, quarter: null } };
  const text = normalised.lines.map((l) => l.text).join('\n').replace(/\n*$/, '\n');
  const issues = context.messages.map(({ severity, code, table, no, field, message }) => ({ severity, code, table, no, field, message }));
  const record: DispatchRecord = { kind: 'unknown', document, letterhead, summary: {}, tables: {}, text, grids, issues };
  return { context, record, provenance: {}, text, crops: {} };
}

export interface DigitiseOptions {
  /** OCR workers to use for scans; without one, a pool is started for this input and closed after. */
  pool?: OcrPool;
}

/** Reads one input file and digitises it. Throws a DigitiseError naming the file on bad input. */
export async function digitiseFile(path: string, options: DigitiseOptions = {}): Promise<DigitisedDocument> {
  const context = new DocumentContext(path);
  const input = await context.run('load', () => load(path));
  if (input.kind === 'text') return digitiseText(input.text, context);
  const pool = options.pool ?? new OcrPool();
  try {
    return await digitiseScan(path, context, pool);
  } finally {
    if (!options.pool) await pool.close();
  }
}

/**
 * The scan path: each page rasterised, straightened and binarised, its tables found by their
 * rules and read cell by cell; the pages' text then goes through the text path, and each table
 * cell of the record is tied back to the page and box it was read from. While one page is being
 * read by the OCR workers the next is prepared, never more pages at once than there are workers.
 */
async function digitiseScan(path: string, context: DocumentContext, pool: OcrPool): Promise<DigitisedDocument> {
  const pages: ScanInfo['pages'] = [];
  const prepared = new Map<number, PreparedPage>();
  const reading: Array<Promise<ScanLine[]>> = [];
  const inFlight = new Set<Promise<unknown>>();
  for await (const image of context.run('rasterise', () => rasterise(path))) {
    const page = await context.run('preprocess', () => preprocess(image));
    const layout = context.run('layout', () => findLayout(page));
    pages.push({ page: image.page, dpi: image.dpi, source: image.source, quarterTurns: page.quarterTurns, skew: page.skew, tables: layout.tables.length });
    if (page.quarterTurns) context.info('page-turned', `page ${image.page} was turned ${page.quarterTurns * 90}° and has been turned back`);
    if (layout.tables.length === 0 && image.page > 1) context.info('page-without-tables', `page ${image.page}: no ruled table found`);
    // only pages with tables are kept, for reading doubtful cells again
    if (layout.tables.length > 0) prepared.set(image.page, page);
    const read = context.run('ocr', () => readPage(page, layout, pool));
    reading.push(read);
    inFlight.add(read);
    void read.finally(() => inFlight.delete(read)).catch(() => undefined);
    if (inFlight.size >= pool.size) await Promise.race(inFlight);
  }
  if (pages.length === 0) throw new DigitiseError('E_EMPTY', `${path}: has no pages`, path);
  const lines = (await Promise.all(reading)).flat();
  const textPass = (from: DocumentContext) => {
    const readings = new Map(lines.flatMap((l, i) => (l.readings ? [[i + 1, l.readings] as const] : [])));
    return digitiseText(lines.map((l) => l.text).join('\n'), from, readings);
  };
  let document = textPass(context);
  // figures the checks doubt are read four more ways, and the text stages run again with every reading
  const doubtful = doubtfulCells(document.record, document.provenance, lines);
  if (doubtful.length > 0) {
    await context.run('ocr', () => readAgain(doubtful, lines, prepared, pool));
    context.info('cells-read-again', `${doubtful.length} doubtful figure cells were read again, four more ways`);
    document = textPass(context.restartFrom('normalise'));
  }
  document.record.scan = { pages, cells: cellSources(document.record, document.provenance, lines) };
  document.crops = await context.run('write', () => cropCells(document.record, prepared));
  return document;
}

/** Adds the further readings of the doubtful cells to their lines' readings, page by page. */
async function readAgain(doubtful: ReturnType<typeof doubtfulCells>, lines: ScanLine[], prepared: Map<number, PreparedPage>, pool: OcrPool): Promise<void> {
  const byPage = new Map<number, typeof doubtful>();
  for (const d of doubtful) {
    const page = lines[d.line - 1]!.cells![d.position]!.page;
    byPage.set(page, [...(byPage.get(page) ?? []), d]);
  }
  await Promise.all(
    [...byPage].map(async ([number, cells]) => {
      const page = prepared.get(number);
      if (!page) return;
      const again = await readCellsAgain(page, cells.map((d) => lines[d.line - 1]!.cells![d.position]!.box), pool);
      cells.forEach((d, i) => {
        const line = lines[d.line - 1]!;
        line.readings![d.position]!.push(...again[i]!);
      });
    }),
  );
}

/** For each table cell of the record, the page, box and confidence of the scan cell it was read from. */
function cellSources(record: DispatchRecord, provenance: Provenance, lines: ScanLine[]): ScanInfo['cells'] {
  const out: ScanInfo['cells'] = {};
  for (const table of tablesOf(record)) {
    const kind = table.id;
    const rows = provenance[kind];
    if (!rows) continue;
    out[kind] = rows.map((row) => {
      const cells: ScanInfo['cells'][string][number]['cells'] = {};
      const printed = lines[row.line - 1]?.cells;
      if (printed?.[1]) cells.unit = printed[1];
      table.columns.forEach((column, k) => {
        const cell = row.cells[column.field];
        // a value read from its own row's line sits in that row's k-th figure cell
        const source = cell?.line === row.line ? printed?.[k + 2] : lines[(cell?.line ?? 0) - 1]?.cells?.[k + 2];
        if (source && cell?.raw !== null) cells[column.field] = source;
      });
      return { no: row.no, cells };
    });
  }
  return out;
}
