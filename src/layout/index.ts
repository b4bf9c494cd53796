import type { PreparedPage } from '../preprocess/index.js';

/** A ruled table on a page: the rules that bound its rows and columns, in page pixels. */
export interface TableGrid {
  /** y of each horizontal rule, top to bottom: row k lies between rows[k] and rows[k + 1]. */
  rows: number[];
  /** x of each vertical rule that runs through the body, left to right. */
  columns: number[];
  /** How thick the rules are, so cell contents can be cut inside them. */
  rule: number;
  /**
   * A row the columns' rules run past with no rule to close it: at the bottom, a row that runs on
   * over the page break; at the top, the end of a row begun on the page before.
   */
  open: { top: boolean; bottom: boolean };
}

export interface PageLayout {
  tables: TableGrid[];
  /** Horizontal bands of the page outside every table, top to bottom: running text. */
  text: Array<{ top: number; bottom: number }>;
}

interface Rule {
  /** Position across the rule (y for horizontal, x for vertical) and its span along it. */
  at: number;
  from: number;
  to: number;
  thickness: number;
}

/**
 * Finds the bordered tables on a page by their ruling lines. Long horizontal rules with the
 * same extent, close enough one under the next, make one table; its columns are the vertical
 * rules that cross most of its rows (a header's partial rules, such as the one under a
 * column group, do not count).
 */
export function findLayout(page: PreparedPage): PageLayout {
  const { ink, width, height, dpi } = page;
  const horizontal = rules(ink, width, height, 'horizontal', Math.round(dpi * 0.4));
  const vertical = rules(ink, width, height, 'vertical', Math.round(dpi * 0.12));
  const tables: TableGrid[] = [];
  const tolerance = dpi * 0.08;
  const used = new Set<Rule>();
  for (const first of horizontal) {
    if (used.has(first)) continue;
    const chain = [first];
    for (const next of horizontal) {
      const last = chain.at(-1)!;
      if (next.at <= last.at || used.has(next)) continue;
      // a header of wrapped column titles can be two inches tall
      if (next.at - last.at > dpi * 2.5) break;
      if (Math.abs(next.from - first.from) < tolerance && Math.abs(next.to - first.to) < tolerance) chain.push(next);
    }
    if (chain.length < 2) continue;
    chain.forEach((r) => used.add(r));
    // two tables of the same width one under the other: no border joins the band between them
    const borderAt = (x: number, top: number, bottom: number) =>
      coverage(vertical.filter((v) => Math.abs(v.at - x) < tolerance), top, bottom) >= 0.6;
    let start = 0;
    for (let k = 1; k <= chain.length; k++) {
      const open = k < chain.length && borderAt(first.from, chain[k - 1]!.at, chain[k]!.at);
      if (open) continue;
      const grid = k - start >= 2 ? gridOf(chain.slice(start, k), vertical, tolerance, dpi * 0.1, dpi * MIN_TABLE_WIDTH) : null;
      if (grid) tables.push(grid);
      start = k;
    }
  }
  // pieces of broken rules can chain into a "table" across real ones; real tables never overlap,
  // so where two do, the one with more rows stands
  const kept: TableGrid[] = [];
  for (const table of [...tables].sort((a, b) => b.rows.length - a.rows.length))
    if (!kept.some((k) => k.rows[0]! < table.rows.at(-1)! && table.rows[0]! < k.rows.at(-1)!)) kept.push(table);
  kept.sort((a, b) => a.rows[0]! - b.rows[0]!);
  return { tables: kept, text: textBands(kept, height) };
}

/**
 * A ruled table is at least this wide (inches): two columns of text. In a blurred photo enlarged
 * from under 100 dpi, letters run together along a line and their stems stand side by side, and
 * a few of them can pass for the rules of a tiny grid.
 */
const MIN_TABLE_WIDTH = 1;

