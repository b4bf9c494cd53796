import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFContext } from 'pdf-lib';
import sharp, { type Metadata } from 'sharp';
import { DigitiseError } from '../errors.js';
import { LANG_DATA_DIR } from '../lang/langData.js';
import { imageDpi } from '../rasterise/index.js';
import { median } from '../tables/placed.js';
import { apply, type Affine, type DocumentModel, type Word } from '../model/index.js';

/**
 * The input as a searchable PDF, the way OCRmyPDF makes one: every page as the input has it (a
 * PDF's page objects and image streams copied as they are encoded, an image file's bytes embedded
 * without decoding where PDF can hold them: JPEG as DCT, PNG as Flate with its predictors, a
 * bilevel TIFF's CCITT G4 strip), and over each page the tool read by OCR an invisible text layer,
 * each word placed on the box it was read from, mapped back through the page's straightening
 * to where its ink is on the input page. Pages already born-digital keep their own text.
 *
 * The layer's font has no glyphs to draw (Tesseract's glyphless font, Apache-2.0): each character
 * is its UTF-16 code as a CID, and the font's ToUnicode map gives it back, so every character of
 * Vietnamese, and any other, is found by search and copied as it was read.
 */
export async function searchablePdf(path: string, model: DocumentModel): Promise<Uint8Array> {
  const bytes = new Uint8Array(await readFile(path));
  const isPdf = Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-');
  const doc = isPdf ? await PDFDocument.load(bytes, { updateMetadata: false }) : await imagesAsPdf(path, bytes);
  const font = glyphlessFont(doc.context);
  // each line's words on each page (a row a page break split was joined onto one page: its words stay where their boxes are)
  const linesOn = new Map<number, Word[][]>();
  for (const line of model.lines) {
    const byPage = new Map<number, Word[]>();
    for (const word of line.words) if (word.box && word.text !== '') byPage.set(word.box.page, [...(byPage.get(word.box.page) ?? []), word]);
    for (const [page, words] of byPage) linesOn.set(page, [...(linesOn.get(page) ?? []), words]);
  }
  for (const { number, toPage } of model.pages) {
    const lines = linesOn.get(number);
    if (!toPage || !lines || number > doc.getPageCount()) continue;
    const target = doc.getPage(number - 1);
    const content = textLayer(lines, toPage, target.node.newFontDictionary('OCR', font));
    if (content === '') continue;
    // the page's own drawing keeps its graphics state to itself, so the layer starts from the page's
    target.node.wrapContentStreams(doc.context.register(doc.context.stream('q\n')), doc.context.register(doc.context.stream('\nQ\n')));
    target.node.addContentStream(doc.context.register(doc.context.flateStream(content)));
  }
  return doc.save({ useObjectStreams: isPdf });
}

/** Each glyph's advance, in thousandths of the font size: every character is as wide as every other. */
const ADVANCE = 500;

/**
 * One text object of a page's lines, in render mode 3 (neither filled nor stroked). Each line
 * runs straight along the page as it is shown (turned back only by the page's quarter turns, not
 * its skew): text tools build lines from baselines that run across the page, and a skewed line
 * laid along its ink would be cut into pieces. Its baseline passes through the middle of the
 * line's ink; each word spans its own ink along it, so a search highlights it where it is printed.
 */
