import { z } from 'zod';
import { readLangData } from '../lang/langData.js';

/**
 * The encodings archived dispatches come in: UTF-8; UTF-16, as Windows saves "Unicode" text,
 * with or without its byte-order mark; and the 8-bit Vietnamese encodings typed before Unicode,
 * Windows-1258 (its tone marks as combining characters), TCVN3 (ABC) and VNI (a letter's marks
 * as a code after it).
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258' | 'tcvn3' | 'vni';

type Unicode = 'utf-8' | 'utf-16le' | 'utf-16be';

export type Decoded = { text: string; encoding: TextEncoding } | { text: null; reason: string };

const EncodingsData = z.object({
  tcvn3: z
    .object({ bytes: z.string(), letters: z.string() })
    .refine(({ bytes, letters }) => [...bytes].length === [...letters].length && [...bytes].every((c) => c.charCodeAt(0) < 256), 'tcvn3: one byte for each letter'),
  vni: z.object({
    letters: z.record(z.string().length(1), z.string().length(1)),
    marks: z.record(z.string().regex(/^[\u0300-\u036f]{1,2}$/), z.string().length(1)),
  }),
  commonWords: z.array(z.string().min(1)).min(10),
});

/** The TCVN3 table by byte, the VNI codes by the letter they stand for, and the common words, as loaded once. */
let cached: { tcvn3: Map<number, string>; vni: Map<string, string>; commonWords: Set<string> } | undefined;
function encodings() {
  if (!cached) {
    const { tcvn3, vni, commonWords } = EncodingsData.parse(readLangData('encodings.json'));
    const letters = [...tcvn3.letters];
    cached = { tcvn3: new Map([...tcvn3.bytes].map((c, i) => [c.charCodeAt(0), letters[i]!])), vni: vniCodes(vni), commonWords: new Set(commonWords) };
  }
  return cached;
}

