import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { DigitiseError } from '../errors.js';

export interface LoadedText {
  kind: 'text';
  path: string;
  text: string;
}

const TEXT_EXTENSIONS = new Set(['.txt', '.text', '.md']);
const SCAN_EXTENSIONS = new Set(['.pdf', '.png', '.jpg', '.jpeg', '.tif', '.tiff']);

/** Reads one input and checks at the door that it is text this version can take. */
export async function load(path: string): Promise<LoadedText> {
  const extension = extname(path).toLowerCase();
  if (SCAN_EXTENSIONS.has(extension)) {
    throw new DigitiseError('E_UNSUPPORTED', `${path}: scanned ${extension} input is not supported yet; give the dispatch as text (.txt)`, path);
  }
  if (!TEXT_EXTENSIONS.has(extension)) {
    throw new DigitiseError('E_UNSUPPORTED', `${path}: unknown kind of input "${extension || '(no extension)'}"; expected a .txt dispatch`, path);
  }
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new DigitiseError('E_READ', `${path}: not a file`, path);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof DigitiseError) throw error;
    throw new DigitiseError('E_READ', `${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, path, { cause: error });
  }
  if (bytes.length === 0 || bytes.toString('utf8').trim() === '') {
    throw new DigitiseError('E_EMPTY', `${path}: the file is empty`, path);
  }
  if (looksBinary(bytes)) {
    throw new DigitiseError('E_BINARY', `${path}: holds binary data, not text`, path);
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const replaced = (text.match(/\uFFFD/g) ?? []).length;
  if (replaced > 0 && replaced / text.length > 0.001) {
    throw new DigitiseError('E_ENCODING', `${path}: is not UTF-8 text (${replaced} undecodable bytes)`, path);
  }
  return { kind: 'text', path, text };
}

/** NUL bytes, or many control characters, mean the bytes are not text. */
function looksBinary(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32)) control++;
  }
  return control / sample.length > 0.02;
}
