import Fuse from 'fuse.js';
import { nfc, comparisonForm } from './fold.js';
import { similarity } from './distance.js';
import { readLangData } from './langData.js';

export interface UnitEntry {
  id: string;
  kind: 'department' | 'agency' | 'district' | 'town' | 'city';
  name: string;
  aliases: string[];
}

export interface UnitMatch {
  unitId: string;
  name: string;
  /** Confusion-weighted similarity of the best alias, 0–1. */
  score: number;
  /** How far ahead of the next-best different unit it is. */
  margin: number;
  alias: string;
}

interface UnitsFile {
  province: { id: string; name: string; aliases: string[] };
  units: UnitEntry[];
  officials: string[];
}

/**
 * A match is taken only when it is close enough and far enough ahead of any other unit; a very
 * close match needs a smaller lead (district names differ in one short word).
 */
export const MATCH_RULES = [
  { score: 0.85, margin: 0.03 },
  { score: 0.7, margin: 0.06 },
];

export function isAccepted(match: Pick<UnitMatch, 'score' | 'margin'>): boolean {
  return MATCH_RULES.some((rule) => match.score >= rule.score && match.margin >= rule.margin);
}

/**
 * Words every unit name shares ("Ủy ban nhân dân huyện …", "Sở …"): they tell units apart
 * least, so the token score weighs them little.
 */
const GENERIC_WORDS = new Set(['uy', 'ban', 'nhan', 'dan', 'ubnd', 'huyen', 'h', 'so', 'tinh', 'thi', 'xa', 'tx', 'thanh', 'pho', 'tp', 'va']);

function weight(token: string): number {
  return GENERIC_WORDS.has(token) ? 0.3 : 1;
}

/**
 * Word-by-word score: each word of one name against its best counterpart in the other, weighted,
 * both ways. Survives words moved or dropped ("lịch … Văn hóa, Thể thao và Du").
 */
function tokenScore(query: string[], alias: string[]): number {
  const side = (from: string[], to: string[], weigh: (t: string) => number): number => {
    let total = 0;
    let got = 0;
    for (const token of from) {
      const w = weigh(token);
      total += w;
      got += w * Math.max(0, ...to.map((other) => similarity(token, other)));
    }
    return total === 0 ? 0 : got / total;
  };
  const recall = side(alias, query, weight);
  // the query's words are garbled, so their weight follows the alias word they match best
  const precision = side(query, alias, (t) => weight(alias.reduce((a, b) => (similarity(t, a) >= similarity(t, b) ? a : b))));
  return recall + precision === 0 ? 0 : (2 * recall * precision) / (recall + precision);
}

interface AliasForm {
  unitId: string;
  alias: string;
  form: string;
  tokens: string[];
  /** The form with the OCR's commonest digit-for-letter swaps undone, for the fuzzy index. */
  searchForm: string;
}

/** What Fuse searches: digits the OCR puts for vowels turned back into a plausible vowel. */
function searchForm(form: string): string {
  return form.replace(/[60]/g, 'o').replace(/[q€]/g, 'e').replace(/[{[]/g, 'a');
}

/** How many rankings are remembered; a batch of documents keeps meeting the same few hundred names. */
const RANK_CACHE = 5000;

const exactForm = (name: string) => nfc(name).toLowerCase().replace(/['’‘`]/g, '').replace(/\s+/g, ' ').trim();

class UnitDictionary {
  readonly units: UnitEntry[];
  readonly province: UnitsFile['province'];
  readonly officials: string[];
  private readonly byId: Map<string, UnitEntry>;
  private readonly exact: Map<string, string>;
  private readonly forms: AliasForm[];
  private readonly fuse: Fuse<AliasForm>;
  /** Rankings already worked out, by comparison form (read only: callers never change them). */
  private readonly ranked = new Map<string, UnitMatch[]>();

  constructor(file: UnitsFile) {
    this.units = file.units;
    this.province = file.province;
    this.officials = file.officials;
    this.byId = new Map(file.units.map((u) => [u.id, u]));
    this.exact = new Map(file.units.flatMap((u) => [u.name, ...u.aliases].map((alias) => [exactForm(alias), u.id] as const)));
    const seen = new Set<string>();
    this.forms = file.units.flatMap((unit) =>
      [unit.name, ...unit.aliases].flatMap((alias) => {
        const form = comparisonForm(alias);
        const key = `${unit.id}|${form}`;
        if (seen.has(key)) return [];
        seen.add(key);
        return [{ unitId: unit.id, alias, form, tokens: form.split(' '), searchForm: searchForm(form) }];
      }),
    );
    this.fuse = new Fuse(this.forms, { keys: ['searchForm'], includeScore: true, ignoreLocation: true, threshold: 0.7 });
  }

  /**
   * The unit a name is written for, letter for letter: case, spacing and apostrophes aside, the
   * name or one of its aliases must match with every diacritic ("UBND huyện Lắk" is; "UBND huyen
   * Lak" is not). For comparing records, not for repairing OCR text.
   */
  identify(name: string): UnitEntry | undefined {
    return this.byId.get(this.exact.get(exactForm(name)) ?? '');
  }

  get(unitId: string): UnitEntry | undefined {
    return this.byId.get(unitId);
  }

  /**
   * Ranks the units a (possibly garbled) name may be. Fuse finds the candidates; each is then
   * scored against every alias of that unit, as a whole string and word by word, by
   * confusion-weighted similarity.
   */
  rank(label: string, thorough = true): UnitMatch[] {
    const form = comparisonForm(label);
    if (form.replace(/\s/g, '').length < 2) return [];
    // the same names come up in every table and every pass; scoring them is the costly part
    const key = thorough ? form : `${form}\u0000quick`;
    const known = this.ranked.get(key);
    if (known) return known;
    const tokens = form.split(' ');
    const shortlist = new Set(this.fuse.search(searchForm(form), { limit: 24 }).map((r) => r.item.unitId));
    let ranked = this.score(form, tokens, shortlist);
    // Fuse misses names garbled past its reach ("SOYTC"): then every unit is scored, unless the
    // caller only weighs many possible cuts of a text and will rank the chosen ones thoroughly
    if (thorough && (!ranked[0] || !isAccepted(ranked[0]))) ranked = this.score(form, tokens, null);
    if (this.ranked.size >= RANK_CACHE) this.ranked.clear();
    this.ranked.set(key, ranked);
    return ranked;
  }

  private score(form: string, tokens: string[], shortlist: Set<string> | null): UnitMatch[] {
    const best = new Map<string, { score: number; alias: string }>();
    for (const entry of this.forms) {
      if (shortlist && !shortlist.has(entry.unitId)) continue;
      const score = Math.max(similarity(form, entry.form), tokenScore(tokens, entry.tokens));
      const current = best.get(entry.unitId);
      if (!current || score > current.score) best.set(entry.unitId, { score, alias: entry.alias });
    }
    const ranked = [...best.entries()].sort((a, b) => b[1].score - a[1].score);
    return ranked.map(([unitId, { score, alias }], i) => ({
      unitId,
      name: this.byId.get(unitId)!.name,
      score,
      margin: score - (ranked[i + 1]?.[1].score ?? 0),
      alias,
    }));
  }

  /** The unit a name settles on, or null when no unit is close enough and clearly ahead. */
  match(label: string): UnitMatch | null {
    const [best] = this.rank(label);
    return best && isAccepted(best) ? best : null;
  }
}

let dictionary: UnitDictionary | undefined;

export function unitDictionary(): UnitDictionary {
  dictionary ??= new UnitDictionary(readLangData<UnitsFile>('units.json'));
  return dictionary;
}

export type { UnitDictionary };
