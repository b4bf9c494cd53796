import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBatch, type DispatchRecord } from '../src/index.js';
import { makeScan, pdfOfScans } from '../samples/make-scans.js';
import { rasterise } from '../src/rasterise/index.js';
import { scratchDir } from './scratch.js';

/*
 * `digitise run --pdf` on a greyscale scan (the Q3/2018 sample, JPEG pages at 200 dpi) and a
 * bilevel one (CCITT G4 at 200 dpi, its second page saved turned a quarter): the same pages, the
 * same image streams byte for byte, and phrases read from them, with their diacritics, found on
 * their own pages by pdf.js and by poppler's pdftotext.
 */
const golden = (name: string) => JSON.parse(readFileSync(`golden/${name}.json`, 'utf8')) as DispatchRecord;

/** Where pdftotext is not installed (.ci/run installs it), its half of the check says it was skipped. */
const PDFTOTEXT = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const dir = scratchDir('searchable-');
const inputs = { grey: 'samples/2018-Q3.scan.pdf', bilevel: join(dir, 'bilevel.pdf') };
const outputs = { grey: join(dir, 'out', '2018-Q3.scan.searchable.pdf'), bilevel: join(dir, 'out', 'bilevel.searchable.pdf') };

/** Each page's phrases, as the scans print them. */
const PHRASES: Record<keyof typeof inputs, Record<number, string[]>> = {
  grey: {
    1: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Đắk Lắk, ngày 11 tháng 10 năm 2018', 'thực hiện việc gửi, nhận 67.309 văn bản điện tử'],
    2: ['Thống kê tình hình gửi, nhận văn bản điện tử', 'Sở Khoa học và Công nghệ'],
    4: ['Kết quả tiếp nhận, giải quyết thủ tục hành chính'],
  },
  bilevel: {
    1: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Đắk Lắk, ngày 17 tháng 4 năm 2018'],
    2: ['Thống kê tình hình gửi, nhận', 'Sở Giáo dục và Đào tạo'],
    3: ['Văn phòng Ủy ban nhân dân tỉnh', 'Sở Tài nguyên và Môi trường'],
  },
};

const squeezed = (text: string) => text.replace(/\s+/g, ' ');

/** Each page's text as pdf.js extracts it, and which of its runs go up the page rather than across. */
async function pdfjsPages(path: string): Promise<Array<{ text: string; upright: number; vertical: number }>> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(readFileSync(path)), verbosity: 0 }).promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const { items } = await (await doc.getPage(n)).getTextContent();
    const runs = items.filter((item) => 'str' in item && item.str.trim() !== '') as Array<{ str: string; transform: number[] }>;
    const vertical = runs.filter((r) => Math.abs(r.transform[1]!) > Math.abs(r.transform[0]!)).length;
    pages.push({ text: squeezed(runs.map((r) => r.str).join(' ')), upright: runs.length - vertical, vertical });
  }
  await doc.destroy();
  return pages;
}

/** Every image stream each page draws, as its bytes are encoded. */
async function imageStreams(path: string): Promise<Uint8Array[][]> {
  const doc = await PDFDocument.load(readFileSync(path));
  return doc.getPages().map((page) => {
    const xobjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    return (xobjects?.values() ?? []).map((ref) => doc.context.lookup(ref)).filter((s): s is PDFRawStream => s instanceof PDFRawStream).map((s) => s.contents);
  });
}

describe('searchable PDFs', () => {
  beforeAll(async () => {
    const pages = await makeScan(golden('2018-Q1'), { dpi: 200, skew: 1.5, quality: 80, noise: 4, blur: 0.4, font: 'Liberation Serif', seed: 3, bilevel: true, turned: [2] });
    writeFileSync(inputs.bilevel, pdfOfScans(pages.slice(0, 3), 200));
    const { failed, results } = await runBatch([inputs.grey, inputs.bilevel], join(dir, 'out'), { searchablePdf: true });
    expect(failed).toBe(0);
    for (const result of results) expect(result.files.some((f) => f.endsWith('.searchable.pdf'))).toBe(true);
  }, 180_000);

  it.each(Object.keys(inputs) as Array<keyof typeof inputs>)('%s: the same pages and image streams, close to the input’s size', async (kind) => {
    const [before, after] = await Promise.all([imageStreams(inputs[kind]), imageStreams(outputs[kind])]);
    expect(after).toHaveLength(before.length);
    after.forEach((streams, page) => expect(streams.map((s) => Buffer.from(s).equals(Buffer.from(before[page]![0]!)))).toEqual([true]));
    const [input, output] = [statSync(inputs[kind]).size, statSync(outputs[kind]).size];
    expect(output).toBeLessThanOrEqual(input * 1.1 + 100_000);
  }, 30_000);

  it.each(Object.keys(inputs) as Array<keyof typeof inputs>)('%s: phrases with their diacritics on their own pages, by pdf.js', async (kind) => {
    const pages = await pdfjsPages(outputs[kind]);
    for (const [page, phrases] of Object.entries(PHRASES[kind])) {
      for (const phrase of phrases) expect(pages[Number(page) - 1]!.text).toContain(phrase);
      // and not on the pages before it
      for (const other of pages.slice(0, Number(page) - 1)) expect(other.text).not.toContain(phrases[0]);
    }
  }, 30_000);

  it.skipIf(!PDFTOTEXT).each(Object.keys(inputs) as Array<keyof typeof inputs>)('%s: phrases with their diacritics on their own pages, by pdftotext', (kind) => {
    for (const [page, phrases] of Object.entries(PHRASES[kind])) {
      const text = squeezed(execFileSync('pdftotext', ['-f', page, '-l', page, outputs[kind], '-'], { encoding: 'utf8' }));
      for (const phrase of phrases) expect(text).toContain(phrase);
    }
  });

  it('lays the words of a page saved turned along its lines, up the page', async () => {
    const [first, turned, third] = await pdfjsPages(outputs.bilevel);
    expect(first!.vertical).toBe(0);
    expect(third!.vertical).toBe(0);
    expect(turned!.upright).toBeLessThan(turned!.vertical / 20);
  }, 30_000);
});

