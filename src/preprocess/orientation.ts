/**
 * How the page lies, read from where its ink is: text lines and table rules make the horizontal
 * projection of an upright page sharply peaked, and Vietnamese letters carry more ink above the
 * x-height band (ascenders, tone marks) than below it (descenders).
 */

/** Ink pixels sampled for the angle search: enough for a stable profile, few enough to be quick. */
const SAMPLE = 60_000;

function inkPoints(ink: Uint8Array, width: number, height: number): Int32Array {
  let count = 0;
  for (let i = 0; i < ink.length; i++) count += ink[i]!;
  const step = Math.max(1, Math.floor(count / SAMPLE));
  const points: number[] = [];
  let seen = 0;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) if (ink[y * width + x] && seen++ % step === 0) points.push(x, y);
  return Int32Array.from(points);
}

/** Peakiness of the projection of the points onto the vertical axis after turning by `degrees`. */
function profileSharpness(points: Int32Array, height: number, width: number, degrees: number): number {
  const t = Math.tan((degrees * Math.PI) / 180);
  const offset = Math.ceil(Math.abs(t) * width);
  const bins = new Float64Array(height + 2 * offset + 1);
  for (let i = 0; i < points.length; i += 2) bins[Math.round(points[i + 1]! - points[i]! * t) + offset]!++;
  let score = 0;
  for (let i = 1; i < bins.length; i++) score += (bins[i]! - bins[i - 1]!) ** 2;
  return score;
}

/** The page's skew in degrees (positive: lines fall to the right), searched coarse then fine. */
export function estimateSkew(ink: Uint8Array, width: number, height: number, maxDegrees: number): number {
  const points = inkPoints(ink, width, height);
  if (points.length < 200) return 0;
  let best = 0;
  let bestScore = -1;
  const search = (from: number, to: number, step: number) => {
    for (let a = from; a <= to + 1e-9; a += step) {
      const score = profileSharpness(points, height, width, a);
      if (score > bestScore) {
        bestScore = score;
        best = a;
      }
    }
  };
  search(-maxDegrees, maxDegrees, 0.5);
  const coarse = best;
  search(coarse - 0.5, coarse + 0.5, 0.1);
  const fine = best;
  search(fine - 0.1, fine + 0.1, 0.02);
  return Math.round(best * 100) / 100;
}

/**
 * Turned a quarter: text lines line up far more sharply across the page than down it. Each
 * direction is judged at its own best angle up to the largest skew, so a skewed page is judged fairly.
 */
export function isSideways(ink: Uint8Array, width: number, height: number, maxDegrees: number): boolean {
  const points = inkPoints(ink, width, height);
  if (points.length < 200) return false;
  const turned = new Int32Array(points.length);
  for (let i = 0; i < points.length; i += 2) {
    turned[i] = points[i + 1]!;
    turned[i + 1] = points[i]!;
  }
  const sharpest = (p: Int32Array, rows: number, columns: number) => {
    let best = 0;
    for (let a = -maxDegrees; a <= maxDegrees; a += 1) best = Math.max(best, profileSharpness(p, rows, columns, a));
    return best;
  };
  const across = sharpest(points, height, width);
  const down = sharpest(turned, width, height);
  return down > across * 1.3;
}

/** Ink with its long straight strokes (table rules, underlines) taken out: the letters alone. */
function lettersOnly(ink: Uint8Array, width: number, height: number, longest: number): Uint8Array {
  const out = Uint8Array.from(ink);
  // rows: pixel (line, i) is line * width + i; columns: i * width + line
  const rules = clearLongRuns(ink, out, height, width, (line, i) => line * width + i, longest);
  clearLongRuns(ink, out, width, height, (line, i) => i * width + line, longest);
  // a rule's pixel rows beside it come through the threshold broken into bits too short to be
  // found, which would read as ink under or over a line of text: cleared along the rule's length
  for (const { line, from, to } of rules)
    for (let y = Math.max(0, line - 1); y <= Math.min(height - 1, line + 1); y++) out.fill(0, y * width + from, y * width + to);
  return out;
}