function textLayer(lines: Word[][], toPage: Affine, font: PDFName): string {
  // the page's own direction for a line of text: its pixels' rows, to the nearest quarter turn
  const turn = (Math.round(Math.atan2(toPage[1], toPage[0]) / (Math.PI / 2)) * Math.PI) / 2;
  const u: Point = [Math.round(Math.cos(turn)), Math.round(Math.sin(turn))];
  const v: Point = [-u[1], u[0]];
  const along = (p: Point, axis: Point) => p[0] * axis[0] + p[1] * axis[1];
  const placed = lines.flatMap((words) => {
    const baseline = median(words.map((w) => w.box!.y + w.box!.height));
    const size = median(words.map((w) => w.box!.height));
    const left = Math.min(...words.map((w) => w.box!.x));
    const right = Math.max(...words.map((w) => w.box!.x + w.box!.width));
    const offset = along(apply(toPage, (left + right) / 2, baseline), v);
    const height = Math.hypot(...difference(apply(toPage, left, baseline - size), apply(toPage, left, baseline)));
    return words.flatMap((word) => {
      const { x, width } = word.box!;
      const [start, end] = [along(apply(toPage, x, baseline), u), along(apply(toPage, x + width, baseline), u)];
      return placement(word.text, [start * u[0] + offset * v[0], start * u[1] + offset * v[1]], end - start, height, u) ?? [];
    });
  });
  return placed.length === 0 ? '' : `BT\n3 Tr\n${font.toString()} 1 Tf\n${placed.join('\n')}\nET\n`;
}

type Point = [number, number];

const difference = (a: Point, b: Point): Point => [a[0] - b[0], a[1] - b[1]];

const number = (value: number) => (Math.abs(value) < 1e-6 ? '0' : value.toFixed(3).replace(/\.?0+$/, ''));

/** A word's text matrix and its codes: from its origin along the direction `u`, at the line's height, stretched to its width. */
function placement(text: string, [x, y]: Point, width: number, height: number, [ux, uy]: Point): string | null {
  const codes = [...text.normalize('NFC')].map((c) => (c.codePointAt(0)! > 0xffff ? 0xfffd : c.codePointAt(0)!));
  if (width <= 0 || height <= 0 || codes.length === 0) return null;
  const stretch = width / ((codes.length * ADVANCE) / 1000);
  const matrix = [ux * stretch, uy * stretch, -uy * height, ux * height, x, y].map(number).join(' ');
  const hex = codes.map((c) => c.toString(16).padStart(4, '0')).join('');
  return `${matrix} Tm <${hex}> Tj`;
}

let fontProgram: Uint8Array | undefined;

/** The glyphless font, its CIDs the characters' UTF-16 codes, each drawn as the font's one empty glyph. */
function glyphlessFont(context: PDFContext): PDFRef {
  fontProgram ??= readFileSync(join(LANG_DATA_DIR, 'fonts', 'glyphless.ttf'));
  const file = context.register(context.flateStream(fontProgram, { Length1: fontProgram.length }));
  // every CID to glyph 1
  const gids = new Uint8Array(2 * 65536);
  for (let cid = 0; cid < 65536; cid++) gids[2 * cid + 1] = 1;
  const descriptor = context.register(
    context.obj({ Type: 'FontDescriptor', FontName: 'GlyphLessFont', Flags: 5, FontBBox: [0, 0, ADVANCE, 1000], ItalicAngle: 0, Ascent: 1000, Descent: 0, CapHeight: 1000, StemV: 80, FontFile2: file }),
  );
  const cidFont = context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'CIDFontType2',
      BaseFont: 'GlyphLessFont',
      CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
      FontDescriptor: descriptor,
      DW: ADVANCE,
      CIDToGIDMap: context.register(context.flateStream(gids)),
    }),
  );
  return context.register(context.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: 'GlyphLessFont', Encoding: 'Identity-H', DescendantFonts: [cidFont], ToUnicode: context.register(context.flateStream(TO_UNICODE)) }));
}

/** Each CID is the UTF-16 code it stands for: one range a high byte (a range may vary only in its last byte). */
const TO_UNICODE = [
  '/CIDInit /ProcSet findresource begin',
  '12 dict begin',
  'begincmap',
  '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
  '/CMapName /Adobe-Identity-UCS def',
  '/CMapType 2 def',
  '1 begincodespacerange',
  '<0000> <FFFF>',
  'endcodespacerange',
  // a block holds at most 100 ranges
  ...[0, 100, 200].flatMap((from) => {
    const highs = Array.from({ length: Math.min(100, 256 - from) }, (_, i) => hex2(from + i));
    return [`${highs.length} beginbfrange`, ...highs.map((h) => `<${h}00> <${h}FF> <${h}00>`), 'endbfrange'];
  }),
  'endcmap',
  'CMapName currentdict /CMap defineresource pop',
  'end',
  'end',
].join('\n');

