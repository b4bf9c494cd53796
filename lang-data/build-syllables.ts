/**
 * Builds syllables.json, the language model text restoration decodes with: how often each
 * Vietnamese syllable, and each pair of syllables in a row, occurs in running Vietnamese text.
 *
 * Sources (every one's licence allows shipping counts derived from it):
 *   - the Vietnamese translation catalogues Debian installs (/usr/share/locale/vi/LC_MESSAGES/*.mo,
 *     each under its package's licence: GPL, LGPL, MIT, Apache…; the packages are listed in the output);
 *   - Debian's packages of Vietnamese translations and documentation, where installed or unpacked
 *     into one folder (--unpacked <dir>, see below): LibreOffice's interface (libreoffice-l10n-vi,
 *     MPL-2.0) and its help pages (libreoffice-help-vi, MPL-2.0: running explanatory text), Firefox's
 *     and Thunderbird's language packs (firefox-esr-l10n-vi, thunderbird-l10n-vi, MPL-2.0) and the
 *     Debian New Maintainers' Guide (maint-guide-vi, GPL-2.0+ or MIT);
 *   - the dictionary of @vntk/dictionary (npm, MIT): its 74,000 words, and the definitions and
 *     examples of its entries, running text of the general register;
 *   - the 264,000 pairs of words that the legacy Vietnamese model of @tesseract.js-data/vie (npm,
 *     MIT; Google's tessdata, Apache-2.0) knows, drawn from web text (news, notices, forums): the
 *     register of public life the other sources lack (read with Debian tesseract-ocr's
 *     combine_tessdata and dawg2wordlist);
 *   - the project's own dispatch text (samples/2018-Q1.txt; Q3/2018's is an English model's
 *     garble), its unit dictionary, letterhead phrases and places (MIT, this project; the places
 *     from the General Statistics Office's list, MIT).
 * Held out, never counted, so that test/bench-restore.ts measures on text the model has not seen:
 * the catalogues HELD_OUT names, and every dispatch of samples/other/ and samples/dispatches/.
 *
 *   apt-get download libreoffice-l10n-vi libreoffice-help-vi firefox-esr-l10n-vi thunderbird-l10n-vi maint-guide-vi
 *   for deb in *.deb; do dpkg-deb -x "$deb" /tmp/vi-debs; done
 *   npm run lang-data:syllables -- --unpacked /tmp/vi-debs
 *
 * Not counted: manpages-vi, whose pages of coreutils, tar and wget translate the held-out catalogues' help texts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { capitalisedSyllable, isAcronym, isSyllable, NUMBER, opensSentence, syllablesOf } from '../src/lang/syllables.js';
import { catalogueTexts, HELD_OUT } from './catalogues.js';

/** Pairs seen fewer times than this are left out: they say little, and the file stays small. */
const MIN_PAIR = 2;
/**
 * What a pair in Tesseract's list counts for: the list says which pairs occur, not how often, and
 * holds only those its web text had often enough; at MIN_PAIR, every one of them is kept.
 */
const LISTED_PAIR = MIN_PAIR;

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

/** The Debian package a file came from, and the first licence its copyright file names. */
function packageOf(file: string): { name: string; licence: string } {
  try {
    const name = execFileSync('dpkg', ['-S', file], { encoding: 'utf8' }).split(':')[0]!.trim();
    const copyright = readFileSync(`/usr/share/doc/${name}/copyright`, 'utf8');
    return { name, licence: /^License:\s*(.+)$/m.exec(copyright)?.[1]?.trim() ?? 'see its copyright file' };
  } catch {
    return { name: basename(file), licence: 'unknown' };
  }
}

/** Text in Vietnamese, not English left untranslated: a third of its words or more carry a mark. */
function isVietnamese(text: string): boolean {
  const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  return words.length > 0 && words.filter((w) => /[^\x00-\x7f]/.test(w)).length / words.length >= 0.3;
}

function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1)))
    if (entry.isDirectory()) yield* filesUnder(join(dir, entry.name));
    else yield join(dir, entry.name);
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', amp: '&' };
const unescaped = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&(\w+);/g, (m, name: string) => ENTITIES[name] ?? m);

/**
 * The paragraphs and headings of LibreOffice's Vietnamese help, each once (pages repeat them);
 * those left in English are not counted. Impress's and Draw's pages are left out, as their
 * interface's catalogue (sd.mo) is held out.
 */
