import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DigitiseError } from '../errors.js';
import type { DispatchRecord } from '../record/schema.js';
import { tablesOf } from '../reports/index.js';
import { MANIFEST, type Manifest } from '../batch/manifest.js';
import { csvField, writeOutputs } from '../write/index.js';

export interface ExportResult {
  /** Data rows written (one per table cell holding a value). */
  rows: number;
  records: number;
  /** Quarters more than one input claims. */
  warnings: string[];
}

const HEADER = ['year', 'quarter', 'table', 'no', 'unitId', 'unit', 'metric', 'value', 'source', 'page'];

/**
 * Writes one long table across every record the output folders' manifests list: a row per
 * figure (year, quarter, table, row, unit, metric, value, source file, page), so one unit can be
 * followed over the quarters by its stable id. Cells left null are not rows.
 */
export async function exportDataset(folders: string[], to: string): Promise<ExportResult> {
  if (folders.length === 0) throw new DigitiseError('E_ARGS', 'no output folders given to export');
  const lines = [HEADER.join(',')];
  const warnings: string[] = [];
  const quarters = new Map<string, string>();
  const loaded: Array<{ input: string; record: DispatchRecord }> = [];
  for (const folder of folders) {
    let manifest: Manifest;
    try {
      manifest = JSON.parse(await readFile(join(folder, MANIFEST), 'utf8')) as Manifest;
    } catch (error) {
      throw new DigitiseError('E_READ', `${folder}: no readable ${MANIFEST}; is it a folder \`digitise run\` wrote?`, folder, { cause: error });
    }
    for (const entry of manifest.inputs) {
      if (entry.status !== 'ok' || !entry.stem) continue;
      loaded.push({ input: entry.input, record: JSON.parse(await readFile(join(folder, `${entry.stem}.json`), 'utf8')) as DispatchRecord });
    }
  }
  // the dataset runs through time: quarter by quarter, then in the order the folders listed them
  const when = ({ record }: (typeof loaded)[number]) => (record.document.period.year ?? 0) * 10 + (record.document.period.quarter ?? 0);
  loaded.sort((a, b) => when(a) - when(b));
  for (const { input, record } of loaded) {
    const { year, quarter } = record.document.period;
    const key = `${year}-Q${quarter}`;
    const other = quarters.get(key);
    if (other !== undefined) warnings.push(`${input} and ${other} both report ${key}`);
    else quarters.set(key, input);
    for (const table of tablesOf(record)) {
      const kind = table.id;
      const sources = record.scan?.cells[kind];
      (record.tables[kind] ?? []).forEach((row, i) => {
        for (const column of table.columns) {
          const value = row[column.field];
          if (value === null || value === undefined) continue;
          const page = sources?.[i]?.cells[column.field]?.page ?? null;
          lines.push([year, quarter, kind, row.no, row.unitId, row.unit, column.field, value, input, page].map(csvField).join(','));
        }
      });
    }
  }
  await writeOutputs(dirname(to), { files: { [basename(to)]: lines.join('\n') + '\n' } });
  return { rows: lines.length - 1, records: loaded.length, warnings };
}