describe('searchable PDFs of image files', () => {
  const images = scratchDir('searchable-images-');
  /** What each file's page image must be in the PDF: the file's own encoded bytes (a PNG's IDAT, a TIFF's strips). */
  const encoded = new Map<string, Buffer>();

  beforeAll(async () => {
    const first = (await rasterise('samples/2018-Q3.scan.pdf').next()).value!;
    const page = () => sharp(first.data, { raw: { width: first.width, height: first.height, channels: 1 } }).withMetadata({ density: first.dpi });
    const jpeg = await page().jpeg({ quality: 85 }).toBuffer();
    const png = await page().png().toBuffer();
    const black = first.data.map((v: number) => (v < 160 ? 0 : 255));
    const perMillimetre = first.dpi / 25.4;
    const tiff = await sharp(black, { raw: { width: first.width, height: first.height, channels: 1 } })
      .toColourspace('b-w')
      .tiff({ compression: 'ccittfax4', bitdepth: 1, miniswhite: true, xres: perMillimetre, yres: perMillimetre })
      .toBuffer();
    for (const [name, bytes] of [['page-jpeg.jpg', jpeg], ['page-png.png', png], ['page-tiff.tif', tiff]] as const) writeFileSync(join(images, name), bytes);
    encoded.set('page-jpeg.jpg', jpeg);
    encoded.set('page-png.png', pngData(png));
    encoded.set('page-tiff.tif', tiffStrips(tiff));
    const { failed } = await runBatch(['page-jpeg.jpg', 'page-png.png', 'page-tiff.tif'].map((n) => join(images, n)), join(images, 'out'), { searchablePdf: true });
    expect(failed).toBe(0);
  }, 180_000);

  it.each(['page-jpeg.jpg', 'page-png.png', 'page-tiff.tif'])('%s: its image as the file encodes it, the page its size at its resolution, and its text', async (name) => {
    const output = join(images, 'out', name.replace(/\.\w+$/, '.searchable.pdf'));
    const [streams] = await imageStreams(output);
    // a TIFF's strips are each an image of their own, stacked
    expect(Buffer.concat(streams!.map((s) => Buffer.from(s))).equals(encoded.get(name)!)).toBe(true);
    const doc = await PDFDocument.load(readFileSync(output));
    const meta = await sharp(join(images, name)).metadata();
    expect(doc.getPage(0).getWidth()).toBeCloseTo((meta.width! * 72) / meta.density!, 1);
    const [page] = await pdfjsPages(output);
    expect(page!.text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(statSync(output).size).toBeLessThanOrEqual(statSync(join(images, name)).size * 1.1 + 100_000);
  }, 30_000);
});

/** A PNG's IDAT chunks, joined: its compressed pixels. */
function pngData(png: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 8; at < png.length; at += 12 + png.readUInt32BE(at)) if (png.toString('latin1', at + 4, at + 8) === 'IDAT') parts.push(png.subarray(at + 8, at + 8 + png.readUInt32BE(at)));
  return Buffer.concat(parts);
}

/** A little-endian TIFF's strips (StripOffsets 273, StripByteCounts 279, LONG arrays), joined. */
function tiffStrips(tiff: Buffer): Buffer {
  const ifd = tiff.readUInt32LE(4);
  const values = (id: number) => {
    for (let i = 0; i < tiff.readUInt16LE(ifd); i++) {
      const entry = ifd + 2 + 12 * i;
      if (tiff.readUInt16LE(entry) !== id) continue;
      const n = tiff.readUInt32LE(entry + 4);
      const at = n === 1 ? entry + 8 : tiff.readUInt32LE(entry + 8);
      return Array.from({ length: n }, (_, k) => tiff.readUInt32LE(at + 4 * k));
    }
    throw new Error(`no tag ${id}`);
  };
  const lengths = values(279);
  return Buffer.concat(values(273).map((offset, i) => tiff.subarray(offset, offset + lengths[i]!)));
}
