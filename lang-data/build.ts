/**
 * Builds the lang-data tables the program reads, from the hand-kept sources beside this file:
 *   units.source.json                 → units.json       (every alias spelled out)
 *   tesseract-eng.json, confusion-pairs.tsv, digit-pairs.tsv → confusions.json (which characters
 *                                     the OCR confuses; see merge-confusions.ts)
 * Run with `npm run lang-data` after editing a source; both outputs are committed.
 * tesseract-eng.json itself is measured by build-confusions.ts (`npm run lang-data:confusions`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nfc } from '../src/lang/fold.js';
import { writeConfusions } from './merge-confusions.js';

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

console.log(`units.json: ${units.units.length} units; ${writeConfusions()}`);