function hex2(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

/**
 * A page's image as PDF image XObjects, its bytes as they are where PDF holds their encoding: one
 * band, or a TIFF's strips, each encoded on its own, stacked down the page.
 */
interface EmbeddedImage {
  width: number;
  height: number;
  bands: Array<{ rows: number; dict: Record<string, unknown>; data: Uint8Array }>;
}

/**
 * An image file's pages, each a PDF page of the size its resolution gives (the one the scan path
 * read it at), its image embedded as encoded where PDF can hold that encoding; any other (an
 * interlaced or translucent PNG, a TIFF page not in CCITT G4, WebP…) losslessly re-encoded.
 */
async function imagesAsPdf(path: string, bytes: Uint8Array): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  const pages = meta.pages ?? 1;
  const tiffPages = meta.format === 'tiff' ? ccittPages(bytes) : [];
  for (let index = 0; index < pages; index++) {
    const image = (meta.format === 'jpeg' ? jpeg(bytes, meta) : meta.format === 'png' ? png(bytes) : tiffPages[index]) ?? png(await reencoded(path, bytes, index));
    if (!image) throw new DigitiseError('E_CORRUPT', `${path}: page ${index + 1} cannot be embedded in a PDF`, path);
    const scale = 72 / imageDpi(meta.density, image.width, image.height);
    const [width, height] = [image.width * scale, image.height * scale];
    const page = doc.addPage([width, height]);
    const drawn: string[] = [];
    let top = 0;
    for (const band of image.bands) {
      const xobject = doc.context.stream(band.data, { Type: 'XObject', Subtype: 'Image', Width: image.width, Height: band.rows, ...band.dict });
      const name = page.node.newXObject('Scan', doc.context.register(xobject));
      top += band.rows;
      drawn.push(`q ${number(width)} 0 0 ${number(band.rows * scale)} 0 ${number(height - top * scale)} cm ${name.toString()} Do Q`);
    }
    page.node.addContentStream(doc.context.register(doc.context.stream(drawn.join('\n') + '\n')));
  }
  return doc;
}

/** A baseline or progressive JPEG in grey or RGB is DCT-encoded as PDF takes it. */
function jpeg(bytes: Uint8Array, meta: Metadata): EmbeddedImage | null {
  const space = meta.channels === 1 ? 'DeviceGray' : meta.channels === 3 && meta.space === 'srgb' ? 'DeviceRGB' : null;
  if (!space || !meta.width || !meta.height) return null;
  return { width: meta.width, height: meta.height, bands: [{ rows: meta.height, dict: { ColorSpace: space, BitsPerComponent: 8, Filter: 'DCTDecode' }, data: bytes }] };
}

/**
 * A PNG's compressed pixels are a Flate stream with PNG predictors, as PDF takes them: its IDAT
 * chunks joined, for a grey, RGB or palette image neither interlaced nor translucent.
 */
function png(bytes: Uint8Array): EmbeddedImage | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const idat: Uint8Array[] = [];
  let header: { width: number; height: number; depth: number; colour: number; interlace: number } | null = null;
  let palette: Uint8Array | null = null;
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') header = { width: view.getUint32(at + 8), height: view.getUint32(at + 12), depth: data[8]!, colour: data[9]!, interlace: data[12]! };
    else if (type === 'PLTE') palette = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'tRNS') return null;
    at += 12 + length;
  }
  if (!header || header.interlace !== 0 || idat.length === 0) return null;
  const colours = header.colour === 0 ? 1 : header.colour === 2 ? 3 : header.colour === 3 ? 1 : null;
  if (colours === null || (header.colour === 3 && !palette)) return null;
  const space = header.colour === 0 ? 'DeviceGray' : header.colour === 2 ? 'DeviceRGB' : ['Indexed', 'DeviceRGB', palette!.length / 3 - 1, PDFHexString.of(Buffer.from(palette!).toString('hex'))];
  const data = new Uint8Array(idat.reduce((n, d) => n + d.length, 0));
  idat.reduce((at, d) => (data.set(d, at), at + d.length), 0);
  const dict = { ColorSpace: space, BitsPerComponent: header.depth, Filter: 'FlateDecode', DecodeParms: { Predictor: 15, Colors: colours, BitsPerComponent: header.depth, Columns: header.width } };
  return { width: header.width, height: header.height, bands: [{ rows: header.height, dict, data }] };
}

