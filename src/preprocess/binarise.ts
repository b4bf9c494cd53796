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
  // sums over a window sliding down the page: per column over the window's rows, then along each
  // row; memory stays a few rows' worth however large the page
  const columnSum = new Float64Array(width);
  const columnSquares = new Float64Array(width);
  const rowSum = new Float64Array(width + 1);
  const rowSquares = new Float64Array(width + 1);
  const addRow = (y: number, sign: number) => {
    const offset = y * width;
    for (let x = 0; x < width; x++) {
      const v = grey[offset + x]!;
      columnSum[x] = columnSum[x]! + sign * v;
      columnSquares[x] = columnSquares[x]! + sign * v * v;
    }
  };
  for (let y = 0; y < Math.min(radius, height); y++) addRow(y, 1);
  const ink = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    if (y + radius < height) addRow(y + radius, 1);
    if (y - radius - 1 >= 0) addRow(y - radius - 1, -1);
    const rows = Math.min(height, y + radius + 1) - Math.max(0, y - radius);
    for (let x = 0; x < width; x++) {
      rowSum[x + 1] = rowSum[x]! + columnSum[x]!;
      rowSquares[x + 1] = rowSquares[x]! + columnSquares[x]!;
    }
    // the threshold changes slowly across a window this wide: worked out every other pixel
    let threshold = 0;
    for (let x = 0; x < width; x++) {
      if (x % 2 === 0) {
        const x0 = Math.max(0, x - radius);
        const x1 = Math.min(width, x + radius + 1);
        const n = rows * (x1 - x0);
        const mean = (rowSum[x1]! - rowSum[x0]!) / n;
        const deviation = Math.sqrt(Math.max(0, (rowSquares[x1]! - rowSquares[x0]!) / n - mean * mean));
        threshold = mean * (1 + k * (deviation / 128 - 1));
      }
      ink[y * width + x] = grey[y * width + x]! < threshold ? 1 : 0;
    }
  }
  return ink;
}
