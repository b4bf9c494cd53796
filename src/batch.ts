import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { digitiseFile } from './pipeline.js';
import { OcrPool } from './ocr/index.js';
import { render, writeOutputs } from './write/index.js';
import { DigitiseError } from './errors.js';

export interface InputResult {
  input: string;
  status: 'ok' | 'failed';
  files: string[];
  issues: { error: number; warning: number; info: number };
  error?: { code: string; message: string };
  seconds: number;
}

export interface BatchResult {
  results: InputResult[];
  failed: number;
}

const INPUT_EXTENSIONS = /\.(txt|text|md|pdf|png|jpe?g|tiff?)$/i;
const SCAN_EXTENSIONS = /\.(pdf|png|jpe?g|tiff?)$/i;

/**
 * Expands folders (recursively) into the files inside them, in a stable order, leaving out the
 * output folder: its repaired .txt files are results, not inputs.
 */
async function expand(paths: string[], outDir: string): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      out.push(path); // reported as unreadable when its turn comes
      continue;
    }
    if (!info.isDirectory()) {
      out.push(path);
      continue;
    }
    if (resolve(path) === resolve(outDir)) continue;
    const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const child = join(path, entry.name);
      if (entry.isDirectory()) out.push(...(await expand([child], outDir)));
      else if (INPUT_EXTENSIONS.test(entry.name)) out.push(child);
    }
  }
  return out;
}

/**
 * Digitises every input and writes its files into `outDir`. One bad input never stops the rest:
 * its error is kept in its result and no file of it is written.
 */
export async function runBatch(paths: string[], outDir: string, onResult?: (result: InputResult) => void): Promise<BatchResult> {
  if (paths.length === 0) throw new DigitiseError('E_ARGS', 'no inputs given');
  const results: InputResult[] = [];
  const inputs = await expand(paths, outDir);
  // one pool of OCR workers serves every scan of the batch
  const pool = inputs.some((i) => SCAN_EXTENSIONS.test(i)) ? new OcrPool() : undefined;
  try {
    for (const input of inputs) results.push(await digitiseOne(input, outDir, pool, onResult));
  } finally {
    await pool?.close();
  }
  return { results, failed: results.filter((r) => r.status === 'failed').length };
}

/** One input, digitised and written; a failure is kept in its result, never thrown. */
async function digitiseOne(input: string, outDir: string, pool: OcrPool | undefined, onResult?: (result: InputResult) => void): Promise<InputResult> {
  const started = performance.now();
  let result: InputResult;
  try {
    const doc = await digitiseFile(input, { pool });
    const files = await writeOutputs(outDir, render(doc.context.stem, doc.record, doc.text));
    const count = (severity: string) => doc.record.issues.filter((i) => i.severity === severity).length;
    result = { input, status: 'ok', files, issues: { error: count('error'), warning: count('warning'), info: count('info') }, seconds: 0 };
  } catch (error) {
    const { code, message } = error instanceof DigitiseError ? error : { code: 'E_INTERNAL', message: `${input}: ${(error as Error).message}` };
    result = { input, status: 'failed', files: [], issues: { error: 0, warning: 0, info: 0 }, error: { code, message }, seconds: 0 };
  }
  result.seconds = Math.round(performance.now() - started) / 1000;
  onResult?.(result);
  return result;
}
