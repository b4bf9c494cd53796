import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { digitiseFile } from '../pipeline.js';
import { OcrPool } from '../ocr/index.js';
import { render, writeOutputs } from '../write/index.js';
import { DigitiseError } from '../errors.js';
import { TABLES, TABLE_KINDS } from '../record/tables.js';
import type { DispatchRecord } from '../record/schema.js';
import { readManifest, recordEntry, TOOL, type ManifestEntry } from './manifest.js';

/** One input's outcome: its manifest entry, and whether this run did the work or found it current. */
export interface InputResult extends ManifestEntry {
  /** `current`: the outputs of an earlier run match the input's content and this version. */
  outcome: 'digitised' | 'current' | 'failed';
}

export interface BatchResult {
  results: InputResult[];
  failed: number;
}

export interface BatchOptions {
  /** Digitise every input again, even those whose outputs are current. */
  force?: boolean;
  /** Called as each input finishes, for progress reporting. */
  onResult?: (result: InputResult, done: number, total: number) => void;
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
 * Digitises every input and writes its files into `outDir`, with a manifest (index.json,
 * index.csv) updated after each input, so an interrupted batch resumes where it stopped: an
 * input whose content and tool version match its manifest entry, and whose files are all there,
 * is not digitised again. One bad input never stops the rest: its error is kept in the manifest
 * and no file of it is written.
 */
export async function runBatch(paths: string[], outDir: string, options: BatchOptions = {}): Promise<BatchResult> {
  if (paths.length === 0) throw new DigitiseError('E_ARGS', 'no inputs given');
  const inputs = await expand(paths, outDir);
  const manifest = await readManifest(outDir);
  const results: InputResult[] = [];
  const stems = new Map<string, string>();
  let pool: OcrPool | undefined;
  try {
    for (const input of inputs) {
      const hash = await hashOf(input);
      const earlier = manifest.inputs.find((e) => e.input === input);
      let result: InputResult;
      if (!options.force && earlier && (await isCurrent(earlier, hash, outDir))) {
        result = { ...earlier, outcome: 'current' };
      } else {
        // one pool of OCR workers serves every scan of the batch, started at the first one
        if (SCAN_EXTENSIONS.test(input)) pool ??= new OcrPool();
        result = await digitiseOne(input, hash, stemFor(input, hash, stems), outDir, pool);
        await recordEntry(outDir, manifest, withoutOutcome(result));
      }
      if (result.stem) stems.set(result.stem, input);
      results.push(result);
      options.onResult?.(result, results.length, inputs.length);
    }
  } finally {
    await pool?.close();
  }
  return { results, failed: results.filter((r) => r.status === 'failed').length };
}

function withoutOutcome({ outcome: _, ...entry }: InputResult): ManifestEntry {
  return entry;
}

async function isCurrent(entry: ManifestEntry, hash: string | null, outDir: string): Promise<boolean> {
  if (entry.status !== 'ok' || hash === null || entry.hash !== hash || entry.version !== TOOL.version) return false;
  try {
    await Promise.all(entry.files.map((f) => access(join(outDir, f))));
    return true;
  } catch {
    return false;
  }
}

async function hashOf(path: string): Promise<string | null> {
  try {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch {
    return null;
  }
}

/** The input's file name without extension; two inputs of one name in a batch are told apart by hash. */
function stemFor(input: string, hash: string | null, taken: Map<string, string>): string {
  const stem = basename(input, extname(input));
  const owner = taken.get(stem);
  return owner === undefined || owner === input ? stem : `${stem}.${(hash ?? 'unreadable').slice(0, 8)}`;
}

/** One input, digitised and written; a failure is kept in its result, never thrown. */
async function digitiseOne(input: string, hash: string | null, stem: string, outDir: string, pool: OcrPool | undefined): Promise<InputResult> {
  const started = performance.now();
  const base = { input, hash, version: TOOL.version, stem, files: [] as string[], pages: 0, tables: 0, cells: 0, issues: { error: 0, warning: 0, info: 0 }, error: null, seconds: 0 };
  let result: InputResult;
  try {
    const doc = await digitiseFile(input, { pool });
    const files = await writeOutputs(outDir, render(stem, doc.record, doc.text, doc.crops));
    const count = (severity: string) => doc.record.issues.filter((i) => i.severity === severity).length;
    result = {
      ...base,
      status: 'ok',
      outcome: 'digitised',
      files: files.map((f) => basename(f)),
      pages: doc.record.scan?.pages.length ?? 0,
      tables: TABLE_KINDS.filter((kind) => doc.record.tables[kind].length > 0).length,
      cells: filledCells(doc.record),
      issues: { error: count('error'), warning: count('warning'), info: count('info') },
    };
  } catch (error) {
    const { code, message } = error instanceof DigitiseError ? error : { code: 'E_INTERNAL', message: `${input}: ${(error as Error).message}` };
    result = { ...base, stem: null, status: 'failed', outcome: 'failed', error: { code, message } };
  }
  result.seconds = Math.round(performance.now() - started) / 1000;
  return result;
}

function filledCells(record: DispatchRecord): number {
  let cells = 0;
  for (const kind of TABLE_KINDS)
    for (const row of record.tables[kind] as Array<Record<string, unknown>>)
      for (const field of ['unitId', ...TABLES[kind].columns.map((c) => c.field)]) if (row[field] !== null && row[field] !== undefined) cells++;
  return cells;
}

