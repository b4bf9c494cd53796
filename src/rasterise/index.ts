import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { DigitiseError } from '../errors.js';

/** One page as greyscale pixels, one byte each, rows top to bottom. */
export interface PageImage {
  /** 1-based page number in the input. */
  page: number;
  width: number;
  height: number;
  data: Uint8Array;
  /** Resolution the page was scanned or rendered at, so sizes in points can be turned into pixels. */
  dpi: number;
  /** How the pixels were obtained: a scanned page's own image, or the page rendered. */
  source: 'embedded image' | 'rendered' | 'image file';
}

/** Born-digital pages are rendered at this resolution; it is what OCR engines are tuned for. */
const RENDER_DPI = 300;
/** More pixels than a 600-dpi A3 page: beyond this an image is refused rather than exhausting memory. */
const MAX_PIXELS = 7000 * 10000;

const require = createRequire(import.meta.url);

/**
 * Every page of a scanned PDF or image file as greyscale pixels. A PDF page that is one scanned
 * image is taken at that image's own resolution; any other page is rendered.
 */
export async function* rasterise(path: string): AsyncGenerator<PageImage> {
  const extension = extname(path).toLowerCase();
  if (extension === '.pdf') yield* pdfPages(path);
  else yield* imagePages(path);
}

async function* imagePages(path: string): AsyncGenerator<PageImage> {
  let pages: number;
  let density: number | undefined;
  try {
    const meta = await sharp(path).metadata();
    pages = meta.pages ?? 1;
    density = meta.density;
  } catch (error) {
    throw new DigitiseError('E_CORRUPT', `${path}: not a readable image (${(error as Error).message})`, path, { cause: error });
  }
  for (let page = 0; page < pages; page++) {
    const image = sharp(path, { page, limitInputPixels: MAX_PIXELS });
    const { channels = 1 } = await image.metadata();
    // colour pages keep their colour until stamps and ink are dropped from it
    const { data, info } = await (channels >= 3 ? image.removeAlpha().toColourspace('srgb') : image.greyscale()).raw().toBuffer({ resolveWithObject: true });
    const grey = info.channels >= 3 ? dropColour(data, info.channels) : new Uint8Array(data.buffer, data.byteOffset, data.length);
    // a scan without a recorded density is assumed to be at the usual 300 dpi
    const dpi = density && density >= 100 && density <= 1200 ? density : estimateDpi(info.width, info.height);
    yield { page: page + 1, width: info.width, height: info.height, data: grey, dpi, source: 'image file' };
  }
}

/** An A4 page's pixel size gives its resolution. */
function estimateDpi(width: number, height: number): number {
  return Math.round((Math.min(width, height) / 8.27 + Math.max(width, height) / 11.69) / 2);
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

async function* pdfPages(path: string): AsyncGenerator<PageImage> {
  const { getDocument, OPS } = await loadPdfJs();
  const root = dirname(require.resolve('pdfjs-dist/package.json'));
  const bytes = new Uint8Array(await readFile(path));
  let doc;
  try {
    doc = await getDocument({
      data: bytes,
      // everything pdf.js may fetch comes from the installed package, never the network
      standardFontDataUrl: pathToFileURL(join(root, 'standard_fonts') + '/').href,
      cMapUrl: pathToFileURL(join(root, 'cmaps') + '/').href,
      wasmUrl: pathToFileURL(join(root, 'wasm') + '/').href,
      isEvalSupported: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    const name = (error as Error).name;
    const reason = name === 'PasswordException' ? 'the PDF is encrypted' : `not a readable PDF (${(error as Error).message})`;
    throw new DigitiseError('E_CORRUPT', `${path}: ${reason}`, path, { cause: error });
  }
  try {
    for (let number = 1; number <= doc.numPages; number++) {
      const page = await doc.getPage(number);
      try {
        yield (await embeddedScan(page, OPS, number)) ?? (await render(doc, page, number));
      } finally {
        page.cleanup();
      }
    }
  } finally {
    await doc.destroy();
  }
}

type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

/** The page's own scanned image, when the page shows nothing but one image covering it. */
async function embeddedScan(page: PdfPage, ops: PdfJs['OPS'], number: number): Promise<PageImage | null> {
  const list = await page.getOperatorList();
  const images = list.fnArray.flatMap((fn, i) => (fn === ops.paintImageXObject ? [list.argsArray[i]![0] as string] : []));
  // an earlier OCR's text layer is invisible (rendering mode 3) and does not make the page born-digital
  let mode = 0;
  let drawsText = false;
  list.fnArray.forEach((fn, i) => {
    if (fn === ops.setTextRenderingMode) mode = list.argsArray[i]![0] as number;
    if ((fn === ops.showText || fn === ops.showSpacedText) && mode !== 3) drawsText = true;
  });
  if (images.length !== 1 || drawsText) return null;
  const image = await new Promise<{ width: number; height: number; data: Uint8ClampedArray; kind: number } | null>((resolve) => {
    try {
      page.objs.get(images[0]!, resolve);
    } catch {
      resolve(null);
    }
  });
  if (!image || !image.data) return null;
  const [, , pageWidth, pageHeight] = page.view;
  const dpi = Math.round((image.width / pageWidth!) * 72);
  // an image much smaller than the page is a logo or a stamp, not the scan
  if (image.width * image.height > MAX_PIXELS || image.width < pageWidth! * 1.5 || Math.abs(image.height / image.width - pageHeight! / pageWidth!) > 0.05) return null;
  return { page: number, width: image.width, height: image.height, data: toGrey(image), dpi, source: 'embedded image' };
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
 * edges JPEG's coarser colour leaves around them too, while black print, under them as well (ink
 * darkens what it covers), stays dark. Grey pixels keep their luminance.
 */
export function dropColour(data: Uint8Array | Uint8ClampedArray, channels: number): Uint8Array {
  const grey = new Uint8Array(data.length / channels);
  for (let i = 0, j = 0; i < grey.length; i++, j += channels) {
    const [r, g, b] = [data[j]!, data[j + 1]!, data[j + 2]!];
    const chroma = Math.max(r, g, b) - Math.min(r, g, b);
    grey[i] = Math.min(255, (r * 299 + g * 587 + b * 114) / 1000 + 2 * chroma);
  }
  return grey;
}

/** The document's canvas factory (pdf.js in Node draws with @napi-rs/canvas). */
interface CanvasFactory {
  create(width: number, height: number): { canvas: { toBuffer(mime: string): Buffer } };
}

async function render(doc: PdfDocument, page: PdfPage, number: number): Promise<PageImage> {
  const viewport = page.getViewport({ scale: RENDER_DPI / 72 });
  const factory = (doc as unknown as { canvasFactory: CanvasFactory }).canvasFactory;
  const { canvas } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
  await page.render({ canvas: canvas as unknown as HTMLCanvasElement, viewport, background: 'white' }).promise;
  const png = canvas.toBuffer('image/png');
  const { data, info } = await sharp(png).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { page: number, width: info.width, height: info.height, data: dropColour(data, info.channels), dpi: RENDER_DPI, source: 'rendered' };
}
