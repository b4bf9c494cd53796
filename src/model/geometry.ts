/**
 * Plane maps between a page's pixel spaces and PDF's user space, in PDF's order [a, b, c, d, e, f]:
 * x' = a·x + c·y + e, y' = b·x + d·y + f. Coordinates are continuous (a pixel's left edge is x, its
 * right edge x + 1), so a box's corners map exactly.
 */
export type Affine = readonly [number, number, number, number, number, number];

export const IDENTITY: Affine = [1, 0, 0, 1, 0, 0];

/** `outer` applied after `inner`. */
export function compose(outer: Affine, inner: Affine): Affine {
  const [a, b, c, d, e, f] = outer;
  const [p, q, r, s, t, u] = inner;
  return [a * p + c * q, b * p + d * q, a * r + c * s, b * r + d * s, a * t + c * u + e, b * t + d * u + f];
}

export function invert([a, b, c, d, e, f]: Affine): Affine {
  const det = a * d - b * c;
  return [d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det];
}

export function apply([a, b, c, d, e, f]: Affine, x: number, y: number): [number, number] {
  return [a * x + c * y + e, b * x + d * y + f];
}

/**
 * An image of `width` × `height` pixels turned `degrees` clockwise about its centre onto a canvas
 * of `toWidth` × `toHeight` (sharp's rotate, which grows the canvas to hold the turned image):
 * where each point of the image lands. Pixel rows run down, so a clockwise turn is (x, y) → (x cos − y sin, x sin + y cos).
 */
export function turn(degrees: number, width: number, height: number, toWidth: number, toHeight: number): Affine {
  const t = (degrees * Math.PI) / 180;
  const [cos, sin] = [Math.cos(t), Math.sin(t)];
  const centred: Affine = [1, 0, 0, 1, -width / 2, -height / 2];
  return compose([cos, sin, -sin, cos, toWidth / 2, toHeight / 2], centred);
}
