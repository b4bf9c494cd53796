import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { digitiseFile, type DigitisedDocument, type PageReading } from '../pipeline.js';
import { OcrPool } from '../ocr/index.js';
import { clearTemporaries, render, searchableName, writeOutputs } from '../write/index.js';
import { searchablePdf } from '../write/searchable.js';
import { DigitiseError } from '../errors.js';
import { tablesOf } from '../reports/index.js';
import type { DispatchRecord } from '../record/schema.js';
import { readManifest, recordEntry, TOOL, type ManifestEntry, type Manifest, type RegisterEntry } from './manifest.js';
import { expandInputs } from './inputs.js';

/** One input's outcome: its manifest entry, and whether this run did the work or found it current. */
export interface InputResult extends ManifestEntry {
  /** `current`: the outputs of an earlier run match the input's content and this version. */
  outcome: 'digitised' | 'current' | 'failed';
}

export interface BatchResult {
  results: InputResult[];
  failed: number;
  /** Why the manifest (index.json, index.csv) could not be written, if it could not: the batch went on without it. */
  manifestError: string | null;
}

export interface BatchOptions {
  /** Digitise every input again, even those whose outputs are current. */
  force?: boolean;
  /**
   * OCR workers, and documents in progress at once (default: the cores): while one document's
   * pages are being read, the next is being prepared.
   */
  jobs?: number;
  /** Also write each scan as a searchable PDF (`<stem>.searchable.pdf`). */
  searchablePdf?: boolean;
  /** Called as each input finishes, for progress reporting. */
  onResult?: (result: InputResult, done: number, total: number) => void;
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
  const jobs = options.jobs ?? availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new DigitiseError('E_ARGS', `--jobs must be a whole number of at least 1, not ${jobs}`);
  const inputs = await expandInputs(paths, outDir);
  await clearTemporaries(outDir);
  const manifest = await readManifest(outDir);
  const results: InputResult[] = new Array(inputs.length);
  // one file at a time: a folder of thousands of scans must not open them all at once
  const hashes: Array<string | null> = [];
  for (const input of inputs) hashes.push(await hashOf(input));
  const stems = stemsOf(inputs, manifest.inputs, outDir, await readdir(outDir).catch(() => [] as string[]));
  // the manifest is rewritten whole after each input: one write at a time; one that cannot be
  // written is reported once, and the inputs go on (each of their own writes fails on its own)
  let recording = Promise.resolve();
  let manifestError: string | null = null;
  let done = 0;
  // one pool of OCR workers serves every scan of the batch; its workers start with the first scan
  const pool = new OcrPool(jobs);
  let next = 0;
  const lane = async () => {
    while (next < inputs.length) {
      const index = next++;
      const input = inputs[index]!;
      const hash = hashes[index]!;
      const earlier = manifest.inputs.find((e) => e.input === input);
      let result: InputResult;
      if (!options.force && earlier && (await isCurrent(earlier, hash, outDir, options))) {
        result = { ...earlier, outcome: 'current' };
      } else {
        result = await digitiseOne(input, hash, stems[index]!, outDir, pool, options);
        const entry = withoutOutcome(result);
        recording = recording.then(() =>
          recordEntry(outDir, manifest, entry).catch((error: Error) => {
            manifestError ??= error.message;
          }),
        );
        await recording;
      }
      results[index] = result;
      options.onResult?.(result, ++done, inputs.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, inputs.length) }, lane));
  } finally {
    await pool.close();
  }
  return { results, failed: results.filter((r) => r.status === 'failed').length, manifestError };
}

export function withoutOutcome({ outcome: _, ...entry }: InputResult): ManifestEntry {
  return entry;
}

/**
 * Whether an earlier run's outputs stand: same input, same version, every file as it was written,
 * and a scan's searchable PDF there if one is asked for now.
 */
export async function isCurrent(entry: ManifestEntry, hash: string | null, outDir: string, options: Pick<BatchOptions, 'searchablePdf'>): Promise<boolean> {
  if (entry.status !== 'ok' || hash === null || entry.hash !== hash || entry.version !== TOOL.version || !entry.fileHashes) return false;
  if (options.searchablePdf && entry.pages > 0 && !entry.files.includes(searchableName(entry.stem!))) return false;
  const hashes = await Promise.all(entry.files.map((f) => hashOf(join(outDir, f))));
  return hashes.every((h, i) => h !== null && h === entry.fileHashes[entry.files[i]!]);
}

const sha256 = (content: string | Uint8Array) => createHash('sha256').update(content).digest('hex');

