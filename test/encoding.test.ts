import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digitiseFile, type DispatchRecord } from '../src/index.js';
import { decodeText } from '../src/load/encoding.js';
import { compareTables } from './compare.js';

/** Each test digitises the Q1 sample once: about a second alone, more on a loaded machine. */
const TEXT_TIMEOUT = 60_000;

const sample = readFileSync('samples/2018-Q1.txt', 'utf8');
const golden = JSON.parse(readFileSync('golden/2018-Q1.json', 'utf8')) as DispatchRecord;
const dir = mkdtempSync(join(tmpdir(), 'digitise-encoding-'));

function utf16(text: string, order: 'le' | 'be', mark: boolean): Buffer {
  const le = Buffer.from((mark ? '\uFEFF' : '') + text, 'utf16le');
  return order === 'le' ? le : Buffer.from(le).swap16();
}

/**
 * Windows-1258 the other way round, from its own decoder: a letter the code page has is its byte;
 * one it lacks is its base letter (with circumflex, breve or horn, which the code page has) and its
 * tone as a combining mark.
 */
function windows1258(text: string): Buffer {
  const decoder = new TextDecoder('windows-1258');
  const byteOf = new Map<string, number>();
  for (let b = 0; b < 256; b++) byteOf.set(decoder.decode(Uint8Array.of(b)), b);
  const out: number[] = [];
  for (const letter of text) {
    if (byteOf.has(letter)) {
      out.push(byteOf.get(letter)!);
      continue;
    }
    const [base, ...marks] = [...letter.normalize('NFD')];
    const tones = marks.filter((m) => /[\u0300\u0301\u0303\u0309\u0323]/.test(m));
    const shaped = (base! + marks.filter((m) => !tones.includes(m)).join('')).normalize('NFC');
    for (const part of [shaped, ...tones]) {
      if (!byteOf.has(part)) throw new Error(`no Windows-1258 byte for ${part}`);
      out.push(byteOf.get(part)!);
    }
  }
  return Buffer.from(out);
}

/** Typographic marks a TCVN3 keyboard typed as plain ones. */
const PLAIN: Record<string, string> = { '–': '-', '—': '-', '“': '"', '”': '"', '‘': "'", '’': "'", '…': '...' };

/** TCVN3 the other way round, from the table the tool reads: capitals with tone marks were typed lower case. */
function tcvn3(text: string): Buffer {
  const { tcvn3: table } = JSON.parse(readFileSync('lang-data/encodings.json', 'utf8')) as { tcvn3: { bytes: string; letters: string } };
  const byteOf = new Map([...table.letters].map((letter, i) => [letter, table.bytes.charCodeAt(i)]));
  const out: number[] = [];
  for (const letter of [...text].map((c) => PLAIN[c] ?? c).join('')) {
    const code = byteOf.get(letter) ?? byteOf.get(letter.toLowerCase());
    if (code !== undefined) out.push(code);
    else if (letter.charCodeAt(0) < 128) out.push(letter.charCodeAt(0));
    else throw new Error(`no TCVN3 byte for ${letter}`);
  }
  return Buffer.from(out);
}

/**
 * VNI the other way round, from VNI's table written out as its fonts' makers print it (a row for
 * each vowel, its tones in the order none, sắc, huyền, hỏi, ngã, nặng), not from the tool's data.
 */
const VNI_ROWS: Record<string, string[]> = {
  a: ['a', 'aù', 'aø', 'aû', 'aõ', 'aï'],
  â: ['aâ', 'aá', 'aà', 'aå', 'aã', 'aä'],
  ă: ['aê', 'aé', 'aè', 'aú', 'aü', 'aë'],
  e: ['e', 'eù', 'eø', 'eû', 'eõ', 'eï'],
  ê: ['eâ', 'eá', 'eà', 'eå', 'eã', 'eä'],
  i: ['i', 'í', 'ì', 'æ', 'ó', 'ò'],
  o: ['o', 'où', 'oø', 'oû', 'oõ', 'oï'],
  ô: ['oâ', 'oá', 'oà', 'oå', 'oã', 'oä'],
  ơ: ['ô', 'ôù', 'ôø', 'ôû', 'ôõ', 'ôï'],
  u: ['u', 'uù', 'uø', 'uû', 'uõ', 'uï'],
  ư: ['ö', 'öù', 'öø', 'öû', 'öõ', 'öï'],
  y: ['y', 'yù', 'yø', 'yû', 'yõ', 'î'],
};
function vni(text: string): Buffer {
  const codes = new Map<string, string>([['đ', 'ñ'], ['Đ', 'Ñ']]);
  for (const [vowel, row] of Object.entries(VNI_ROWS))
    ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'].forEach((tone, k) => {
      const letter = (vowel + tone).normalize('NFC');
      codes.set(letter, row[k]!);
      codes.set(letter.toUpperCase(), row[k]!.toUpperCase());
    });
  // Windows-1252: Latin-1, and at 0x80–0x9F the marks Windows-1258 has there too (Node's own
  // windows-1252 decoder reads those bytes as control codes)
  const marks = new TextDecoder('windows-1258');
  const byteOf = new Map<string, number>();
  for (let b = 0; b < 256; b++) byteOf.set(b >= 0x80 && b < 0xa0 ? marks.decode(Uint8Array.of(b)) : String.fromCharCode(b), b);
  return Buffer.from([...[...text].map((c) => codes.get(c) ?? c).join('')].map((c) => {
    if (!byteOf.has(c)) throw new Error(`no Windows-1252 byte for ${c}`);
    return byteOf.get(c)!;
  }));
}

