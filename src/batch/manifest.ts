import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { csvField, writeOutputs } from '../write/index.js';

/** What a batch knows of one input: enough to skip it next time and to report on it. */
export interface ManifestEntry {
  input: string;
  /** sha256 of the input's bytes; null when it could not be read. */
  hash: string | null;
  /** The tool version that made the outputs: a newer one digitises the input again. */
  version: string;
  status: 'ok' | 'failed';
  /** The outputs' file-name stem in the output folder. */
  stem: string | null;
  files: string[];
  /** sha256 of each output file as written: an output changed or cut short since is not current. */
  fileHashes: Record<string, string>;
  pages: number;
  /** Tables with at least one row. */
  tables: number;
  /** Table cells holding a value (unit ids and figures). */
  cells: number;
  issues: { error: number; warning: number; info: number };
  error: { code: string; message: string } | null;
  seconds: number;
  /** The dispatch's entry in the archive's register; null for an input that failed. */
  register: RegisterEntry | null;
}

/** What an archive's register lists of a dispatch: its kind, number and symbol, date, issuer, subject and signer, null where the text does not settle one. */
export interface RegisterEntry {
  kind: string;
  documentType: string | null;
  number: string | null;
  issuedOn: string | null;
  issuer: string | null;
  subject: string | null;
  signer: string | null;
  /** On a scan, each field's confidence, 0–1 (see the record's letterhead). */
  confidence?: Record<string, number>;
  /** Fields taken from the restored text, for a reviewer to check (see the record's letterhead). */
  restored: string[];
}

export interface Manifest {
  tool: { name: string; version: string };
  updated: string;
  inputs: ManifestEntry[];
}

export const MANIFEST = 'index.json';
const MANIFEST_CSV = 'index.csv';
/** The manifest's files. */
export const isManifestFile = (name: string) => name === MANIFEST || name === MANIFEST_CSV;

const require = createRequire(import.meta.url);
const pkg = require('../../package.json') as { name: string; version: string };
export const TOOL = { name: pkg.name, version: pkg.version };

/** The manifest an earlier run left in the folder, or an empty one. */
export async function readManifest(outDir: string): Promise<Manifest> {
  try {
    const manifest = JSON.parse(await readFile(join(outDir, MANIFEST), 'utf8')) as Manifest;
    if (Array.isArray(manifest.inputs)) return manifest;
  } catch {
    // no manifest yet, or one this version cannot read: every input is digitised again
  }
  return { tool: TOOL, updated: new Date(0).toISOString(), inputs: [] };
}

/** Records an input's entry (replacing its earlier one) and writes index.json and index.csv atomically. */
export async function recordEntry(outDir: string, manifest: Manifest, entry: ManifestEntry): Promise<void> {
  const at = manifest.inputs.findIndex((e) => e.input === entry.input);
  if (at >= 0) manifest.inputs[at] = entry;
  else manifest.inputs.push(entry);
  // documents in progress at once finish in any order; the manifest lists inputs by path
  manifest.inputs.sort((a, b) => a.input.localeCompare(b.input));
  manifest.tool = TOOL;
  manifest.updated = new Date().toISOString();
  await writeOutputs(outDir, { files: { [MANIFEST]: JSON.stringify(manifest, null, 2) + '\n', [MANIFEST_CSV]: csv(manifest.inputs) } });
}

const REGISTER = ['kind', 'documentType', 'number', 'issuedOn', 'issuer', 'subject', 'signer'] as const;
const COLUMNS = ['input', 'hash', 'status', ...REGISTER, 'pages', 'tables', 'cells', 'errors', 'warnings', 'infos', 'seconds', 'error'] as const;

function csv(entries: ManifestEntry[]): string {
  const rows = entries.map((e) =>
    [
      e.input, e.hash, e.status,
      // an entry an earlier version wrote has no register: digitised again, it will
      ...REGISTER.map((field) => e.register?.[field] ?? null),
      e.pages, e.tables, e.cells, e.issues.error, e.issues.warning, e.issues.info, e.seconds, e.error ? `${e.error.code}: ${e.error.message}` : '',
    ].map(csvField).join(','),
  );
  return [COLUMNS.join(','), ...rows].join('\n') + '\n';
}
