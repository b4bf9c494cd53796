import type { DocumentContext } from '../context.js';
import type { ReportKind } from '../reports/index.js';
import { comparisonForm } from '../lang/fold.js';
import { findCost } from '../lang/distance.js';
import { isNumberLike, readNumber } from '../lang/numbers.js';
import type { Line, Summary } from '../model/index.js';

type Headline = ReportKind['headlines'][number];

/**
 * How far the words may be from the pattern (confusion-weighted cost per character). Words on
 * both sides may be looser than words on one side only, and a side that fits well may carry a
 * side more garbled, as long as together they stay within twice the looser bound.
 */
const FIT_ONE = 0.12;
const FIT_BOTH = 0.3;
const FIT_WORST_SIDE = 0.45;

interface Figure {
  text: string;
  start: number;
  end: number;
}

/**
 * Figures in running text, each a whole token: "60.005", "5506", "38.l22" (a digit read as a
 * letter), and one split by a stray space, "53.5 19". Shares ("93%", "7 %"), dates and
 * document numbers ("13/4/2018", "59/BC") are not figures.
 */
function figures(text: string): Figure[] {
  const out: Figure[] = [];
  const tokens = [...text.matchAll(/\S+/g)].map((m) => ({ text: m[0], start: m.index }));
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    let core = token.text.replace(/^[(“"']+/, '').replace(/[),;:“"']+$/, '').replace(/\.$/, '');
    // "th6ns.49.614": a figure run into a garbled word by a stray dot
    if (!isNumberLike(core)) core = /(?<=[^\p{L}\d])\d{1,3}(?:\.\d{3})+$/u.exec(core)?.[0] ?? '';
    // more digits than stand-ins: "c6" is a garbled word ("có"), "9S7" a garbled figure
    const digits = (core.match(/[0-9]/g) ?? []).length;
    if (digits <= core.replace(/[0-9.,]/g, '').length || !isNumberLike(core) || core.includes('%') || /^%/.test(tokens[i + 1]?.text ?? '')) continue;
    const start = token.start + token.text.lastIndexOf(core);
    let figure = { text: core, start, end: start + core.length };
    // "53.5 19": a group of thousands broken by a stray space
    const next = tokens[i + 1];
    const digitsAfterPoint = core.length - core.indexOf('.') - 1;
    if (next && /^\d{1,3}\.\d{1,2}$/.test(core) && /^\d{1,2}[.,;]?$/.test(next.text) && digitsAfterPoint + next.text.replace(/\D/g, '').length === 3) {
      figure = { text: `${core}${next.text.replace(/\D/g, '')}`, start, end: next.start + next.text.replace(/[.,;]$/, '').length };
      i++;
    } else if (/^\d+[.,]\d{1,2}$/.test(core)) continue; // a decimal is a share or a rate, never a headline count
    out.push(figure);
  }
  return out;
}

/**
 * The body's headline figures, each found by the words the report puts before and after it. A
 * figure goes to the headline it fits best; each headline takes the first figure that fits it.
 * A figure that cannot be read whole is null, with a warning, never cut short.
 */
export function readSummary(body: Line[], kind: ReportKind, context: DocumentContext): Summary {
  const summary: Summary = Object.fromEntries(kind.headlines.map((h) => [h.field, null]));
  const settled = new Set<string>();
  const text = body.map((l) => l.text).join(' ');
  for (const figure of figures(text)) {
    // a share between a label and its count ("trễ hạn là 7% là 5506 hồ sơ") is not part of the label
    const before = comparisonForm(text.slice(Math.max(0, figure.start - 40), figure.start).replace(/\d+(?:[.,]\d+)?\s*%/g, ''));
    const after = comparisonForm(text.slice(figure.end, figure.end + 30));
    let best: { field: string; misfit: number } | null = null;
    for (const headline of kind.headlines) {
      if (settled.has(headline.field)) continue;
      const misfit = headlineMisfit(headline, before, after);
      if (misfit < 1 && (!best || misfit < best.misfit)) best = { field: headline.field, misfit };
    }
    if (!best) continue;
    settled.add(best.field);
    const readings = readNumber(figure.text, 'count');
    const clear = readings.length > 0 && (readings.length === 1 || readings[1]!.cost > readings[0]!.cost);
    summary[best.field] = clear ? readings[0]!.value : null;
    if (!clear) context.warn('figure-unreadable', `the headline figure "${figure.text}" for ${best.field} cannot be read whole`, { field: best.field });
    else if (readings[0]!.cost > 0) context.info('figure-reread', `the headline figure "${figure.text}" is read as ${readings[0]!.value}`, { field: best.field });
  }
  return summary;
}

/** How badly the words around a figure fit a headline, as a share of what is allowed: below 1 fits. */
function headlineMisfit(headline: Headline, before: string, after: string): number {
  const costBefore = headline.before ? costAtEnd(before, headline.before) : 0;
  const costAfter = headline.after ? costAtStart(after, headline.after) : 0;
  if (!headline.before || !headline.after) return (costBefore + costAfter) / FIT_ONE;
  if (Math.max(costBefore, costAfter) >= FIT_WORST_SIDE) return Infinity;
  return (costBefore + costAfter) / (2 * FIT_BOTH);
}

function costAtStart(text: string, words: string): number {
  return findCost(text.slice(0, words.length + 6), words).cost;
}

function costAtEnd(text: string, words: string): number {
  const tail = text.slice(-(words.length + 12));
  const found = findCost(tail, words);
  return found.end >= [...tail].length - 8 ? found.cost : Infinity;
}