async function digitiseBytes(name: string, bytes: Buffer) {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return digitiseFile(path);
}

describe('text in the encodings archives hold', () => {
  it.each([
    ['UTF-16 with its mark', 'utf16le-bom.txt', () => utf16(sample, 'le', true), 'utf-16le'],
    ['UTF-16 big-endian without a mark', 'utf16be.txt', () => utf16(sample, 'be', false), 'utf-16be'],
    ['Windows-1258', 'cp1258.txt', () => windows1258(sample), 'windows-1258'],
    ['NFD (marks apart)', 'nfd.txt', () => Buffer.from(sample.normalize('NFD')), 'utf-8'],
  ])('reads the Q1 sample as %s, cell for cell, and says what it converted', async (_, name, encode, encoding) => {
    const bytes = encode();
    expect(decodeText(bytes)).toMatchObject({ encoding });
    const { record } = await digitiseBytes(name, bytes);
    expect(compareTables(record, golden).differences).toEqual([]);
    expect(record.summary).toEqual(golden.summary);
    if (encoding !== 'utf-8') expect(record.issues).toContainEqual(expect.objectContaining({ code: 'text-encoding', severity: 'info' }));
  }, TEXT_TIMEOUT);

  it('reads TCVN3 (ABC), whose capitals lost their case, to the same tables', async () => {
    const bytes = tcvn3(sample);
    expect(decodeText(bytes)).toMatchObject({ encoding: 'tcvn3' });
    expect((decodeText(bytes) as { text: string }).text).toContain('Thống kê kết quả sử dụng văn bản điện tử trên hệ thống quản lý văn bản điều hành của tỉnh');
    const { record } = await digitiseBytes('tcvn3.txt', bytes);
    expect(compareTables(record, golden).differences).toEqual([]);
  }, TEXT_TIMEOUT);

  it('reads VNI, every letter of the alphabet and the Q1 sample to the same tables', async () => {
    const alphabet = Object.keys(VNI_ROWS).flatMap((v) => ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'].map((t) => (v + t).normalize('NFC'))).join(' ') + ' đ';
    const letters = `${alphabet} ${alphabet.toUpperCase()} của các văn bản điện tử và hồ sơ tỉnh Đắk Lắk`;
    expect(decodeText(vni(letters))).toEqual({ text: letters, encoding: 'vni' });
    const bytes = vni(sample);
    expect(decodeText(bytes)).toEqual({ text: sample.normalize('NFC'), encoding: 'vni' });
    const { record } = await digitiseBytes('vni.txt', bytes);
    expect(compareTables(record, golden).differences).toEqual([]);
  }, TEXT_TIMEOUT);

  it('refuses UTF-8 with stray bytes, naming the file and the line, rather than read a figure beside one', async () => {
    // "60.005" with three bytes from a damaged copy inside it: read leniently it gave 60
    const damaged = Buffer.concat([Buffer.from(sample.slice(0, sample.indexOf('60.005') + 3)), Buffer.from([0xff, 0xfe, 0xff]), Buffer.from(sample.slice(sample.indexOf('60.005') + 3))]);
    const line = sample.slice(0, sample.indexOf('60.005')).split('\n').length;
    await expect(digitiseBytes('damaged.txt', damaged)).rejects.toMatchObject({ code: 'E_ENCODING', message: expect.stringMatching(new RegExp(`damaged\\.txt: 3 bytes are not UTF-8 \\(the first on line ${line}\\)`)) });
  });

  it('still calls binary data binary, whatever its zeros look like', async () => {
    const random = Buffer.alloc(4096);
    for (let i = 0; i < random.length; i++) random[i] = (i * 7919) % 251;
    await expect(digitiseBytes('random.txt', random)).rejects.toMatchObject({ code: 'E_BINARY' });
    await expect(digitiseBytes('zeros.txt', Buffer.alloc(4096))).rejects.toMatchObject({ code: 'E_BINARY' });
  });
});
