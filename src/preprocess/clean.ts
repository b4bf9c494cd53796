/** Darker than this (on a page whose contrast is stretched) is ink or a copier's shadow. */
const DARK = 128;

/**
 * Whitens the dark bands a photocopier or a scanner's lid leaves along a page's edges, where it
 * saw past the paper: from each edge, the dark run each pixel row (or column) starts with. A rule
 * or a line of text the band touches would run on past it, so no row is cleared much deeper than
 * the band is around it. Works in place; returns whether any band was found.
 */
export function clearEdges(grey: Uint8Array, width: number, height: number, dpi: number): boolean {
  const deepest = Math.min(Math.round(dpi), width, height);
  const gap = 2;
  const slack = Math.round(dpi * 0.03);
  const window = Math.max(5, Math.round(dpi / 4));
  // every edge is measured before any is cleared: where two bands meet in a corner, each sees its own
  const edges = [
    { lines: height, at: (y: number, k: number) => y * width + Math.min(k, width - 1) },
    { lines: height, at: (y: number, k: number) => y * width + Math.max(0, width - 1 - k) },
    { lines: width, at: (x: number, k: number) => Math.min(k, height - 1) * width + x },
    { lines: width, at: (x: number, k: number) => Math.max(0, height - 1 - k) * width + x },
  ].map(({ lines, at }) => {
    const depths = new Int32Array(lines);
    for (let line = 0; line < lines; line++) {
      let last = -1;
      for (let k = 0; k < deepest; k++) {
        if (grey[at(line, k)]! < DARK) last = k;
        else if (k - last > gap) break;
      }
      depths[line] = last + 1;
    }
    return { lines, at, depths };
  });
  let found = false;
  for (const { lines, at, depths } of edges)
    for (let line = 0; line < lines; line++) {
      if (depths[line] === 0) continue;
      // the band's depth here, from the lines around: a rule or a text line that runs on from it is
      // a few lines among them, and the band's ragged edge most of them
      const around = Array.from(depths.subarray(Math.max(0, line - window), Math.min(lines, line + window + 1))).sort((a, b) => a - b);
      const depth = Math.min(depths[line]!, around[Math.floor(around.length * 0.8)]! + slack);
      if (depth > gap) found = true;
      for (let k = 0; k < depth; k++) grey[at(line, k)] = 255;
    }
  return found;
}

/**
 * Removes specks: bits of ink smaller than a full stop is at 10 points with no other ink near
 * them (toner, dust, grain a threshold kept). A full stop, a decimal point or a diacritic sits
 * close to its letters and stays. Works in place on the ink and on the grey image (which the
 * engine reads figures from); returns how many specks it removed.
 */
export function removeSpecks(ink: Uint8Array, grey: Uint8Array, width: number, height: number, dpi: number): number {
  const most = Math.max(4, Math.round((dpi / 300) ** 2 * 24));
  const reach = Math.max(3, Math.round(dpi * 0.03));
  const rule = Math.round(dpi * 0.15);
  // 2: in the piece being gathered; 1: looked at before
  const seen = new Uint8Array(ink.length);
  const piece = new Int32Array(most + 1);
  let removed = 0;
  for (let start = 0; start < ink.length; start++) {
    if (!ink[start] || seen[start]) continue;
    // gather the piece; one larger than a speck, or joined to ink looked at before, is not one
    let size = 0;
    let next = 0;
    let speck = true;
    seen[start] = 2;
    piece[size++] = start;
    while (next < size) {
      const i = piece[next++]!;
      const [x, y] = [i % width, Math.floor(i / width)];
      for (let ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++)
        for (let nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) {
          const j = ny * width + nx;
          if (!ink[j] || seen[j] === 2) continue;
          if (seen[j] === 1 || size > most) {
            speck = false;
            seen[j] = 1;
          } else {
            seen[j] = 2;
            piece[size++] = j;
          }
        }
    }
    const pixels = piece.subarray(0, size);
    // most pieces are letters and rules: only a speck's surroundings are looked at
    const [left, top, right, bottom] = speck ? boundsOf(pixels) : [0, 0, 0, 0];
    const isolated = speck && alone(left, top, right, bottom);
    for (const i of pixels) seen[i] = 1;
    if (!isolated) continue;
    removed++;
    for (const i of pixels) ink[i] = 0;
    // the grey speck is a little wider than its ink
    for (let y = Math.max(0, top - 2); y <= Math.min(height - 1, bottom + 2); y++)
      for (let x = Math.max(0, left - 2); x <= Math.min(width - 1, right + 2); x++) grey[y * width + x] = 255;
  }
  return removed;

  function boundsOf(pixels: Int32Array): [number, number, number, number] {
    const xs = Array.from(pixels, (i) => i % width);
    const ys = Array.from(pixels, (i) => Math.floor(i / width));
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  }

  /** Whether no ink but the piece's own lies within reach of it, a table's rules aside. */
  function alone(left: number, top: number, right: number, bottom: number): boolean {
    for (let y = Math.max(0, top - reach); y <= Math.min(height - 1, bottom + reach); y++)
      for (let x = Math.max(0, left - reach); x <= Math.min(width - 1, right + reach); x++) {
        const i = y * width + x;
        if (ink[i] && seen[i] !== 2 && !onRule(x, y)) return false;
      }
    return true;
  }

  /** Whether an ink pixel lies on a straight run of ink longer than any letter's stroke is wide. */
  function onRule(x: number, y: number): boolean {
    const run = (dx: number, dy: number) => {
      let n = 0;
      for (let [u, v] = [x + dx, y + dy]; n < rule && u >= 0 && v >= 0 && u < width && v < height && ink[v * width + u]; u += dx, v += dy) n++;
      return n;
    };
    return run(1, 0) + run(-1, 0) >= rule || run(0, 1) + run(0, -1) >= rule;
  }
}
