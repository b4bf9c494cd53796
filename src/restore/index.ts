import { z } from 'zod';
import { comparisonForm, nfc, stripMarks, TONE_MARK, vowelsOf } from '../lang/fold.js';
import { weightedDistance } from '../lang/distance.js';
import { loadLangData } from '../lang/langData.js';
import { isQuarter, mendQuarters } from '../lang/quarters.js';
import { isAcronym, isNumber, isSyllable, NUMBER, opensSentence } from '../lang/syllables.js';
import { letterheadData } from '../lang/letterhead.js';
import { unitDictionary } from '../lang/dictionary.js';
import type { Word } from '../model/index.js';

/**
 * Restores the syllables of Vietnamese text that lost its diacritics (an export that stripped
 * them) or was read by an OCR model without Vietnamese ("thgc hiQn viQc gui, nhQn" for "thực hiện
 * việc gửi, nhận"). Each word gets its candidate syllables (those whose letters it could be,
 * through the OCR's measured confusions), and the likeliest sequence of them is chosen paragraph
 * by paragraph by a bigram model of Vietnamese (lang-data/syllables.json), decoded with Viterbi. Numbers,
 * dates, symbols, addresses and words no syllable is near come through as they were; text that
 * is already Vietnamese is left exactly as it is.
 */

const ModelSchema = z.object({
  unigrams: z.record(z.string(), z.number().int().positive()),
  pairs: z.record(z.string(), z.number().int().positive()),
  capitals: z.record(z.string(), z.number().int().positive()),
});

/**
 * What the text's words say of the damage: none, diacritics stripped, or an English OCR model's
 * garble; or, for text a Vietnamese model read, the odd mark or letter misread ("chuyển đối số").
 */
export type Damage = 'none' | 'stripped' | 'garbled' | 'misread';

export interface RestoredText {
  text: string;
  damage: Damage;
  /** Words restored (changed), and words looked at, per line of the input (1-based). */
  lines: Array<{ line: number; words: number; changed: number }>;
}

interface LanguageModel {
  /** −log P(b | a), a null at a run's start. */
  cost: (a: string | null, b: string) => number;
  /** Syllables by their bare letters. */
  byBare: Map<string, string[]>;
  /** Every syllable the model counts, as spelled. */
  known: Set<string>;
  /** The acronyms the sources write (ubnd, hđnd, pgd, pgđ), by their bare letters. */
  acronyms: Map<string, string[]>;
  /** −log of the odds that a syllable inside a sentence is written as it is: with a capital (a name's) or without. */
  caseCost: (syllable: string, capitalised: boolean) => number;
}

let model: LanguageModel | undefined;

/** Absolute discounting of the pairs' counts, the rest of each syllable's mass given by the unigrams. */
const DISCOUNT = 0.75;
/** How many sightings the share of capitals on the whole counts for, beside a syllable's own. */
const CASE_PRIOR = 10;

function languageModel(): LanguageModel {
  if (model) return model;
  const { unigrams, pairs, capitals } = loadLangData('syllables.json', ModelSchema);
  const total = Object.values(unigrams).reduce((a, b) => a + b, 0);
  const types = Object.keys(unigrams).length;
  // what follows each syllable, and how often: looked up on every step of the decoding, so kept by syllable
  const after = new Map<string, Map<string, number>>();
  for (const [pair, n] of Object.entries(pairs)) {
    const space = pair.indexOf(' ');
    const [a, b] = [pair.slice(0, space), pair.slice(space + 1)];
    after.set(a, (after.get(a) ?? new Map<string, number>()).set(b, n));
  }
  const unigram = (s: string) => ((unigrams[s] ?? 0) + 0.5) / (total + 0.5 * (types + 1));
  const cost = (a: string | null, b: string) => {
    const seen = a === null ? 0 : (unigrams[a] ?? 0);
    if (seen === 0) return -Math.log(unigram(b));
    const next = after.get(a!);
    const pair = next?.get(b) ?? 0;
    const rest = (DISCOUNT * (next?.size ?? 0)) / seen;
    return -Math.log(Math.max(pair - DISCOUNT, 0) / seen + Math.max(rest, 1e-3) * unigram(b));
  };
  const [byBare, acronyms] = [new Map<string, string[]>(), new Map<string, string[]>()];
  // a syllable's letters with no marks at all: the form a text stripped of its diacritics has
  for (const s of Object.keys(unigrams)) {
    const spellings = isSyllable(s) ? byBare : isAcronym(s.toUpperCase()) ? acronyms : undefined;
    spellings?.set(stripMarks(s), [...(spellings.get(stripMarks(s)) ?? []), s]);
  }
  // a syllable seen seldom is taken to be capitalised about as often as syllables are on the whole
  const capitalShare = Object.values(capitals).reduce((a, b) => a + b, 0) / total;
  const caseCost = (syllable: string, capitalised: boolean) => {
    const share = ((capitals[syllable] ?? 0) + CASE_PRIOR * capitalShare) / ((unigrams[syllable] ?? 0) + CASE_PRIOR);
    return -Math.log(capitalised ? share : 1 - Math.min(share, 0.99));
  };
  model = { cost, byBare, known: new Set([...byBare.values()].flat()), acronyms, caseCost };
  return model;
}

