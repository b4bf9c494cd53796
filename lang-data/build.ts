/**
 * Builds the lang-data tables the program reads, from the hand-kept sources beside this file:
 *   units.source.json                 → units.json       (every alias spelled out)
 *   confusion-pairs.tsv, digit-pairs.tsv → confusions.json (which characters the OCR confuses)
 * Run with `npm run lang-data` after editing a source; both outputs are committed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { comparisonForm, nfc } from '../src/lang/fold.js';

const here = dirname(fileURLToPath(import.meta.url));

interface SourceUnit {
  id: string;
  kind: 'department' | 'agency' | 'district' | 'town' | 'city';
  name?: string;
  base?: string;
  aliases: string[];
}
interface Source {
  province: { id: string; name: string; aliases: string[] };
  units: SourceUnit[];
  officials: { names: string[] };
}

// Old and new tone placement in open oa/oe/uy syllables (hòa/hoà, Ủy/Uỷ): both occur.
const TONE_PAIRS: Array<[string, string]> = [];
for (const [marked, plain, rest] of [
  ['óòỏõọ', 'o', 'a'],
  ['óòỏõọ', 'o', 'e'],
  ['úùủũụ', 'u', 'y'],
] as const) {
  const tones = ['\u0301', '\u0300', '\u0309', '\u0303', '\u0323'];
  [...marked].forEach((m, k) => {
    TONE_PAIRS.push([m + rest, plain + (rest + tones[k]).normalize('NFC')]);
  });
}

function toneVariants(text: string): string[] {
  const out = new Set([text]);
  for (const [oldStyle, newStyle] of TONE_PAIRS) {
    for (const [from, to] of [[oldStyle, newStyle], [newStyle, oldStyle]] as const) {
      for (const [f, t] of [[from, to], [cap(from), cap(to)]] as const) {
        const re = new RegExp(f + '(?![a-zà-ỹđ])', 'g');
        for (const v of [...out]) out.add(v.replace(re, t));
      }
    }
  }
  return [...out];
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const PREFIXES: Record<'district' | 'town' | 'city', { kindWord: string; prefixes: string[] }> = {
  district: { kindWord: 'huyện', prefixes: ['Ủy ban nhân dân huyện', 'UBND huyện', 'huyện', 'UBND', 'UBND H.', ''] },
  town: { kindWord: 'thị xã', prefixes: ['Ủy ban nhân dân thị xã', 'UBND thị xã', 'UBND TX', 'UBND Tx.', 'thị xã', 'TX', 'UBND', ''] },
  city: {
    kindWord: 'thành phố',
    prefixes: ['Ủy ban nhân dân thành phố', 'UBND thành phố', 'UBND Tp.', 'UBND TP', 'thành phố', 'Tp.', 'TP', 'UBND', ''],
  },
};

function expandUnit(unit: SourceUnit): { id: string; kind: string; name: string; aliases: string[] } {
  let name: string;
  const aliases = new Set<string>();
  if (unit.kind === 'district' || unit.kind === 'town' || unit.kind === 'city') {
    if (!unit.base) throw new Error(`${unit.id}: a ${unit.kind} needs "base"`);
    const { kindWord, prefixes } = PREFIXES[unit.kind];
    name = `Ủy ban nhân dân ${kindWord} ${unit.base}`;
    const bases = new Set([unit.base, unit.base.replace(/'/g, ''), unit.base.replace(/'/g, ' ')]);
    for (const prefix of prefixes) for (const base of bases) aliases.add(`${prefix} ${base}`.trim());
  } else {
    if (!unit.name) throw new Error(`${unit.id}: needs "name"`);
    name = unit.name;
    aliases.add(name);
  }
  for (const alias of unit.aliases) aliases.add(alias);
  const all = new Set<string>();
  for (const alias of aliases) for (const v of toneVariants(nfc(alias))) all.add(v);
  all.delete(name);
  return { id: unit.id, kind: unit.kind, name: nfc(name), aliases: [...all].sort() };
}

function readPairs(file: string): Array<[string, string]> {
  return readFileSync(join(here, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [seen, truth] = line.split('\t');
      if (!seen || !truth) throw new Error(`${file}: bad line "${line}"`);
      return [seen, truth];
    });
}

/** Character alignment by plain edit distance; returns the substituted pairs. */
function alignedSubstitutions(seen: string, truth: string): Array<[string, string]> {
  const a = [...seen];
  const b = [...truth];
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), d[i - 1]![j]! + 1, d[i]![j - 1]! + 1);
  const pairs: Array<[string, string]> = [];
  let i = a.length;
  let j = b.length;
  while (i > 0 && j > 0) {
    const diagonal = d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
    if (d[i]![j] === diagonal) {
      if (a[i - 1] !== b[j - 1]) pairs.push([a[i - 1]!, b[j - 1]!]);
      i--;
      j--;
    } else if (d[i]![j] === d[i - 1]![j]! + 1) i--;
    else j--;
  }
  return pairs;
}

function count(table: Record<string, Record<string, number>>, seen: string, truth: string): void {
  const row = (table[seen] ??= {});
  row[truth] = (row[truth] ?? 0) + 1;
}

const source = JSON.parse(readFileSync(join(here, 'units.source.json'), 'utf8')) as Source;
const ids = new Set<string>();
for (const unit of source.units) {
  if (ids.has(unit.id)) throw new Error(`duplicate unit id ${unit.id}`);
  ids.add(unit.id);
}
const units = {
  $comment: 'Built by lang-data/build.ts from units.source.json; do not edit by hand.',
  province: { ...source.province, aliases: source.province.aliases.map(nfc) },
  units: source.units.map(expandUnit),
  officials: [...new Set(source.officials.names.map(nfc))],
};
writeFileSync(join(here, 'units.json'), JSON.stringify(units, null, 2) + '\n');

const letters: Record<string, Record<string, number>> = {};
for (const [seen, truth] of readPairs('confusion-pairs.tsv')) {
  // The garbled side keeps its digits and symbols: those are what the OCR put there.
  const garbled = seen.toLowerCase().replace(/['’]/g, '');
  for (const [s, t] of alignedSubstitutions(garbled, comparisonForm(truth))) count(letters, s, t);
}
const digits: Record<string, Record<string, number>> = {};
for (const [seen, truth] of readPairs('digit-pairs.tsv')) {
  for (const [s, t] of alignedSubstitutions(seen.replace(/\s+/g, ''), truth)) {
    if (/[0-9]/.test(t) && !/[0-9]/.test(s)) count(digits, s, t);
  }
}
writeFileSync(
  join(here, 'confusions.json'),
  JSON.stringify({ $comment: 'Built by lang-data/build.ts; do not edit by hand.', letters, digits }, null, 2) + '\n',
);
console.log(`units.json: ${units.units.length} units; confusions.json: ${Object.keys(letters).length} garbled letters, ${Object.keys(digits).length} digit stand-ins`);