function gridOf(chain: Rule[], vertical: Rule[], tolerance: number, minRowHeight: number, minWidth: number): TableGrid | null {
  const rows = chain.map((r) => r.at);
  // rows hold at least a line of text: closer rules are a double rule or a bold stroke
  const heights = rows.slice(1).map((bottom, k) => bottom - rows[k]!).sort((a, b) => a - b);
  if (heights[Math.floor(heights.length / 2)]! < minRowHeight) return null;
  const left = Math.min(...chain.map((r) => r.from));
  const right = Math.max(...chain.map((r) => r.to));
  const bands = rows.slice(1).map((bottom, k) => ({ top: rows[k]!, bottom }));
  const inside = vertical.filter((v) => v.at > left - tolerance && v.at < right + tolerance && v.to > rows[0]! && v.from < rows.at(-1)!);
  // cluster the vertical rules by x, and keep the positions that cross most of the table's rows
  const clusters: Array<{ at: number; rules: Rule[] }> = [];
  for (const v of [...inside].sort((a, b) => a.at - b.at)) {
    const last = clusters.at(-1);
    if (last && v.at - last.at < tolerance) last.rules.push(v);
    else clusters.push({ at: v.at, rules: [v] });
  }
  const kept = clusters.filter((c) => bands.filter((b) => coverage(c.rules, b.top, b.bottom) >= 0.6).length >= bands.length * 0.5);
  if (kept.length < 3) return null;
  const columns = kept.map((c) => Math.round(c.rules.reduce((sum, r) => sum + r.at, 0) / c.rules.length));
  if (columns.at(-1)! - columns[0]! < minWidth) return null;
  const rule = Math.max(2, Math.round(Math.max(...chain.map((r) => r.thickness))));
  // most columns' rules running on past the last (or first) rule by a row's height bound a row there
  const beyond = (ends: number[], edge: number, direction: 1 | -1) => {
    const past = ends.filter((end) => (end - edge) * direction >= minRowHeight).sort((a, b) => a - b);
    return past.length >= kept.length * 0.6 ? past[Math.floor(past.length / 2)]! : null;
  };
  const bottom = beyond(kept.map((c) => Math.max(...c.rules.map((r) => r.to))), rows.at(-1)!, 1);
  const top = beyond(kept.map((c) => Math.min(...c.rules.map((r) => r.from))), rows[0]!, -1);
  return { rows: [...(top === null ? [] : [top]), ...rows, ...(bottom === null ? [] : [bottom])], columns, rule, open: { top: top !== null, bottom: bottom !== null } };
}

/** The share of [top, bottom] that the rules' spans cover together (a scanned rule may be broken). */
function coverage(rules: Rule[], top: number, bottom: number): number {
  const spans = rules
    .map((r) => [Math.max(top, r.from), Math.min(bottom, r.to)] as const)
    .filter(([a, b]) => b > a)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reached = top;
  for (const [a, b] of spans) {
    if (b <= reached) continue;
    covered += b - Math.max(a, reached);
    reached = b;
  }
  return covered / Math.max(1, bottom - top);
}

function textBands(tables: TableGrid[], height: number): PageLayout['text'] {
  const bands: PageLayout['text'] = [];
  let top = 0;
  for (const table of [...tables].sort((a, b) => a.rows[0]! - b.rows[0]!)) {
    const bottom = Math.floor(table.rows[0]! - table.rule);
    if (bottom - top > 10) bands.push({ top, bottom });
    top = Math.ceil(table.rows.at(-1)! + table.rule);
  }
  if (height - top > 10) bands.push({ top, bottom: height });
  return bands;
}

/**
 * Straight runs of ink at least `length` long along one direction, allowing the small breaks
 * a scan leaves in a printed rule, merged across the adjacent pixel rows (or columns) that make
 * one rule's thickness.
 */
function rules(ink: Uint8Array, width: number, height: number, direction: 'horizontal' | 'vertical', length: number): Rule[] {
  const along = direction === 'horizontal' ? width : height;
  const across = direction === 'horizontal' ? height : width;
  const at = direction === 'horizontal' ? (i: number, j: number) => ink[i * width + j]! : (i: number, j: number) => ink[j * width + i]!;
  // a printed rule comes through a scan with small breaks in it
  const gap = Math.max(3, Math.round(length / 16));
  const open: Rule[] = [];
  const done: Rule[] = [];
  for (let i = 0; i < across; i++) {
    const found: Array<{ from: number; to: number }> = [];
    let start = -1;
    let lastInk = -1;
    for (let j = 0; j <= along; j++) {
      const isInk = j < along && at(i, j) === 1;
      if (isInk) {
        if (start < 0) start = j;
        lastInk = j;
      } else if (start >= 0 && j - lastInk > gap) {
        if (lastInk - start >= length) {
          // a stamp or an ink stroke dropped out where it crossed the rule leaves a wider break
          // between two long pieces of it
          const before = found.at(-1);
          if (before && start - before.to <= length / 2) before.to = lastInk;
          else found.push({ from: start, to: lastInk });
        }
        start = -1;
      }
    }
    // a run continues an open rule when it lies on the next pixel row with about the same extent
    const still: Rule[] = [];
    for (const run of found) {
      const rule = open.find((r) => r.at + r.thickness >= i - 1 && Math.abs(r.from - run.from) < length / 4 && Math.abs(r.to - run.to) < length / 4);
      if (rule) {
        rule.from = Math.min(rule.from, run.from);
        rule.to = Math.max(rule.to, run.to);
        rule.thickness = i - rule.at + 1;
        still.push(rule);
      } else still.push({ at: i, from: run.from, to: run.to, thickness: 1 });
    }
    for (const rule of open) if (!still.includes(rule)) done.push(rule);
    open.length = 0;
    open.push(...still);
  }
  done.push(...open);
  // a rule's position is its middle; anything thicker than a rule is a filled shape or a letter stroke
  return done
    .filter((r) => r.thickness <= Math.max(8, length / 10))
    .map((r) => ({ ...r, at: r.at + (r.thickness - 1) / 2 }))
    .sort((a, b) => a.at - b.at);
}