/** Every Vietnamese letter with a mark, small and capital. */
const MARKED_LETTERS = [...'aăâeêioôơuưy'].flatMap((base) => ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'].map((tone) => (base + tone).normalize('NFC'))).filter((l) => !/^[a-z]$/.test(l));

/**
 * The VNI code of every Vietnamese letter with a mark, from the letters with a code of their own
 * and the codes of the marks that follow a base letter (ơ and ư count as bases: their codes are
 * their own).
 */
function vniCodes(vni: z.infer<typeof EncodingsData>['vni']): Map<string, string> {
  // the marks in canonical order, whatever order the data lists them in
  const marks = new Map(Object.entries(vni.marks).map(([combining, code]) => [('a' + combining).normalize('NFD').slice(1), code]));
  const codes = new Map<string, string>();
  for (const small of [...MARKED_LETTERS, 'đ']) {
    for (const letter of [small, small.toUpperCase()]) {
      const own = vni.letters[letter];
      if (own) {
        codes.set(own, letter);
        continue;
      }
      // a horned base (ơ, ư) has a code of its own; the other marks' code goes after it
      const [first, ...rest] = letter.normalize('NFD');
      const horned = rest.includes('\u031b');
      const base = horned ? vni.letters[(first + '\u031b').normalize('NFC')] : first;
      const mark = marks.get(rest.filter((m) => m !== '\u031b').join(''));
      if (!base || !mark) throw new Error(`encodings.json: no VNI code for ${letter}`);
      codes.set(base + (letter === small ? mark : mark.toUpperCase()), letter);
    }
  }
  return codes;
}

/** A decoding is taken for Vietnamese when it spells at least this many of the common words. */
const WORDS_NEEDED = 3;

/**
 * The text of a file's bytes, in the first of these that reads them whole: a byte-order mark's
 * encoding; UTF-16 where every other byte is zero as in Latin text; UTF-8; then, for bytes that
 * hold no UTF-8 at all, whichever 8-bit Vietnamese encoding spells more common words. UTF-8 with
 * a few bytes that are not (a file damaged in copying) is not decoded: which figure the damage
 * touched the text cannot say.
 */
export function decodeText(bytes: Uint8Array): Decoded {
  const bom = byteOrderMark(bytes);
  const sixteen = bom?.encoding ?? utf16WithoutMark(bytes);
  if (sixteen && sixteen !== 'utf-8') {
    const text = strictly(sixteen, bytes.subarray(bom?.length ?? 0));
    return text === null ? { text: null, reason: `is not valid ${sixteen.toUpperCase()} text` } : { text, encoding: sixteen };
  }
  const body = bytes.subarray(bom?.length ?? 0);
  const text = strictly('utf-8', body);
  if (text !== null) return { text, encoding: 'utf-8' };
  const { valid, invalid, firstInvalid } = utf8Sequences(body);
  if (bom || valid >= invalid) {
    const line = 1 + body.subarray(0, firstInvalid).filter((b) => b === 0x0a).length;
    return { text: null, reason: `${invalid} byte${invalid === 1 ? ' is' : 's are'} not UTF-8 (the first on line ${line}); a figure beside one cannot be trusted` };
  }
  const readings = (['windows-1258', 'tcvn3', 'vni'] as const).map((encoding) => {
    const decoded = encoding === 'tcvn3' ? fromTcvn3(body) : encoding === 'vni' ? fromVni(body) : strictly(encoding, body);
    return { encoding, text: decoded, words: decoded === null ? 0 : commonWords(decoded) };
  });
  const best = readings.reduce((a, b) => (b.words > a.words ? b : a));
  if (best.text === null || best.words < WORDS_NEEDED) return { text: null, reason: 'is not UTF-8 text, nor Windows-1258, TCVN3 or VNI Vietnamese' };
  return { text: best.text.normalize('NFC'), encoding: best.encoding };
}

function byteOrderMark(bytes: Uint8Array): { encoding: Unicode; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** UTF-16 without a mark: in a quarter or more of the first pairs, one byte of the two is zero, always the same one. */
function utf16WithoutMark(bytes: Uint8Array): Unicode | null {
  const pairs = Math.min(2048, Math.floor(bytes.length / 2));
  if (pairs < 8) return null;
  let low = 0;
  let high = 0;
  for (let i = 0; i < pairs; i++) {
    const [a, b] = [bytes[2 * i]!, bytes[2 * i + 1]!];
    if (a !== 0 && b === 0) low++;
    if (a === 0 && b !== 0) high++;
  }
  if (low >= pairs / 4 && high === 0) return 'utf-16le';
  if (high >= pairs / 4 && low === 0) return 'utf-16be';
  return null;
}

function strictly(encoding: Unicode | 'windows-1258', bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** How many well-formed UTF-8 sequences of two bytes or more the bytes hold, and how many bytes fit none. */
function utf8Sequences(bytes: Uint8Array): { valid: number; invalid: number; firstInvalid: number } {
  let valid = 0;
  let invalid = 0;
  let firstInvalid = -1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = length > 0 && i + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok) {
      if (length > 1) valid++;
      i += length;
    } else {
      if (firstInvalid < 0) firstInvalid = i;
      invalid++;
      i++;
    }
  }
  return { valid, invalid, firstInvalid: Math.max(0, firstInvalid) };
}

function fromTcvn3(bytes: Uint8Array): string {
  const table = encodings().tcvn3;
  let text = '';
  for (const b of bytes) text += table.get(b) ?? String.fromCharCode(b);
  return text;
}

/**
 * Windows-1252, which VNI fonts were typed over. Node's decoder reads its 0x80–0x9F (dashes,
 * quotes, the ellipsis) as control codes; Windows-1258 has the same marks there.
 */
function fromWindows1252(bytes: Uint8Array): string {
  const marks = new TextDecoder('windows-1258');
  let text = '';
  for (const b of bytes) text += b >= 0x80 && b < 0xa0 ? marks.decode(Uint8Array.of(b)) : String.fromCharCode(b);
  return text;
}

/** VNI text: its bytes as Windows-1252 letters, each letter's code (two letters or one) read as the letter it stands for. */
function fromVni(bytes: Uint8Array): string {
  const typed = fromWindows1252(bytes);
  const codes = encodings().vni;
  let text = '';
  for (let i = 0; i < typed.length; ) {
    const two = codes.get(typed.slice(i, i + 2));
    const one = two === undefined ? codes.get(typed[i]!) : undefined;
    text += two ?? one ?? typed[i];
    i += two !== undefined ? 2 : 1;
  }
  return text;
}

function commonWords(text: string): number {
  const words = encodings().commonWords;
  return (text.normalize('NFC').toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => words.has(w)).length;
}
