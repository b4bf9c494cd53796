import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { digitiseFile, type DispatchRecord } from '../src/index.js';
import { decodeText } from '../src/load/encoding.js';
import { compareTables } from './compare.js';
import { tcvn3, TONES, utf16, vni, VNI_ROWS, windows1258 } from './fixtures/make-fixtures.js';
import { scratchDir } from './scratch.js';

/** Each test digitises the Q1 sample once: about a second alone, more on a loaded machine. */
const TEXT_TIMEOUT = 60_000;

const sample = readFileSync('samples/2018-Q1.txt', 'utf8');
const golden = JSON.parse(readFileSync('golden/2018-Q1.json', 'utf8')) as DispatchRecord;
const dir = scratchDir('digitise-encoding-');

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
    const alphabet = Object.keys(VNI_ROWS).flatMap((v) => TONES.map((t) => (v + t).normalize('NFC'))).join(' ') + ' đ';
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
