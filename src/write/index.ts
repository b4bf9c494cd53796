import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DispatchRecord } from '../record/schema.js';
import { tablesOf } from '../reports/index.js';
import { DigitiseError } from '../errors.js';
import { reviewPage, type Crops } from '../review/index.js';

export interface Outputs {
  /** stem.json, stem.<table>.csv, stem.txt, stem.review.html; stem.searchable.pdf where asked for */
  files: Record<string, string | Uint8Array>;
}

/** The searchable PDF of a scan, beside its other outputs. */
export const searchableName = (stem: string) => `${stem}.searchable.pdf`;

/** One CSV field, quoted when it holds a comma, quote or line break. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Renders the record as its files' contents: the JSON record, one CSV per table, the text, the review page. */
export function render(stem: string, record: DispatchRecord, text: string, crops: Crops): Outputs {
  const files: Record<string, string> = { [`${stem}.json`]: JSON.stringify(record, null, 2) + '\n' };
  for (const table of tablesOf(record)) {
    const header = ['no', 'unit', 'unitId', ...table.columns.map((c) => c.field), 'unitAsRead'];
    const rows = (record.tables[table.id] ?? []).map((row) => header.map((h) => csvField(row[h])).join(','));
    files[`${stem}.${table.id}.csv`] = [header.join(','), ...rows].join('\n') + '\n';
  }
  (record.grids ?? []).forEach((grid, i) => {
    files[`${stem}.grid${i + 1}.csv`] = grid.rows.map((row) => row.map(csvField).join(',')).join('\n') + '\n';
  });
  files[`${stem}.txt`] = text;
  files[`${stem}.review.html`] = reviewPage(stem, record, crops);
  return { files };
}

/** The temporary name writeOutputs gives a file while it is written, and how the file's own name is found in one. */
const stagedName = (name: string) => `.${name}.${randomBytes(4).toString('hex')}.tmp`;
const STAGED = /^\.(.+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes the temporary files writes stopped midway left in `dir` (the finished files are never
 * partial): every one, or those of the files `of` names.
 */
export async function clearTemporaries(dir: string, of: (name: string) => boolean = () => true): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const stopped = names.filter((n) => {
    const staged = STAGED.exec(n);
    return staged !== null && of(staged[1]!);
  });
  await Promise.all(stopped.map((n) => rm(join(dir, n), { force: true })));
}

/**
 * Writes every file to a temporary name first and renames it into place, so an interrupted run
 * leaves either the old file or the new one, never half of one.
 */
export async function writeOutputs(dir: string, outputs: Outputs): Promise<string[]> {
  const written: string[] = [];
  const temporary: string[] = [];
  // the file being written when a write fails, for the message
  let writing = dir;
  try {
    await mkdir(dir, { recursive: true });
    const staged = await Promise.all(
      Object.entries(outputs.files).map(async ([name, content]) => {
        const tmp = join(dir, stagedName(name));
        temporary.push(tmp);
        await writeFile(tmp, content).catch((error: unknown) => {
          writing = join(dir, name);
          throw error;
        });
        return { tmp, target: join(dir, name) };
      }),
    );
    for (const { tmp, target } of staged) {
      writing = target;
      await rename(tmp, target);
      written.push(target);
    }
    return written;
  } catch (error) {
    await Promise.all(temporary.map((t) => rm(t, { force: true })));
    const code = (error as NodeJS.ErrnoException).code;
    throw new DigitiseError('E_WRITE', `cannot write ${writing}${code ? ` (${code})` : ''}`, writing, { cause: error });
  }
}
