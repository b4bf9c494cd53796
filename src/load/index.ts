import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { DigitiseError } from '../errors.js';
import { decodeText, type TextEncoding } from './encoding.js';

export interface LoadedText {
  kind: 'text';
  path: string;
  text: string;
  /** What the bytes were: anything but UTF-8 was converted. */
  encoding: TextEncoding;
}

/** A scanned PDF or image: checked to be one, and read page by page by the rasterise stage. */
export interface LoadedScan {
  kind: 'scan';
  path: string;
  /** What its first bytes say it is, whatever its name says. */
  format: 'pdf' | 'image';
  /** Set when its name says otherwise (a PDF named .txt): what it was read as. */
  misnamed: string | null;
}

/** The first bytes of each kind of scan this tool reads. */
const SIGNATURES: Array<{ kind: string; format: LoadedScan['format']; extensions: string[]; bytes: number[] }> = [
  { kind: 'PDF', format: 'pdf', extensions: ['.pdf'], bytes: [0x25, 0x50, 0x44, 0x46] },
  { kind: 'PNG', format: 'image', extensions: ['.png'], bytes: [0x89, 0x50, 0x4e, 0x47] },
  { kind: 'JPEG', format: 'image', extensions: ['.jpg', '.jpeg'], bytes: [0xff, 0xd8, 0xff] },
  { kind: 'TIFF', format: 'image', extensions: ['.tif', '.tiff'], bytes: [0x49, 0x49, 0x2a, 0x00] },
  { kind: 'TIFF', format: 'image', extensions: ['.tif', '.tiff'], bytes: [0x4d, 0x4d, 0x00, 0x2a] },
];

const TEXT_EXTENSIONS = new Set(['.txt', '.text', '.md']);
const SCAN_EXTENSIONS = new Set(['.pdf', '.png', '.jpg', '.jpeg', '.tif', '.tiff']);

/** Which path a file takes by its name: text, scan, or neither (not an input). */
export function inputKind(path: string): 'text' | 'scan' | null {
  const extension = extname(path).toLowerCase();
  return TEXT_EXTENSIONS.has(extension) ? 'text' : SCAN_EXTENSIONS.has(extension) ? 'scan' : null;
}

/** Reads one input and checks at the door that it is a text or a scan this tool can take. */
export async function load(path: string): Promise<LoadedText | LoadedScan> {
  const extension = extname(path).toLowerCase();
  const kind = inputKind(path);
  let bytes: Buffer;
  try {
    // a path that is not there is named as such, whatever its name ends in
    const info = await stat(path);
    if (!info.isFile()) throw new DigitiseError('E_READ', `${path}: not a file`, path);
    if (!kind) throw new DigitiseError('E_UNSUPPORTED', `${path}: unknown kind of input "${extension || '(no extension)'}"; expected a dispatch as .txt, .pdf, .png, .jpg or .tif`, path);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof DigitiseError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or folder' : `cannot be read (${code ?? String(error)})`;
    throw new DigitiseError('E_READ', `${path}: ${why}`, path, { cause: error });
  }
  if (bytes.length === 0) throw new DigitiseError('E_EMPTY', `${path}: the file is empty`, path);
  const signature = SIGNATURES.find((s) => s.bytes.every((b, i) => bytes[i] === b));
  if (kind === 'scan') {
    const named = SIGNATURES.find((s) => s.extensions.includes(extension))!;
    // a scan of one image kind named as another is still the scan its bytes say; anything else is not one
    if (!signature) throw new DigitiseError('E_CORRUPT', `${path}: is not a ${named.kind} file (its first bytes say otherwise)`, path);
    return { kind: 'scan', path, format: signature.format, misnamed: signature.kind === named.kind ? null : signature.kind };
  }
  // a scan saved under a text's name is read as the scan it is, not refused as binary data
  if (signature) return { kind: 'scan', path, format: signature.format, misnamed: signature.kind };
  const decoded = decodeText(bytes);
  // bytes no encoding reads are judged as they are, one character a byte
  if (looksBinary(decoded.text ?? bytes.subarray(0, SAMPLE).toString('latin1'))) throw new DigitiseError('E_BINARY', `${path}: holds binary data, not text`, path);
  if (decoded.text === null) throw new DigitiseError('E_ENCODING', `${path}: ${decoded.reason}`, path);
  if (decoded.text.trim() === '') throw new DigitiseError('E_EMPTY', `${path}: the file is empty`, path);
  return { kind: 'text', path, text: decoded.text, encoding: decoded.encoding };
}

/** How much of a text is looked at to tell it from binary data. */
const SAMPLE = 8192;

/** NULs, or many other control characters, mean the bytes are not text. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, SAMPLE);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code === 0) return true;
    if (code < 9 || (code > 13 && code < 32)) control++;
  }
  return control / sample.length > 0.02;
}
