import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { DigitiseError } from '../errors.js';
import { nfc } from '../lang/fold.js';
import { invert, type Affine, type Word } from '../model/index.js';

/** One page as greyscale pixels, one byte each, rows top to bottom. */
export interface PageImage {
  /** 1-based page number in the input. */
  page: number;
  width: number;
  height: number;
  data: Uint8Array;
  /** Resolution of these pixels, so sizes in points can be turned into pixels. */
  dpi: number;
  /** Resolution the page was scanned at: less than `dpi` where a low-resolution scan was enlarged (see `readable`), its letters blurred. */
  scannedDpi: number;
  /**
   * How the pixels were obtained: a scanned page's own image, the page rendered for OCR, or a
   * born-digital page rendered only to find its tables, its words taken from its text.
   */
  source: 'embedded image' | 'rendered' | 'image file' | 'text layer';
  /** A born-digital page's own words, placed in these pixels; null on a page to be read by OCR. */
  words: Word[] | null;
  /** Where a point of these pixels is in the page's PDF user space (for an image file, the page a searchable PDF gives it). */
  toPage: Affine;
}

/** Pages without a text layer are rendered at this resolution; it is what OCR engines are tuned for. */
const RENDER_DPI = 300;
/** A scan below this resolution is enlarged to RENDER_DPI before it is read (see `readable`). */
const LOW_DPI = 150;
/** A page read from its text is rendered only for its table rules (and reviewers' crops). */
const TEXT_LAYER_DPI = 150;
/**
 * Fewer visible letters than this do not make a page born-digital: a scan may carry a typed
 * footer or a page number drawn as text.
 */
const MIN_TEXT_LETTERS = 40;
/** More pixels than a 600-dpi A3 page: beyond this an image is refused rather than exhausting memory. */
const MAX_PIXELS = 7000 * 10000;

const require = createRequire(import.meta.url);

type ScanFormat = 'pdf' | 'image';
const formatOf = (path: string): ScanFormat => (extname(path).toLowerCase() === '.pdf' ? 'pdf' : 'image');

/**
 * Every page of a scanned PDF or image file as greyscale pixels, or only the pages `only` names
 * (the others are not decoded). A PDF page that is one scanned image is taken at that image's own
 * resolution; any other page is rendered.
 */
export async function* rasterise(path: string, format: ScanFormat = formatOf(path), only?: ReadonlySet<number>): AsyncGenerator<PageImage> {
  const wanted = (page: number) => !only || only.has(page);
  if (format === 'pdf') yield* pdfPages(path, wanted);
  else yield* imagePages(path, wanted);
}

/** How many pages a scan has, read from its header alone: no page is decoded. */
export async function countPages(path: string, format: ScanFormat = formatOf(path)): Promise<number> {
  if (format === 'image') return (await imageHeader(path)).pages;
  const doc = await openPdf(path, new Uint8Array(await readFile(path)));
  try {
    return doc.numPages;
  } finally {
    await doc.destroy();
  }
}

/** A page of more pixels than MAX_PIXELS is refused before it is decoded. */
function tooLarge(path: string, where: string, width: number, height: number): DigitiseError {
  const millions = Math.round((width * height) / 1e6);
  return new DigitiseError('E_TOO_LARGE', `${path}: ${where} is ${width} × ${height} pixels (${millions} million), more than the ${MAX_PIXELS / 1e6} million this tool decodes: a decompression bomb, or a scan at too high a resolution`, path);
}

/** An image file's page count and density, from its header alone: the pixels are not decoded until each page is asked for. */
async function imageHeader(path: string): Promise<{ pages: number; density: number | undefined }> {
  try {
    const meta = await sharp(path, { limitInputPixels: false }).metadata();
    const height = meta.pageHeight ?? meta.height;
    if (meta.width * height > MAX_PIXELS) throw tooLarge(path, 'its image', meta.width, height);
    return { pages: meta.pages ?? 1, density: meta.density };
  } catch (error) {
    if (error instanceof DigitiseError) throw error;
    throw new DigitiseError('E_CORRUPT', `${path}: not a readable image (${(error as Error).message})`, path, { cause: error });
  }
}