/** Clears in `out` every run of ink in `ink` longer than `longest` along each of `lines` lines; returns the runs. */
function clearLongRuns(ink: Uint8Array, out: Uint8Array, lines: number, length: number, at: (line: number, i: number) => number, longest: number): Array<{ line: number; from: number; to: number }> {
  const runs: Array<{ line: number; from: number; to: number }> = [];
  for (let line = 0; line < lines; line++)
    for (let i = 0; i < length; ) {
      if (!ink[at(line, i)]) {
        i++;
        continue;
      }
      // a rule the scan or the threshold broke for a pixel or two is still one rule
      let end = i;
      for (let next = i; next < length && next - end <= 2; next++) if (ink[at(line, next)]) end = next + 1;
      if (end - i > longest) {
        for (let k = i; k < end; k++) out[at(line, k)] = 0;
        runs.push({ line, from: i, to: end });
      }
      i = end;
    }
  return runs;
}

/**
 * Upside down: across the text lines, more ink lies below the x-height band than above it.
 * Table rules are taken out first: they would join the lines and hide the bands.
 */
export function isUpsideDown(ink: Uint8Array, width: number, height: number, dpi: number): boolean {
  const { votes, voters } = lineVotes(ink, width, height, dpi);
  // turning a page is done on clear evidence only: a few lines of figures and names with their
  // dots below (ạ, ệ, ộ) and descenders can lean the wrong way. A page filled from the top (a
  // table's last rows, a letter's last lines) is upright unless nearly every line says otherwise.
  return votes < -Math.max(3, (inkCentre(ink, width, height) < 0.4 ? 0.8 : 0.25) * voters);
}

/** Where the page's ink lies on average, from its top (0) to its bottom (1). */
function inkCentre(ink: Uint8Array, width: number, height: number): number {
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y++) {
    let n = 0;
    for (let x = 0; x < width; x++) n += ink[y * width + x]!;
    sum += n * y;
    count += n;
  }
  return count === 0 ? 0.5 : sum / count / height;
}

/** Each text line's vote: +1 where more ink stands above its x-height band than below, -1 the other way. */
function lineVotes(ink: Uint8Array, width: number, height: number, dpi: number): { votes: number; voters: number } {
  const letters = lettersOnly(ink, width, height, Math.round(dpi / 5));
  const profile = new Float64Array(height);
  for (let y = 0; y < height; y++) {
    let n = 0;
    for (let x = 0; x < width; x++) n += letters[y * width + x]!;
    profile[y] = n;
  }
  // rows between text lines are nearly empty, not quite: bits of rules survive where a rule broke
  // into runs shorter than `longest` (a slight slant left after straightening), and would join
  // every line of a table into one
  const sorted = Float64Array.from(profile).sort();
  const gap = 0.04 * sorted[Math.floor(0.95 * (height - 1))]!;
  // each line of text votes; lines too short or too tall to be one line of text abstain
  let votes = 0;
  let voters = 0;
  for (let y = 0; y < height; ) {
    if (profile[y]! <= gap) {
      y++;
      continue;
    }
    let end = y;
    while (end < height && profile[end]! > gap) end++;
    if (end - y >= dpi * 0.06 && end - y <= dpi * 0.3) {
      let peak = 0;
      for (let i = y; i < end; i++) peak = Math.max(peak, profile[i]!);
      let bandTop = y;
      while (profile[bandTop]! < peak * 0.5) bandTop++;
      let bandBottom = end - 1;
      while (profile[bandBottom]! < peak * 0.5) bandBottom--;
      let above = 0;
      let below = 0;
      for (let i = y; i < bandTop; i++) above += profile[i]!;
      for (let i = bandBottom + 1; i < end; i++) below += profile[i]!;
      if (above > below * 1.3) votes++;
      else if (below > above * 1.3) votes--;
      voters++;
    }
    y = end;
  }
  return { votes, voters };
}