/**
 * A TIFF's pages in CCITT Group 4 (a bilevel office scan's usual encoding), each strip as PDF
 * takes it (or one tile the page's size); any other page is null.
 */
function ccittPages(bytes: Uint8Array): Array<EmbeddedImage | null> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = bytes[0] === 0x49;
  const u16 = (at: number) => view.getUint16(at, little);
  const u32 = (at: number) => view.getUint32(at, little);
  const pages: Array<EmbeddedImage | null> = [];
  for (let ifd = u32(4); ifd !== 0 && ifd + 2 <= bytes.length && pages.length < MAX_TIFF_PAGES; ) {
    const tags = new Map<number, number[]>();
    const count = u16(ifd);
    for (let i = 0; i < count; i++) {
      const entry = ifd + 2 + 12 * i;
      const [tag, type, n] = [u16(entry), u16(entry + 2), u32(entry + 4)];
      const size = type === 3 ? 2 : 4;
      const at = n * size <= 4 ? entry + 8 : u32(entry + 8);
      if ((type === 3 || type === 4) && at + n * size <= bytes.length) tags.set(tag, Array.from({ length: n }, (_, k) => (size === 2 ? u16(at + 2 * k) : u32(at + 4 * k))));
    }
    const one = (tag: number, otherwise?: number) => (tags.get(tag)?.length === 1 ? tags.get(tag)![0]! : otherwise);
    const [width, height, compression, photometric, fillOrder] = [one(256), one(257), one(259), one(262, 0), one(266, 1)];
    const tiled = one(322) === width && one(323) === height;
    const [offsets, lengths] = tiled ? [tags.get(324), tags.get(325)] : [tags.get(273), tags.get(279)];
    const perStrip = tiled ? height : one(278, height);
    const whole = width && height && perStrip && compression === 4 && fillOrder === 1 && offsets && lengths && offsets.length === lengths.length && offsets.length === Math.ceil(height / perStrip);
    const within = whole && offsets.every((offset, i) => offset + lengths[i]! <= bytes.length);
    pages.push(
      within
        ? {
            width,
            height,
            bands: offsets.map((offset, i) => {
              const rows = Math.min(perStrip, height - i * perStrip);
              const dict = { ColorSpace: 'DeviceGray', BitsPerComponent: 1, Filter: 'CCITTFaxDecode', DecodeParms: { K: -1, Columns: width, Rows: rows, BlackIs1: photometric === 0 } };
              return { rows, dict, data: bytes.subarray(offset, offset + lengths[i]!) };
            }),
          }
        : null,
    );
    ifd = u32(ifd + 2 + 12 * count);
  }
  return pages;
}

/** More pages than any scanned dispatch has: a TIFF whose pages loop back on themselves is not followed further. */
const MAX_TIFF_PAGES = 10_000;

/** A page of an image PDF cannot hold as encoded, as a lossless PNG without alpha. */
async function reencoded(path: string, bytes: Uint8Array, page: number): Promise<Uint8Array> {
  try {
    return new Uint8Array(await sharp(bytes, { page, limitInputPixels: false }).removeAlpha().png({ compressionLevel: 9 }).toBuffer());
  } catch (error) {
    throw new DigitiseError('E_CORRUPT', `${path}: page ${page + 1} is not a readable image (${(error as Error).message})`, path, { cause: error });
  }
}
