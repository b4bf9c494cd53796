import sharp from 'sharp';
import { compose, IDENTITY, invert, turn, type Affine } from '../model/index.js';
import type { PageImage } from '../rasterise/index.js';
import { binarise, otsuThreshold } from './binarise.js';
import { clearEdges, removeSpecks } from './clean.js';
import { estimateSkew, isUpsideDown, isSideways } from './orientation.js';

/** A page made ready for layout analysis and OCR: upright, straight, and in black and white. */
export interface PreparedPage {
  page: number;
  width: number;
  height: number;
  dpi: number;
  /** The resolution it was scanned at (see PageImage). */
  scannedDpi: number;
  /** Greyscale, straightened. */
  grey: Uint8Array;
  /** 1 where ink is, 0 for paper; same size as `grey`. */
  ink: Uint8Array;
  /** What was done to straighten it: quarter turns (clockwise) and the skew corrected, in degrees. */
  quarterTurns: number;
  skew: number;
  /** Whether dark bands along its edges (a copier's shadow) were whitened. */
  edgesCleared: boolean;
  /** Where a point of these pixels was in the input image's: the turns and the skew undone. */
  toInput: Affine;
}

/** The largest skew looked for: a page laid crooked on a copier's glass reaches it, a feeder's seldom half. */
export const MAX_SKEW = 10;

/**
 * Whitens a copier's dark edges, turns the page upright (90° and 180° turns are detected from
 * the ink), corrects its skew from the projection profile of its text lines and table rules,
 * binarises it so thin rules and diacritics survive (Sauvola: a threshold that follows the local
 * background), and removes specks.
 */
export async function preprocess(image: PageImage): Promise<PreparedPage> {
  // a page read from its text is drawn upright and straight, and its words are placed on it as drawn
  if (image.words) {
    const { page, width, height, dpi, scannedDpi } = image;
    return { page, width, height, dpi, scannedDpi, grey: image.data, ink: binarise(image.data, width, height, dpi), quarterTurns: 0, skew: 0, edgesCleared: false, toInput: IDENTITY };
  }
  const bilevel = isBilevel(image.data);
  let grey = bilevel ? image.data.slice() : normalised(image);
  let { width, height } = image;
  // a copier's shadow along an edge would pass for a rule or a column of text
  const edgesCleared = clearEdges(grey, width, height, image.dpi);
  let quarterTurns = 0;
  // where each input point is now, turn after turn
  let fromInput = IDENTITY;
  const turned = async (degrees: number) => {
    const before = { width, height };
    ({ data: grey, width, height } = await rotate(grey, width, height, degrees));
    fromInput = compose(turn(degrees, before.width, before.height, width, height), fromInput);
  };

  const small = await downscaled(grey, width, height);
  if (isSideways(small.ink, small.width, small.height, MAX_SKEW)) {
    await turned(90);
    quarterTurns = 1;
  }
  const skewed = quarterTurns ? await downscaled(grey, width, height) : small;
  const skew = estimateSkew(skewed.ink, skewed.width, skewed.height, MAX_SKEW);
  if (Math.abs(skew) >= 0.05) await turned(-skew);

  // the half-turn test needs only text-line shapes: a reduced copy is enough and far quicker
  const straight = await downscaled(grey, width, height);
  if (isUpsideDown(straight.ink, straight.width, straight.height, (image.dpi * straight.width) / width)) {
    await turned(180);
    quarterTurns += 2;
  }
  // a page scanned in black and white is binarised already: turning it greys only its strokes' edges,
  // which stay ink (a one-pixel rule turned is two grey pixels)
  const ink = bilevel ? thresholded(grey, 192) : binarise(grey, width, height, image.dpi);
  removeSpecks(ink, grey, width, height, image.dpi);
  return { page: image.page, width, height, dpi: image.dpi, scannedDpi: image.scannedDpi, grey, ink, quarterTurns: quarterTurns % 4, skew, edgesCleared, toInput: invert(fromInput) };
}

/** Whether every pixel is black or white (a bilevel scan: CCITT G4, JBIG2). */
function isBilevel(data: Uint8Array): boolean {
  for (let i = 0; i < data.length; i++) if (data[i] !== 0 && data[i] !== 255) return false;
  return true;
}

/** 1 where a pixel is darker than `threshold`, 0 elsewhere. */
function thresholded(grey: Uint8Array, threshold: number): Uint8Array {
  const ink = new Uint8Array(grey.length);
  for (let i = 0; i < grey.length; i++) ink[i] = grey[i]! < threshold ? 1 : 0;
  return ink;
}

/**
 * Stretches the page's contrast so paper is white and ink black. The paper level is a high
 * percentile; the ink level a very low one, but never lighter than mid-grey, so a nearly blank
 * page keeps its grain faint instead of having it stretched into ink.
 */
function normalised(image: PageImage): Uint8Array {
  const histogram = new Float64Array(256);
  for (let i = 0; i < image.data.length; i++) histogram[image.data[i]!]!++;
  const percentile = (share: number) => {
    let seen = 0;
    for (let v = 0; v < 256; v++) if ((seen += histogram[v]!) >= share * image.data.length) return v;
    return 255;
  };
  const paper = Math.max(percentile(0.6), 64);
  const black = Math.min(percentile(0.002), 100);
  const scale = 255 / Math.max(1, paper - black);
  const levels = new Uint8Array(256).map((_, v) => Math.max(0, Math.min(255, Math.round((v - black) * scale))));
  const out = new Uint8Array(image.data.length);
  for (let i = 0; i < out.length; i++) out[i] = levels[image.data[i]!]!;
  return out;
}

/** Angle analysis needs no more than about 100 dpi. */
async function downscaled(grey: Uint8Array, width: number, height: number): Promise<{ ink: Uint8Array; width: number; height: number }> {
  const target = Math.min(1, 1000 / width);
  const { data, info } = await sharp(grey, { raw: { width, height, channels: 1 } })
    .resize(Math.round(width * target))
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  // on a nearly blank page Otsu splits the paper's own grain; ink is darker than mid-grey anyway
  return { ink: thresholded(data, Math.min(otsuThreshold(data), 150)), width: info.width, height: info.height };
}

/** Rotates clockwise by `degrees`, filling the corners with paper white. */
async function rotate(grey: Uint8Array, width: number, height: number, degrees: number): Promise<{ data: Uint8Array; width: number; height: number }> {
  const { data, info } = await sharp(grey, { raw: { width, height, channels: 1 } })
    .rotate(degrees, { background: { r: 255, g: 255, b: 255 } })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** The page turned half a turn: its pixels in reverse order. */
export function turnedOver(page: PreparedPage): PreparedPage {
  const back = turn(180, page.width, page.height, page.width, page.height);
  return { ...page, grey: page.grey.slice().reverse(), ink: page.ink.slice().reverse(), quarterTurns: (page.quarterTurns + 2) % 4, toInput: compose(page.toInput, back) };
}