const ReadingsSchema = z.object({ readings: z.record(z.string(), z.record(z.string(), z.number().int().positive())) });

let readings: Map<string, Map<string, number>> | undefined;

/** How Tesseract's English model read whole syllables (lang-data/ocr-words.json): each reading's syllables and counts. */
function ocrReadings(): Map<string, Map<string, number>> {
  if (readings) return readings;
  readings = new Map(Object.entries(loadLangData('ocr-words.json', ReadingsSchema).readings).map(([seen, row]) => [seen, new Map(Object.entries(row))]));
  return readings;
}

/** A word's core (its letters and what the OCR put for them), with the punctuation around it kept apart. */
const WORD = /^([("'“‘[]*)(.*?)([)"'”’\].,;:!?…/]*)$/u;

/**
 * What keeping a word as it was costs, against restoring it (−log of the language model's odds
 * of a syllable it never saw is about 14): a word no syllable is near stays.
 */
const KEEP = 23;
/** The most candidate spellings (bare forms) a garbled word is weighed against. */
const BARE_CANDIDATES = 6;
/** What each unit of confusion-weighted distance costs in log-probability. */
const CHANNEL = 12;
/** What a syllable costs that the English model was never seen to read as this word, where it was seen reading others so. */
const UNSEEN_READING = 3;
/** What reading a Vietnamese model's word with other marks costs: only a clear gain in the language model's odds changes it. */
const MISREAD = 10;
/** What reading a word the OCR ran together as its syllables costs, besides the pairs they make inside it. */
const RUN_TOGETHER = 4;
/** The most letters a syllable has (nghiêng). */
const MAX_SYLLABLE = 7;
/**
 * Where only the tone mark, an initial's stroke (d, đ) or a vowel's shape (ô, ơ, o) differs, the
 * cost is the measured odds of the slip (lang-data/vie-tones.json), kept within these bounds: a slip
 * the measurement never or seldom saw costs what it did before it was measured (a mark above the
 * vowel read as another the ceiling, any other slip MISREAD), and no slip, however common, is taken
 * on less than e^1 odds from the neighbours. The counts pool the scans measured: on a clean 200-dpi
 * scan the slip is rarer than priced, on a phone's photo commoner.
 */
const TONE_SWAP_CEILING = 5;
const TONE_SWAP_FLOOR = 1;
/** What a syllable with no mark costs where the OCR kept a mark on the word. */
const MARK_KEPT = 2;

/**
 * The damage a text shows, from its words: Vietnamese in which half the words or more carry a
 * mark is whole (four in five do in running text, read by a Vietnamese model too; an English
 * model keeps a mark on one word in five); one with almost no marks whose words are syllables
 * lost its diacritics; anything else was garbled by an OCR model that knew no Vietnamese.
 */
export function damageOf(text: string): Damage {
  const words = nfc(text)
    .split(/\s+/)
    .map((w) => WORD.exec(w)![2]!)
    .filter((w) => /\p{L}/u.test(w) && !/[/@]/.test(w) && !/^\p{Lu}{2,}$/u.test(w.normalize('NFD').replace(/\p{M}/gu, '')));
  if (words.length === 0) return 'none';
  const marked = words.filter((w) => /[^\x00-\x7f]/.test(w)).length / words.length;
  const shaped = words.filter((w) => isSyllable(w.toLowerCase())).length / words.length;
  if (marked >= 0.5) return 'none';
  if (marked < 0.05 && shaped >= 0.85) return 'stripped';
  return 'garbled';
}

/**
 * The text with its syllables restored; text that is whole comes back byte for byte (after NFC).
 * A sentence runs on over line breaks, so the words are decoded paragraph by paragraph, each run
 * ended by a blank line, a sentence's end, or a word kept as it is.
 */
export function restoreText(text: string, damage: Damage = damageOf(text), words: readonly WordReadings[] = []): RestoredText {
  if (damage === 'none') return { text: nfc(text), damage, lines: [] };
  // a quarter ("Quý 1II/2018") is no run of syllables, nor a figure
  const normal = mendQuarters(nfc(text));
  const pieces = normal.split(/(\s+)/);
  // the case each word is given back in: its own, but for a syllable in capitals between words
  // in small letters, which OCR misread ("các SỞ, ban, ngành")
  const slots: Array<{ piece: number; line: number; lead: string; core: string; tail: string; caseAs: string; candidates: Candidate[] }> = [];
  const runs: number[][] = [[]];
  const end = () => {
    if (runs.at(-1)!.length > 0) runs.push([]);
  };
  // the word before on the same line, which says whether this one opens a sentence
  let previous: string | undefined;
  const { caseCost, known } = languageModel();
  // the words of the text, in order, with what each reading of the scan made of them
  let nextWord = 0;
  const readingsOf = (piece: string) => {
    for (let j = nextWord; j < Math.min(words.length, nextWord + RESYNC); j++)
      if (words[j]!.text === piece) {
        nextWord = j + 1;
        return words[j]!.alternatives.length > 0 ? words[j] : undefined;
      }
    return undefined;
  };
  for (const { piece: k, line, breaks, lead, ...word } of wordPieces(pieces)) {
    if (breaks >= 2) end();
    if (breaks > 0) previous = undefined;
    const piece = pieces[k]!;
    const before = previous;
    previous = piece;
    let { core, tail } = word;
    // the horn of ơ or ư an English model reads as a closing quote ("co’" for cơ) is the word's
    if (damage === 'garbled' && /^[’']/.test(tail) && /\p{L}$/u.test(core)) [core, tail] = [core + tail[0], tail.slice(1)];
    // a list's letter ("a)", "b)") is no syllable
    const read = damage === 'misread' ? readingsOf(piece) : undefined;
    let candidates = /^\p{L}$/u.test(core) && tail.startsWith(')') ? [] : read ? votedCandidates(core, read) : candidatesOf(core, damage);
    if (candidates.length === 0) {
      end();
      continue;
    }
    // inside a sentence, a capital says a name's syllable (Sở, not số), its absence a common word's
    if (!opensSentence(before) && /^\p{L}\p{Ll}*$/u.test(core)) {
      const capitalised = /^\p{Lu}/u.test(core);
      candidates = candidates.map((c) => (c.syllable === null || c.syllable === NUMBER ? c : { ...c, emission: c.emission + caseCost(c.syllable, capitalised) }));
    }
    // (a Roman numeral, quý III, keeps its capitals; a heading's words have capitals beside them)
    const after = /\n/.test(pieces[k + 1] ?? '\n') ? undefined : pieces[k + 2];
    const small = (word: string | undefined) => word === undefined || /\p{Ll}/u.test(word);
    const shouted =
      damage === 'misread' && (before ?? after) !== undefined && small(before) && small(after) && /^\p{Lu}{2,}$/u.test(core) && !/^[IVXLC]+$/.test(core) && known.has(core.toLowerCase());
    // a full stop before a word in small letters is a comma misread ("phòng. chống dịch"), but
    // for an abbreviation's ("v.v. các") and one before a list's letter ("b)")
    const comma = tail === '.' && /^\p{Ll}/u.test(pieces[k + 2] ?? '') && !/^\p{L}\)/u.test(pieces[k + 2]!);
    if (comma && damage === 'misread' && /^\p{L}{2,}$/u.test(core)) pieces[k] = lead + core + (tail = ',');
    runs.at(-1)!.push(slots.length);
    slots.push({ piece: k, line, lead, core, tail, caseAs: shouted ? core[0] + core.slice(1).toLowerCase() : core, candidates });
    // a sentence ends there
    if (/[.;:!?]/.test(tail) && !comma) end();
  }
  const report = new Map<number, { line: number; words: number; changed: number }>();
  for (const run of runs) {
    const chosen = viterbi(run.map((s) => slots[s]!.candidates));
    run.forEach((s, i) => {
      const slot = slots[s]!;
      const syllable = chosen[i];
      if (syllable === NUMBER) return;
      const counts = report.get(slot.line) ?? { line: slot.line, words: 0, changed: 0 };
      report.set(slot.line, counts);
      counts.words++;
      if (syllable === null || syllable === undefined) return;
      const restored = withCase(syllable, slot.caseAs);
      if (restored === slot.core) return;
      pieces[slot.piece] = slot.lead + restored + slot.tail;
      counts.changed++;
    });
  }
  for (const { line, words: changed } of mendNames(pieces)) {
    const counts = report.get(line) ?? { line, words: changed, changed: 0 };
    report.set(line, counts);
    counts.changed += changed;
  }
  return { text: pieces.join(''), damage, lines: [...report.values()].sort((a, b) => a.line - b.line) };
}

/**
 * The words of a text split on its spaces (words at even places, spaces between): where each
 * stands, its line, the line breaks just before it (two or more end a paragraph), and its core
 * between the quotes, brackets and stops at its edges.
 */
function wordPieces(pieces: string[]): Array<{ piece: number; line: number; breaks: number; lead: string; core: string; tail: string }> {
  const out: ReturnType<typeof wordPieces> = [];
  let line = 1;
  let breaks = 0;
  pieces.forEach((piece, k) => {
    if (k % 2 === 1) {
      breaks += (piece.match(/\n/g) ?? []).length;
      return;
    }
    if (piece === '') return;
    line += breaks;
    const [, lead = '', core = '', tail = ''] = WORD.exec(piece)!;
    out.push({ piece: k, line, breaks, lead, core, tail });
    breaks = 0;
  });
  return out;
}

/** A known name is mended where its words, marks aside, are all there but for this many letters' worth of misreading. */
const NAME_EDITS = 1;
/** Shorter names ("Bộ Y tế") are too near common words ("báo y tế") to be told apart by a letter. */
const NAME_LENGTH = 12;
/** A name is taken only where every other name as long is half a letter's worth of misreading further. */
const RIVAL_MARGIN = 0.5;

let names: Array<{ words: Array<{ core: string; tail: string }>; folds: string[] }> | undefined;

/** The names of bodies the data knows (lang-data/letterhead.json, the unit dictionary), three words or more. */
function knownNames(): NonNullable<typeof names> {
  names ??= [...new Set([...letterheadData().bodies, ...unitDictionary().units.map((u) => u.name)])]
    .map((name) => {
      const words = name.split(' ').map((w) => {
        const [, , core = '', tail = ''] = WORD.exec(w)!;
        return { core, tail };
      });
      return { words, folds: words.map((w) => comparisonForm(w.core)) };
    })
    .filter((name) => name.words.length >= 3 && name.folds.join(' ').length >= NAME_LENGTH);
  return names;
}

/**
 * The names of bodies the language model let through misread ("Sở Tài nguyên: v4 Mỗi trường",
 * "Văn phòng Ủy ban nhất đàn") spelled as the data spells them, in the case they were read in,
 * where one name alone comes that near. Returns how many words were changed on each line.
 */
function mendNames(pieces: string[]): Array<{ line: number; words: number }> {
  let paragraph = 0;
  const words = wordPieces(pieces).map((word) => ({ ...word, fold: comparisonForm(word.core), paragraph: word.breaks >= 2 ? ++paragraph : paragraph }));
  const changed = new Map<number, number>();
  for (let i = 0; i < words.length; i++) {
    let best: { name: NonNullable<typeof names>[number]; cost: number } | null = null;
    let rival = Number.POSITIVE_INFINITY;
    for (const name of knownNames()) {
      const n = name.words.length;
      const window = words.slice(i, i + n);
      if (window.length < n || window[n - 1]!.paragraph !== window[0]!.paragraph) continue;
      if (window[0]!.fold !== name.folds[0] && window[n - 1]!.fold !== name.folds[n - 1]) continue;
      let cost = 0;
      for (let j = 0; j < n && cost <= NAME_EDITS; j++) cost += weightedDistance(window[j]!.fold, name.folds[j]!);
      if (cost > NAME_EDITS) continue;
      // the longest name found wins ("Ủy ban nhân dân huyện Ea Kar" over "Ủy ban nhân dân"); a rival is one as long
      if (best && n < best.name.words.length) continue;
      if (best && n > best.name.words.length) rival = Number.POSITIVE_INFINITY;
      else if (best) rival = Math.min(rival, Math.max(cost, best.cost));
      if (!best || n > best.name.words.length || cost < best.cost) best = { name, cost };
    }
    if (!best || rival - best.cost < RIVAL_MARGIN) continue;
    const n = best.name.words.length;
    best.name.words.forEach(({ core, tail }, j) => {
      const word = words[i + j]!;
      const spelled = /^\p{Ll}/u.test(word.core) ? core[0]!.toLowerCase() + core.slice(1) : core;
      const mended = word.lead + withCase(spelled, word.core) + (j === n - 1 ? word.tail : tail);
      if (mended === pieces[word.piece]) return;
      pieces[word.piece] = mended;
      changed.set(word.line, (changed.get(word.line) ?? 0) + 1);
    });
    i += n - 1;
  }
  return [...changed].map(([line, count]) => ({ line, words: count }));
}

interface Candidate {
  syllable: string | null;
  emission: number;
}

/** A candidate's first and last syllables: a word run together stands for several. */
const first = (s: string | null) => {
  const space = s === null ? -1 : s.indexOf(' ');
  return space < 0 ? s : s!.slice(0, space);
};
const last = (s: string | null) => (s === null ? null : s.slice(s.lastIndexOf(' ') + 1));

/** The best sequence: each word's syllable (null to keep the word as it was). */
function viterbi(slots: Candidate[][]): Array<string | null> {
  const model = languageModel();
  const cost = (a: string | null, b: string) => model.cost(last(a), first(b)!);
  if (slots.length === 0) return [];
  let scores = slots[0]!.map((c) => c.emission + (c.syllable === null ? 0 : cost(null, c.syllable)));
  const back: number[][] = [];
  for (let i = 1; i < slots.length; i++) {
    const previous = slots[i - 1]!;
    const next = slots[i]!.map((c) => {
      let best = Number.POSITIVE_INFINITY;
      let from = 0;
      previous.forEach((p, j) => {
        const total = scores[j]! + (c.syllable === null ? 0 : cost(p.syllable, c.syllable));
        if (total < best) [best, from] = [total, j];
      });
      return { score: best + c.emission, from };
    });
    scores = next.map((n) => n.score);
    back.push(next.map((n) => n.from));
  }
  let at = scores.indexOf(Math.min(...scores));
  const path = [at];
  for (let i = back.length - 1; i >= 0; i--) path.unshift((at = back[i]![at]!));
  return path.map((k, i) => slots[i]![k]!.syllable);
}

const garbledCache = new Map<string, Candidate[]>();

/**
 * A word's candidates: none for what is no word to restore (a number, a date, a symbol such as
 * 2999/UBND-KGVX, an address, an acronym the sources never write); for a known acronym, its
 * spellings; for a word that lost its marks, the syllables with its
 * letters; for a garbled one, the syllables its letters are nearest through the OCR's confusions
 * and those the English model was seen to read as this very word, each priced by that distance
 * (or how often), and by whether the OCR kept a mark on it; and the word as it was.
 */
function candidatesOf(core: string, damage: Damage): Candidate[] {
  // a number stays, and tells its neighbours' syllables what comes before and after it ("ngày 3 tháng 2")
  if (isNumber(core) || isQuarter(core)) return [{ syllable: NUMBER, emission: 0 }];
  // a long word is no syllable, unless it is letters the OCR ran together
  if (!/\p{L}/u.test(core) || /[/\\_=+]|\.\p{L}|\d{3}|@.*\./u.test(core) || (core.length > 12 && !(damage === 'misread' && /^\p{L}+$/u.test(core)))) return [];
  const lower = core.toLowerCase();
  const bare = stripMarks(lower);
  const { byBare, acronyms } = languageModel();
  const keep: Candidate = { syllable: null, emission: KEEP };
  // an acronym has no syllable's shape: one the sources write stands in its run as they spell it
  // (HDND → HĐND, where its Đ was stripped or misread; a Vietnamese model's reading as it was read,
  // telling the words after it what they follow: "UBND TỈNH"), any other (KGVX) stays and ends the run
  if (/^\p{Lu}{2,}$/u.test(core.normalize('NFD').replace(/\p{M}/gu, '')) && !isSyllable(bare)) {
    const spellings = acronyms.get(bare);
    if (damage === 'misread') return spellings?.includes(lower) ? [{ syllable: lower, emission: 0 }] : [];
    return spellings ? [...spellings.map((s) => ({ syllable: s, emission: 0 })), keep] : [];
  }
  if (damage === 'stripped') {
    const same = byBare.get(bare);
    return same ? [...same.map((s) => ({ syllable: s, emission: 0 })), keep] : [];
  }
  if (damage === 'misread') {
    // the word as read, unless its neighbours make another spelling of its letters far likelier
    const same = isSyllable(lower) ? byBare.get(bare) : undefined;
    if (same) return [{ syllable: lower, emission: 0 }, ...same.filter((s) => s !== lower).map((s) => ({ syllable: s, emission: misreadCost(lower, s) }))];
    // words the OCR ran together ("côngnghệ"): apart, where the pairs they make are likely enough
    const apart = syllablesIn(lower);
    return apart ? [{ syllable: apart.syllables.join(' '), emission: RUN_TOGETHER + apart.cost }, keep] : [];
  }
  const cached = garbledCache.get(lower);
  if (cached) return cached;
  const seen = comparisonForm(lower).replace(/ /g, '');
  // each letter more or fewer costs a whole edit: spellings of another length than that allows are not weighed
  const farthest = Math.max(1.5, seen.length * 0.6);
  const distances = [...byBare.keys()]
    .filter((b) => Math.abs(b.length - seen.length) <= farthest)
    .map((b) => ({ bare: b, distance: weightedDistance(seen, b) }))
    .sort((a, b) => a.distance - b.distance);
  const near = distances.slice(0, BARE_CANDIDATES).filter((d) => d.distance <= distances[0]!.distance + 1.5 && d.distance <= farthest);
  // a mark the OCR kept says the letter had one, seldom which: a bare syllable is then the less likely
  const marked = /[^\x00-\x7f]/.test(lower);
  const emission = new Map<string, number>();
  for (const { bare: b, distance } of near) for (const s of byBare.get(b)!) emission.set(s, CHANNEL * distance + (marked && s === b ? MARK_KEPT : 0));
  // a reading the model was seen to give for whole syllables: those syllables, as often as it gave it for each
  const read = ocrReadings().get(lower);
  if (read) {
    const total = [...read.values()].reduce((a, b) => a + b, 0);
    for (const s of emission.keys()) emission.set(s, emission.get(s)! + UNSEEN_READING);
    for (const [s, n] of read) emission.set(s, Math.min(emission.get(s) ?? Number.POSITIVE_INFINITY, -Math.log(n / total)));
  }
  const candidates: Candidate[] = [...emission].map(([syllable, cost]) => ({ syllable, emission: cost }));
  const result = candidates.length > 0 ? [...candidates, keep] : [];
  if (garbledCache.size > 50_000) garbledCache.clear();
  garbledCache.set(lower, result);
  return result;
}

/** What the engine read a word as, with the other readings of the same ink (see ocr/choose.ts). */
export type WordReadings = Pick<Word, 'text' | 'confidence' | 'alternatives'>;

/** How far on in the words the text's next word is looked for (a table's line the text rewrote has other words). */
const RESYNC = 8;
/**
 * What a reading none of the engine's readings of the ink agreed with costs: each reading costs
 * this times the share of the readings' confidence that went to others.
 */
const VOTE = 6;

/**
 * A scanned word that the engine's readings disagree on: the syllables of each reading, priced
 * by how much of the readings' confidence went to others, besides what each costs as a misreading
 * of that reading (candidatesOf). The language model then chooses among them.
 */
function votedCandidates(core: string, word: WordReadings): Candidate[] {
  // a figure, a symbol (V/v, 330/UBND-KGVX), an acronym (VP, PCT) or a Roman numeral (a section's
  // "VI.") is read as it was, whatever else was read there: only a word, or letters and digits the
  // engine made of one ("3u" where another reading has "đầu"), is weighed against the readings
  const weighed = /\p{L}/u.test(core) && /^[\p{L}\d]+$/u.test(core) && !/^[IVXLC]+$/.test(core) && (!/^[\p{Lu}\d]{2,}$/u.test(core) || isSyllable(core.toLowerCase()));
  if (!weighed) return candidatesOf(core, 'misread');
  const support = new Map<string, number>();
  for (const { text, confidence } of [word, ...word.alternatives]) {
    const reading = WORD.exec(text)![2]!;
    if (reading !== '') support.set(reading, (support.get(reading) ?? 0) + Math.max(1, confidence ?? 0));
  }
  const total = [...support.values()].reduce((a, b) => a + b, 0);
  // a word no syllable is near, as read, may stay so
  const best = new Map<string | null, number>([[null, KEEP]]);
  for (const [reading, weight] of support) {
    const cost = VOTE * (1 - weight / total);
    for (const { syllable, emission } of candidatesOf(reading, 'misread')) {
      // keeping the word as it was is the kept reading's alone; a figure another reading saw is no syllable
      if ((syllable === null || syllable === NUMBER) && reading !== core) continue;
      best.set(syllable, Math.min(best.get(syllable) ?? Number.POSITIVE_INFINITY, cost + emission));
    }
  }
  return [...best].map(([syllable, emission]) => ({ syllable, emission }));
}

/**
 * The likeliest way to read a word as several syllables the model knows, as they are spelled,
 * and what the pairs inside it cost; null where there is none.
 */
function syllablesIn(word: string): { syllables: string[]; cost: number } | null {
  const { cost, known } = languageModel();
  // best[i]: the cheapest reading of the word's first i letters, by its last syllable's start
  const letters = [...word];
  const best: Array<{ cost: number; from: number } | null> = [{ cost: 0, from: -1 }, ...letters.map(() => null)];
  for (let end = 1; end <= letters.length; end++)
    for (let start = Math.max(0, end - MAX_SYLLABLE); start < end; start++) {
      const piece = letters.slice(start, end).join('');
      if (!best[start] || !known.has(piece)) continue;
      const total = best[start]!.cost + cost(null, piece);
      if (!best[end] || total < best[end]!.cost) best[end] = { cost: total, from: start };
    }
  if (!best[letters.length]) return null;
  const syllables: string[] = [];
  for (let end = letters.length; end > 0; end = best[end]!.from) syllables.unshift(letters.slice(best[end]!.from, end).join(''));
  if (syllables.length < 2) return null;
  return { syllables, cost: syllables.slice(1).reduce((sum, s, i) => sum + cost(syllables[i]!, s), 0) };
}

/** A mark above the vowel: at a small letter's size the OCR takes one for another more often than it loses or adds one. */
const isAbove = (mark: string) => mark !== '' && mark !== '\u0323';

const count = z.number().int().positive();
const ToneCounts = z.record(z.string(), z.record(z.string(), count));
const ToneTableSchema = z
  .object({
    $comment: z.union([z.string(), z.array(z.string())]).optional(),
    /** each tone's name and the mark NFD writes for it (none for ngang) */
    tones: z.record(z.string(), z.string().regex(/^[\u0300\u0301\u0303\u0309\u0323]?$/u)),
    /** tone meant → tone read → syllables */
    counts: ToneCounts,
    /** the same, per scanning condition measured (what the counts sum) */
    conditions: z.record(z.string(), ToneCounts),
    /** a syllable's initial d or đ meant → read, over every condition */
    initials: ToneCounts,
    /** a vowel's shape meant → read (a, ă, â; o, ô, ơ; u, ư; e, ê), over every condition */
    vowels: ToneCounts,
  })
  .refine((t) => ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'].every((mark) => Object.values(t.tones).includes(mark)), 'every tone is named')
  .refine((t) => Object.entries(t.counts).every(([meant, row]) => meant in t.tones && Object.keys(row).every((read) => read in t.tones)), 'every tone counted is named in tones')
  .refine((t) => Object.entries(t.initials).every(([meant, row]) => /^[dđ]$/.test(meant) && Object.keys(row).every((read) => /^[dđ]$/.test(read))), 'initials are d and đ');

let slips: { tones: Map<string, number>; initials: Map<string, number>; vowels: Map<string, number> } | undefined;

/**
 * What reading the tone `meant` as `read` costs, keyed by their two marks ("" for ngang), an
 * initial d as đ or đ as d, and a vowel in another shape, keyed by the two letters: −log of how
 * often the slip was measured against how often it was read right (lang-data/vie-tones.json).
 * That is the channel's half of the odds the language model's −log probabilities are weighed
 * against (natural logs both, so no scaling); the word as read costs nothing, a reading right
 * being the rule. Half a sighting is added to each count, so a slip never seen is priced from the
 * measurement's size, then held within the bounds.
 */
function slipCosts(): NonNullable<typeof slips> {
  if (slips) return slips;
  const { tones, counts, initials, vowels } = loadLangData('vie-tones.json', ToneTableSchema);
  const price = (table: Record<string, Record<string, number> | undefined>, meant: string, read: string, ceiling: number) =>
    Math.min(ceiling, Math.max(TONE_SWAP_FLOOR, -Math.log(((table[meant]?.[read] ?? 0) + 0.5) / ((table[meant]?.[meant] ?? 0) + 0.5))));
  slips = { tones: new Map(), initials: new Map(), vowels: new Map() };
  for (const [meant, meantMark] of Object.entries(tones))
    for (const [read, readMark] of Object.entries(tones))
      if (read !== meant) slips.tones.set(`${meantMark}|${readMark}`, price(counts, meant, read, isAbove(meantMark) && isAbove(readMark) ? TONE_SWAP_CEILING : MISREAD));
  for (const [meant, read] of [['d', 'đ'], ['đ', 'd']] as const) slips.initials.set(meant + read, price(initials, meant, read, MISREAD));
  // each shape of a vowel against the others of its letter, measured or not
  const shapes = [...new Set([...Object.keys(vowels), ...Object.values(vowels).flatMap((row) => Object.keys(row))])];
  for (const meant of shapes) for (const read of shapes) if (read !== meant && stripMarks(read) === stripMarks(meant)) slips.vowels.set(meant + read, price(vowels, meant, read, MISREAD));
  return slips;
}

/** What a Vietnamese model's reading `read` of a word meant as `meant` costs. */
function misreadCost(read: string, meant: string): number {
  const [a, b] = [read.normalize('NFD'), meant.normalize('NFD')];
  const [readTone, meantTone] = [a, b].map((d) => TONE_MARK.exec(d)?.[0] ?? '');
  const [readVowels, meantVowels] = [vowelsOf(read), vowelsOf(meant)];
  const { tones, initials, vowels } = slipCosts();
  // the two share their bare letters: each vowel read in another shape is a slip of its own
  const shapes = meantVowels.reduce((sum, vowel, k) => sum + (vowel === readVowels[k] ? 0 : (vowels.get(vowel + readVowels[k]) ?? MISREAD)), 0);
  const cost = (readTone === meantTone ? 0 : tones.get(`${meantTone}|${readTone}`)!) + (a[0] === b[0] ? 0 : initials.get(b[0]! + a[0]!)!) + shapes;
  // the same tone on the group's other vowel (hoà, hòa) is a spelling, no slip: it costs what it did
  return cost === 0 ? TONE_SWAP_CEILING : Math.min(MISREAD, cost);
}

/** The syllable in the word's case: all capitals, a capital first, or lower case (an OCR's stray capitals inside a word are not kept). */
function withCase(syllable: string, word: string): string {
  const letters = word.normalize('NFD').replace(/[^\p{L}]/gu, '');
  if (letters.length > 1 && letters === letters.toUpperCase()) return syllable.toUpperCase();
  if (/^\p{Lu}/u.test(letters)) return syllable[0]!.toUpperCase() + syllable.slice(1);
  return syllable;
}
