/** Otsu's threshold over a greyscale histogram: the grey level that best splits ink from paper. */
export function otsuThreshold(grey: ArrayLike<number>): number {
  const histogram = new Float64Array(256);
  for (let i = 0; i < grey.length; i++) histogram[grey[i]!]!++;
  const total = grey.length;
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * histogram[v]!;
  let below = 0;
  let sumBelow = 0;
  let best = 0;
  let threshold = 128;
  for (let v = 0; v < 256; v++) {
    below += histogram[v]!;
    if (below === 0) continue;
    const above = total - below;
    if (above === 0) break;
    sumBelow += v * histogram[v]!;
    const meanBelow = sumBelow / below;
    const meanAbove = (sum - sumBelow) / above;
    const between = below * above * (meanBelow - meanAbove) ** 2;
    if (between > best) {
      best = between;
      threshold = v + 1;
    }
  }
  return threshold;
}

/**
 * Sauvola binarisation: each pixel is ink when darker than a threshold set by the mean and
 * spread of its neighbourhood, so a shaded photocopy or a dark margin does not swallow text,
 * while a faint table rule on clean paper is kept. Returns 1 for ink, 0 for paper.
 */
export function binarise(grey: Uint8Array, width: number, height: number, dpi: number): Uint8Array {
  const radius = Math.max(7, Math.round(dpi / 12));
  const k = 0.25;
  const w1 = width + 1;
  const sum = new Float64Array(w1 * (height + 1));
  const squares = new Float64Array(w1 * (height + 1));
  for (let y = 0; y < height; y++) {
    let rowSum = 0;
    let rowSquares = 0;
    for (let x = 0; x < width; x++) {
      const v = grey[y * width + x]!;
      rowSum += v;
      rowSquares += v * v;
      sum[(y + 1) * w1 + x + 1] = sum[y * w1 + x + 1]! + rowSum;
      squares[(y + 1) * w1 + x + 1] = squares[y * w1 + x + 1]! + rowSquares;
    }
  }
  const ink = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(height, y + radius + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - radius);
      const x1 = Math.min(width, x + radius + 1);
      const n = (y1 - y0) * (x1 - x0);
      const s = sum[y1 * w1 + x1]! - sum[y0 * w1 + x1]! - sum[y1 * w1 + x0]! + sum[y0 * w1 + x0]!;
      const q = squares[y1 * w1 + x1]! - squares[y0 * w1 + x1]! - squares[y1 * w1 + x0]! + squares[y0 * w1 + x0]!;
      const mean = s / n;
      const deviation = Math.sqrt(Math.max(0, q / n - mean * mean));
      const threshold = mean * (1 + k * (deviation / 128 - 1));
      ink[y * width + x] = grey[y * width + x]! < threshold ? 1 : 0;
    }
  }
  return ink;
}