async function* imagePages(path: string, wanted: (page: number) => boolean): AsyncGenerator<PageImage> {
  const { pages, density } = await imageHeader(path);
  for (let page = 0; page < pages; page++) {
    if (!wanted(page + 1)) continue;
    const image = sharp(path, { page, limitInputPixels: MAX_PIXELS });
    const { channels = 1 } = await image.metadata();
    // colour pages keep their colour until stamps and ink are dropped from it
    const { data, info } = await (channels >= 3 ? image.removeAlpha().toColourspace('srgb') : image.greyscale()).raw().toBuffer({ resolveWithObject: true });
    const scanned = { width: info.width, height: info.height, dpi: imageDpi(density, info.width, info.height) };
    const { width, height, dpi, grey } = await readable({ ...scanned, grey: info.channels >= 3 ? dropColour(data, info.channels) : new Uint8Array(data.buffer, data.byteOffset, data.length) });
    const toPage: Affine = [72 / dpi, 0, 0, -72 / dpi, 0, (height * 72) / dpi];
    yield { page: page + 1, width, height, data: grey, dpi, scannedDpi: scanned.dpi, source: 'image file', words: null, toPage };
  }
}

/** An image's resolution: the density it records, where that is a scanner's; else the one its pixels give an A4 page. */
export function imageDpi(density: number | undefined, width: number, height: number): number {
  if (density && density >= 100 && density <= 1200) return density;
  return Math.round((Math.min(width, height) / 8.27 + Math.max(width, height) / 11.69) / 2);
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

async function openPdf(path: string, bytes: Uint8Array) {
  const { getDocument } = await loadPdfJs();
  const root = dirname(require.resolve('pdfjs-dist/package.json'));
  try {
    return await getDocument({
      data: bytes,
      // everything pdf.js may fetch comes from the installed package, never the network
      standardFontDataUrl: pathToFileURL(join(root, 'standard_fonts') + '/').href,
      cMapUrl: pathToFileURL(join(root, 'cmaps') + '/').href,
      wasmUrl: pathToFileURL(join(root, 'wasm') + '/').href,
      isEvalSupported: false,
      // an image that search missed is still never decoded whole
      maxImageSize: MAX_PIXELS,
      verbosity: 0,
    }).promise;
  } catch (error) {
    if ((error as Error).name === 'PasswordException') throw new DigitiseError('E_ENCRYPTED', `${path}: the PDF is encrypted and cannot be opened without its password`, path, { cause: error });
    throw new DigitiseError('E_CORRUPT', `${path}: not a readable PDF (${(error as Error).message})`, path, { cause: error });
  }
}

async function* pdfPages(path: string, wanted: (page: number) => boolean): AsyncGenerator<PageImage> {
  const { OPS, Util } = await loadPdfJs();
  const bytes = new Uint8Array(await readFile(path));
  const largest = largestImage(bytes);
  if (largest && largest.width * largest.height > MAX_PIXELS) throw tooLarge(path, 'an image it holds', largest.width, largest.height);
  const doc = await openPdf(path, bytes);
  try {
    for (let number = 1; number <= doc.numPages; number++) {
      if (!wanted(number)) continue;
      const page = await doc.getPage(number);
      try {
        const list = await page.getOperatorList();
        const letters = visibleLetters(list, OPS);
        const words = letters >= MIN_TEXT_LETTERS ? await textLayer(page, Util, number) : null;
        if (words) yield { ...(await render(doc, page, number, TEXT_LAYER_DPI)), source: 'text layer', words };
        // a page drawing any text of its own is more than a scan's image
        else yield (letters === 0 ? await embeddedScan(page, list, OPS, number) : null) ?? (await render(doc, page, number, RENDER_DPI));
      } finally {
        page.cleanup();
      }
    }
  } finally {
    await doc.destroy();
  }
}

/**
 * The largest image a PDF holds, by the dictionaries of its image streams: a stream's dictionary
 * is never compressed, so its size can be read before anything is decoded.
 */
function largestImage(bytes: Uint8Array): { width: number; height: number } | null {
  const pdf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let largest: { width: number; height: number } | null = null;
  for (let at = pdf.indexOf('/Image'); at >= 0; at = pdf.indexOf('/Image', at + 6)) {
    const from = Math.max(0, at - 2000);
    const around = pdf.subarray(from, at + 2000).toString('latin1');
    // the dictionary: from its object's start to its stream
    const dictionary = around.slice(around.lastIndexOf(' obj', at - from) + 1, around.indexOf('stream', at - from));
    const width = Number(/\/Width\s+(\d+)(?!\s+\d+\s+R)/.exec(dictionary)?.[1] ?? 0);
    const height = Number(/\/Height\s+(\d+)(?!\s+\d+\s+R)/.exec(dictionary)?.[1] ?? 0);
    if (width * height > (largest ? largest.width * largest.height : 0)) largest = { width, height };
  }
  return largest;
}

type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;
type OperatorList = Awaited<ReturnType<PdfPage['getOperatorList']>>;

/** How many letters the page draws visibly: an earlier OCR's text layer is invisible (rendering mode 3). */
function visibleLetters(list: OperatorList, ops: PdfJs['OPS']): number {
  let mode = 0;
  let letters = 0;
  list.fnArray.forEach((fn, i) => {
    if (fn === ops.setTextRenderingMode) mode = list.argsArray[i]![0] as number;
    if ((fn === ops.showText || fn === ops.showSpacedText) && mode !== 3) {
      for (const glyph of list.argsArray[i]![0] as Array<{ unicode?: string } | number>) if (typeof glyph === 'object' && glyph.unicode?.trim()) letters++;
    }
  });
  return letters;
}

/** One letter a page's text draws, where it is drawn. */
interface Letter {
  text: string;
  left: number;
  right: number;
  baseline: number;
  size: number;
}

/**
 * A born-digital page's words, each placed where it is drawn in the page rendered at
 * TEXT_LAYER_DPI, upright as the page is shown. Null when most of its text does not run across
 * the page as shown (a page saved turned): such a page is rendered and read by OCR, which turns it.
 */
async function textLayer(page: PdfPage, util: PdfJs['Util'], number: number): Promise<Word[] | null> {
  const viewport = page.getViewport({ scale: TEXT_LAYER_DPI / 72 });
  const letters: Letter[] = [];
  let other = 0;
  for (const item of (await page.getTextContent()).items) {
    if (!('str' in item) || item.str === '') continue;
    const [a, b, c, d, x, baseline] = util.transform(viewport.transform, item.transform) as number[];
    const text = [...item.str];
    if (a! <= 0 || Math.abs(b!) > 0.1 * a!) {
      other += text.length;
      continue;
    }
    // a run's letters share its width evenly: only where a word starts and ends matters
    const width = (item.width * viewport.scale) / text.length;
    text.forEach((letter, i) => letters.push({ text: letter, left: x! + i * width, right: x! + (i + 1) * width, baseline: baseline!, size: Math.hypot(c!, d!) }));
  }
  return letters.length > other ? wordsOf(letters, number) : null;
}

/**
 * Letters into words: the same line where their baselines meet, a new word at a space or where a
 * gap parts them. PDF writers draw a line in many runs (a run for each letter with a diacritic,
 * often), so runs are joined by where they are, not by how they were drawn.
 */
function wordsOf(letters: Letter[], page: number): Word[] {
  const lines: Letter[][] = [];
  for (const letter of [...letters].sort((a, b) => a.baseline - b.baseline)) {
    const line = lines.at(-1);
    if (line && Math.abs(line[0]!.baseline - letter.baseline) < 0.3 * letter.size) line.push(letter);
    else lines.push([letter]);
  }
  const words: Word[] = [];
  for (const line of lines) {
    let word: Letter[] = [];
    const close = () => {
      if (word.length === 0) return;
      const [first, last] = [word[0]!, word.at(-1)!];
      const size = Math.max(...word.map((l) => l.size));
      const box = { page, x: Math.round(first.left), y: Math.round(first.baseline - 0.8 * size), width: Math.max(1, Math.round(last.right - first.left)), height: Math.max(1, Math.round(size)) };
      words.push({ text: nfc(word.map((l) => l.text).join('')), gap: ' ', confidence: null, alternatives: [], box, cell: null });
      word = [];
    };
    for (const letter of line.sort((a, b) => a.left - b.left)) {
      const before = word.at(-1);
      if (letter.text.trim() === '') close();
      else {
        if (before && letter.left - before.right > 0.2 * letter.size) close();
        word.push(letter);
      }
    }
    close();
  }
  return words;
}

/** The page's own scanned image, when the page shows nothing but one image covering it. */
async function embeddedScan(page: PdfPage, list: OperatorList, ops: PdfJs['OPS'], number: number): Promise<PageImage | null> {
  const images = list.fnArray.flatMap((fn, i) => (fn === ops.paintImageXObject ? [list.argsArray[i]![0] as string] : []));
  if (images.length !== 1) return null;
  const image = await new Promise<{ width: number; height: number; data: Uint8ClampedArray; kind: number } | null>((resolve) => {
    try {
      page.objs.get(images[0]!, resolve);
    } catch {
      resolve(null);
    }
  });
  if (!image || !image.data) return null;
  const [x0, y0, x1, y1] = page.view as [number, number, number, number];
  const [pageWidth, pageHeight] = [x1 - x0, y1 - y0];
  // an image coarser than a pixel every two points is a logo or a stamp, not the scan (a phone's photo has 70 dpi or more)
  if (image.width * image.height > MAX_PIXELS || image.width < pageWidth / 2 || Math.abs(image.height / image.width - pageHeight / pageWidth) > 0.05) return null;
  const scannedDpi = Math.round((image.width / pageWidth) * 72);
  const { width, height, dpi, grey } = await readable({ width: image.width, height: image.height, dpi: scannedDpi, grey: toGrey(image) });
  // the image covers the page, its first row at the top
  const toPage: Affine = [pageWidth / width, 0, 0, -pageHeight / height, x0, y1];
  return { page: number, width, height, data: grey, dpi, scannedDpi, source: 'embedded image', words: null, toPage };
}

/**
 * A scanned page at a resolution the engine reads: one scanned below LOW_DPI (a phone's photo, a
 * fax) enlarged to RENDER_DPI, as a PDF page without its own scan is rendered; read at its own
 * resolution, binarisation loses a small letter's marks.
 */
async function readable(page: { width: number; height: number; dpi: number; grey: Uint8Array }): Promise<{ width: number; height: number; dpi: number; grey: Uint8Array }> {
  if (page.dpi >= LOW_DPI) return page;
  const { data, info } = await sharp(page.grey, { raw: { width: page.width, height: page.height, channels: 1 } })
    .resize(Math.round((page.width * RENDER_DPI) / page.dpi), null, { kernel: 'lanczos3' })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, dpi: RENDER_DPI, grey: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** pdf.js image kinds: 1 = 1 bit per pixel packed, 2 = RGB, 3 = RGBA. */
function toGrey(image: { width: number; height: number; data: Uint8ClampedArray; kind: number }): Uint8Array {
  const { width, height, data, kind } = image;
  const grey = new Uint8Array(width * height);
  if (kind === 1) {
    const stride = Math.ceil(width / 8);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) grey[y * width + x] = (data[y * stride + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 255 : 0;
    return grey;
  }
  return dropColour(data, kind === 3 ? 4 : 3);
}

/**
 * Colour pixels to grey with coloured ink dropped out: a pixel is as light as its luminance plus
 * twice its chroma, so a red or violet stamp, blue ink and highlighter fade to paper, the faint
 * edges JPEG's coarser colour leaves around them too. Black print stays dark, under them as well:
 * ink darkens what it covers, and the chroma counts in proportion to the luminance up to that of
 * coloured ink (INK_LUMINANCE), since JPEG keeps colour at half the resolution of light, and a
 * black stroke beside a stamp's takes on its colour. Grey pixels keep their luminance.
 */
export function dropColour(data: Uint8Array | Uint8ClampedArray, channels: number): Uint8Array {
  const grey = new Uint8Array(data.length / channels);
  for (let i = 0, j = 0; i < grey.length; i++, j += channels) {
    const [r, g, b] = [data[j]!, data[j + 1]!, data[j + 2]!];
    const chroma = Math.max(r, g, b) - Math.min(r, g, b);
    const luminance = (r * 299 + g * 587 + b * 114) / 1000;
    grey[i] = Math.min(255, luminance + 2 * chroma * Math.min(1, luminance / INK_LUMINANCE));
  }
  return grey;
}

/** Below the luminance of a stamp's red (pure red is 76) or a pen's blue: coloured ink this light or lighter is dropped whole. */
const INK_LUMINANCE = 60;

/** The document's canvas factory (pdf.js in Node draws with @napi-rs/canvas). */
interface CanvasFactory {
  create(width: number, height: number): { canvas: { toBuffer(mime: string): Buffer } };
}

async function render(doc: PdfDocument, page: PdfPage, number: number, dpi: number): Promise<PageImage> {
  const viewport = page.getViewport({ scale: dpi / 72 });
  const factory = (doc as unknown as { canvasFactory: CanvasFactory }).canvasFactory;
  const { canvas } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
  await page.render({ canvas: canvas as unknown as HTMLCanvasElement, viewport, background: 'white' }).promise;
  const png = canvas.toBuffer('image/png');
  const { data, info } = await sharp(png).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { page: number, width: info.width, height: info.height, data: dropColour(data, info.channels), dpi, scannedDpi: dpi, source: 'rendered', words: null, toPage: invert(viewport.transform as unknown as Affine) };
}