function helpTexts(dir: string): string[] {
  const texts = new Set<string>();
  for (const file of filesUnder(dir)) {
    if (!file.endsWith('.html') || /\/(simpress|sdraw)\//.test(file)) continue;
    for (const [, , inner] of readFileSync(file, 'utf8').matchAll(/<(p|h[1-6])\b[^>]*>([\s\S]*?)<\/\1>/g)) {
      const text = unescaped(inner!).trim();
      if (isVietnamese(text)) texts.add(text);
    }
  }
  return [...texts];
}

/** The messages of a Mozilla language pack (.xpi, read with unzip): Fluent files, .properties and .dtd, placeholders dropped. */
function langpackTexts(xpi: string): string[] {
  const names = execFileSync('unzip', ['-Z1', xpi], { encoding: 'utf8' }).split('\n');
  // every file of one kind, one after the other (Firefox's pack has no .dtd)
  const read = (extension: string) => {
    const files = names.filter((n) => n.endsWith(extension));
    return files.length > 0 ? execFileSync('unzip', ['-p', xpi, ...files], { encoding: 'utf8', maxBuffer: 64 << 20 }) : '';
  };
  const texts: string[] = [];
  // a Fluent message's value runs on over its indented lines; a placeable { … } is no text
  for (const [, value] of read('.ftl').replace(/\n[ \t]+(?![.*[])/g, ' ').matchAll(/^\s*[.\w-]+\s*=\s*(.+)$/gm)) texts.push(value!.replace(/\{[^}]*\}/g, ' '));
  for (const [, value] of read('.properties').matchAll(/^[^#!\s][^=]*=\s*(.+)$/gm)) texts.push(value!.replace(/%\S+|#\d/g, ' '));
  for (const [, value] of read('.dtd').matchAll(/<!ENTITY\s+\S+\s+"([^"]*)">/g)) texts.push(unescaped(value!));
  return texts.filter(isVietnamese);
}

/** The pairs of words (syllables) in the bigram list of Tesseract's legacy Vietnamese model, "a b" each. */
function tesseractPairs(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'vie-dawg-'));
  try {
    writeFileSync(join(dir, 'vie.traineddata'), gunzipSync(readFileSync(join(root, 'node_modules/@tesseract.js-data/vie/4.0.0/vie.traineddata.gz'))));
    execFileSync('combine_tessdata', ['-u', join(dir, 'vie.traineddata'), join(dir, 'vie.')], { stdio: 'ignore' });
    execFileSync('dawg2wordlist', [join(dir, 'vie.unicharset'), join(dir, 'vie.bigram-dawg'), join(dir, 'bigrams.txt')], { stdio: 'ignore' });
    return readFileSync(join(dir, 'bigrams.txt'), 'utf8').split('\n').filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const { values } = parseArgs({ options: { unpacked: { type: 'string', default: '/' } } });
  const unpacked = (path: string) => join(values.unpacked!, path);
  const sources: Array<{ source: string; licence: string; texts: string[] }> = [];
  const catalogues = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.mo') && !HELD_OUT.includes(f)).map((f) => join(dir, f)) : []);
  for (const file of catalogues('/usr/share/locale/vi/LC_MESSAGES')) {
    const { name, licence } = packageOf(file);
    sources.push({ source: `Debian ${name} (${basename(file)})`, licence, texts: catalogueTexts(readFileSync(file)) });
  }
  const office = catalogues(unpacked('usr/lib/libreoffice/program/resource/vi/LC_MESSAGES'));
  if (office.length > 0) sources.push({ source: 'Debian libreoffice-l10n-vi', licence: 'MPL-2.0', texts: office.flatMap((f) => catalogueTexts(readFileSync(f))) });
  const help = unpacked('usr/share/libreoffice/help/vi/text');
  if (existsSync(help)) sources.push({ source: 'Debian libreoffice-help-vi', licence: 'MPL-2.0', texts: helpTexts(help) });
  for (const [name, xpi] of [
    ['firefox-esr-l10n-vi', 'usr/lib/firefox-esr/browser/extensions/langpack-vi@firefox-esr.mozilla.org.xpi'],
    ['thunderbird-l10n-vi', 'usr/lib/thunderbird/extensions/langpack-vi@thunderbird.mozilla.org.xpi'],
  ] as const)
    if (existsSync(unpacked(xpi))) sources.push({ source: `Debian ${name}`, licence: 'MPL-2.0', texts: langpackTexts(unpacked(xpi)) });
  const guide = unpacked('usr/share/doc/maint-guide-vi/maint-guide.vi.txt.gz');
  // its paragraphs: commands, file names and listings between them are in English
  if (existsSync(guide)) sources.push({ source: 'Debian maint-guide-vi', licence: 'GPL-2.0+ or MIT', texts: gunzipSync(readFileSync(guide)).toString('utf8').split(/\n\s*\n/).filter(isVietnamese) });
  const vntk = join(root, 'node_modules/@vntk/dictionary/data');
  const entries = JSON.parse(readFileSync(join(vntk, 'dictionary.json'), 'utf8')) as Record<string, Array<{ definition?: string; example?: string }>>;
  sources.push({
    source: '@vntk/dictionary 1.0.0 (npm): its words, definitions and examples',
    licence: 'MIT',
    texts: [...readFileSync(join(vntk, 'Viet74K.txt'), 'utf8').split('\n'), ...Object.values(entries).flatMap((senses) => senses.flatMap((s) => [s.definition ?? '', ...(s.example ?? '').split('~')]))],
  });
  sources.push({
    source: "@tesseract.js-data/vie 1.0.0 (npm): the pairs of words its legacy model's bigram list holds",
    licence: 'MIT (tessdata: Apache-2.0)',
    texts: tesseractPairs().flatMap((pair) => Array<string>(LISTED_PAIR).fill(pair)),
  });
  const units = JSON.parse(readFileSync(join(here, 'units.json'), 'utf8')) as { units: Array<{ name: string; aliases: string[] }> };
  const own = [
    readFileSync(join(root, 'samples/2018-Q1.txt'), 'utf8'),
    ...units.units.flatMap((u) => [u.name, ...u.aliases]),
    readFileSync(join(here, 'letterhead.json'), 'utf8'),
    readFileSync(join(here, 'places.json'), 'utf8'),
  ];
  sources.push({ source: 'this project: its dispatch text, unit dictionary, letterhead phrases and places', licence: 'MIT', texts: own });

  const unigrams = new Map<string, number>();
  const pairs = new Map<string, number>();
  const capitals = new Map<string, number>();
  const counted: Array<{ source: string; licence: string; syllables: number }> = [];
  for (const { source, licence, texts } of sources) {
    let syllables = 0;
    for (const text of texts) {
      // a run of syllables unbroken by anything else: a pair is counted only within one
      for (const run of syllablesOf(text)) {
        run.forEach((s, i) => {
          unigrams.set(s, (unigrams.get(s) ?? 0) + 1);
          if (i > 0) pairs.set(`${run[i - 1]} ${s}`, (pairs.get(`${run[i - 1]} ${s}`) ?? 0) + 1);
        });
        syllables += run.length;
      }
      // a capital inside a sentence marks a name's syllable: Sở (a department), Lê, An
      for (const line of text.split('\n')) {
        const words = line.split(/\s+/).filter(Boolean);
        words.forEach((word, i) => {
          const capitalised = opensSentence(words[i - 1]) ? undefined : capitalisedSyllable(word.replace(/^[("'“‘[]+|[)"'”’\].,;:!?…]+$/gu, ''));
          if (capitalised) capitals.set(capitalised, (capitals.get(capitalised) ?? 0) + 1);
        });
      }
    }
    counted.push({ source, licence, syllables });
  }
  const sorted = <T>(map: Map<string, T>) => Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : 1)));
  const kept = new Map([...pairs].filter(([, n]) => n >= MIN_PAIR));
  const model = {
    $comment: [
      'Built by lang-data/build-syllables.ts (npm run lang-data:syllables); do not edit by hand.',
      `unigrams: syllable (lower case, NFC, tone on the first vowel of an open oa, oe, uy) → times seen, ${NUMBER} for any number, an acronym (ubnd, hđnd) as itself; pairs: "a b" → times b followed a in one run of syllables, pairs seen once left out; capitals: syllable → times it was written with a capital inside a sentence.`,
      `Held out for test/bench-restore.ts, never counted: ${HELD_OUT.join(', ')}, samples/other/ and samples/dispatches/.`,
    ],
    sources: counted,
    unigrams: sorted(unigrams),
    pairs: sorted(kept),
    capitals: sorted(capitals),
  };
  if (![...unigrams.keys()].every((s) => s === NUMBER || isSyllable(s) || isAcronym(s.toUpperCase()))) throw new Error('a counted token is no syllable');
  writeFileSync(join(here, 'syllables.json'), JSON.stringify(model) + '\n');
  const total = counted.reduce((n, s) => n + s.syllables, 0);
  console.log(`syllables.json: ${total} syllables from ${counted.length} sources, ${unigrams.size} distinct, ${kept.size} pairs kept`);
}

main();