export async function hashOf(path: string): Promise<string | null> {
  try {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch {
    return null;
  }
}

/**
 * Each input's output stem, given before any is read, so that a run names its outputs the same
 * way whichever input finishes first: an input keeps the stem an earlier run gave it; the others,
 * in order, take their file's name, or that name and a hash of their path where the name is not
 * free: another input has it, in this run or in the manifest (same-named files in other folders,
 * identical or not), or a file in the output folder that is not the tool's own starts with it (a
 * file of the user's, or an input there: a text digitised into its own folder keeps its `.txt`).
 */
export function stemsOf(inputs: string[], earlier: Array<Pick<ManifestEntry, 'input' | 'stem' | 'files'>>, outDir: string, present: string[]): string[] {
  const own = new Set(earlier.flatMap((e) => e.files));
  const inputsThere = inputs.filter((input) => resolve(dirname(input)) === resolve(outDir)).map((input) => basename(input));
  const foreign = [...present.filter((name) => !own.has(name)), ...inputsThere];
  const landsOnForeign = (stem: string) => foreign.some((name) => name.startsWith(`${stem}.`));
  const taken = new Map(earlier.flatMap((e) => (e.stem ? [[e.stem, e.input] as const] : [])));
  const stemOf = new Map(earlier.map((e) => [e.input, e.stem]));
  return inputs.map((input) => {
    const kept = stemOf.get(input);
    if (kept && !landsOnForeign(kept)) return kept;
    const plain = basename(input, extname(input));
    const isFree = (stem: string) => (taken.get(stem) ?? input) === input && !landsOnForeign(stem);
    let stem = plain;
    for (let salt = 0; !isFree(stem); salt++) stem = `${plain}.${sha256(resolve(input) + (salt ? `#${salt}` : '')).slice(0, 8)}`;
    taken.set(stem, input);
    return stem;
  });
}

/**
 * One input, digitised and written; a failure is kept in its result, never thrown. `readings`
 * are a scan's pages already read elsewhere (by queue workers).
 */
export async function digitiseOne(
  input: string,
  hash: string | null,
  stem: string,
  outDir: string,
  pool: OcrPool,
  options: Pick<BatchOptions, 'searchablePdf'>,
  readings?: PageReading[],
): Promise<InputResult> {
  const started = performance.now();
  let result: InputResult;
  try {
    const doc = await digitiseFile(input, { pool, readings });
    const pdf = options.searchablePdf && doc.record.scan ? await searchableOrIssue(input, doc) : null;
    const outputs = render(stem, doc.record, doc.text, doc.crops);
    if (pdf) outputs.files[searchableName(stem)] = pdf;
    const files = await writeOutputs(outDir, outputs).catch((error: DigitiseError) => {
      throw new DigitiseError(error.code, `${input}: ${error.message}`, input, { cause: error });
    });
    const count = (severity: string) => doc.record.issues.filter((i) => i.severity === severity).length;
    result = {
      input,
      hash,
      version: TOOL.version,
      stem,
      status: 'ok',
      outcome: 'digitised',
      error: null,
      seconds: 0,
      files: files.map((f) => basename(f)),
      fileHashes: Object.fromEntries(Object.entries(outputs.files).map(([name, content]) => [name, sha256(content)])),
      pages: doc.record.scan?.pages.length ?? 0,
      tables: Object.values(doc.record.tables).filter((rows) => rows.length > 0).length + (doc.record.grids?.length ?? 0),
      cells: filledCells(doc.record),
      issues: { error: count('error'), warning: count('warning'), info: count('info') },
      register: registerEntry(doc.record),
    };
  } catch (error) {
    const { code, message } = error instanceof DigitiseError ? error : new DigitiseError('E_INTERNAL', `${input}: ${(error as Error).message}`, input);
    result = failedResult(input, hash, { code, message });
  }
  result.seconds = Math.round(performance.now() - started) / 1000;
  return result;
}

/** An input that failed with `error`: no files, nothing counted. */
export function failedResult(input: string, hash: string | null, error: NonNullable<ManifestEntry['error']>): InputResult {
  const none = { error: 0, warning: 0, info: 0 };
  return { input, hash, version: TOOL.version, status: 'failed', outcome: 'failed', stem: null, files: [], fileHashes: {}, pages: 0, tables: 0, cells: 0, issues: none, error, seconds: 0, register: null };
}

/** A record's entry in the register: what the report kind's reading of the document settled, and the letterhead's fields beside and beyond it. */
function registerEntry({ kind, document, letterhead }: DispatchRecord): RegisterEntry {
  const fromDocument = { number: document.number, issuedOn: document.issuedOn, issuer: document.issuer, signer: document.signer };
  const fromLetterhead = { documentType: letterhead?.documentType ?? null, subject: letterhead?.subject ?? null };
  const fields = { ...fromLetterhead, ...fromDocument };
  for (const field of Object.keys(fromDocument) as Array<keyof typeof fromDocument>) fields[field] ??= letterhead?.[field] ?? null;
  // the letterhead's restored fields the register took
  const restored = (letterhead?.restored ?? []).filter((field) => field in fields && (field in fromLetterhead || fromDocument[field as keyof typeof fromDocument] === null));
  // a field's confidence is the letterhead's, where the register took the letterhead's reading
  const confidence = Object.fromEntries(Object.entries(letterhead?.confidence ?? {}).filter(([field]) => field in fields && fields[field as keyof typeof fields] === letterhead![field as keyof typeof fields]));
  return { kind, ...fields, ...(letterhead?.confidence ? { confidence } : {}), restored };
}

/**
 * A scan's searchable PDF; a PDF that pdf.js could read but that cannot be rewritten (damaged in a
 * way only a lenient reader gets past) costs the input that file alone, with a warning in its record.
 */
async function searchableOrIssue(input: string, doc: DigitisedDocument): Promise<Uint8Array | null> {
  try {
    return await searchablePdf(input, doc.model);
  } catch (error) {
    const message = `${input}: no searchable PDF was written (${(error as Error).message}); the other outputs were`;
    doc.record.issues.push({ severity: 'warning', code: 'searchable-pdf-failed', table: null, no: null, field: null, message });
    return null;
  }
}

function filledCells(record: DispatchRecord): number {
  let cells = 0;
  for (const table of tablesOf(record))
    for (const row of record.tables[table.id] ?? [])
      for (const field of ['unitId', ...table.columns.map((c) => c.field)]) if (row[field] !== null && row[field] !== undefined) cells++;
  return cells;
}

