/** Error codes a caller can branch on; the CLI prints `code` beside the file it concerns. */
export type ErrorCode =
  | 'E_READ' // the path cannot be read
  | 'E_EMPTY' // the file holds nothing
  | 'E_BINARY' // bytes that are not text, given where text was expected
  | 'E_ENCODING' // text that is not valid UTF-8 and not a known legacy encoding
  | 'E_CORRUPT' // a scan whose bytes are not the format its name says, or cannot be decoded
  | 'E_ENCRYPTED' // a PDF that cannot be opened without its password
  | 'E_TOO_LARGE' // a page of more pixels than the tool decodes (a decompression bomb)
  | 'E_NOT_DISPATCH' // readable, but with no text at all
  | 'E_UNSUPPORTED' // a kind of input this version cannot take
  | 'E_WRITE' // an output could not be written
  | 'E_ARGS' // bad command-line or API arguments, or a pattern that matches no file
  | 'E_QUEUE' // the queue's Redis cannot be reached
  | 'E_INTERNAL'; // a fault of the tool itself (a batch keeps it as the input's error)

export class DigitiseError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;

  constructor(code: ErrorCode, message: string, file?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DigitiseError';
    this.code = code;
    this.file = file;
  }
}

export function isDigitiseError(error: unknown): error is DigitiseError {
  return error instanceof DigitiseError;
}
