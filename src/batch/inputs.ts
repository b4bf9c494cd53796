import { readdir, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';

import { inputKind } from '../load/index.js';
import { DigitiseError } from '../errors.js';

/**
 * The input files named by paths, folders (searched recursively) and glob patterns ("scans/**\/*.pdf",
 * for a shell that did not expand them), in a stable order and each once. The output folder is
 * left out: its repaired .txt files are results, not inputs. A path that does not exist is kept,
 * to be reported as unreadable in its turn; a pattern that matches nothing is an error (E_ARGS).
 */
export async function expandInputs(paths: string[], outDir: string): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    if (/[*?]/.test(path)) {
      const matched = await matchGlob(path, outDir);
      // a pattern that names nothing is a mistake in the command, not an empty batch
      if (matched.length === 0) throw new DigitiseError('E_ARGS', `"${path}" matches no input file`);
      out.push(...matched);
    } else out.push(...(await expandPath(path, outDir)));
  }
  return [...new Set(out)];
}

async function expandPath(path: string, outDir: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return [path];
  }
  if (!info.isDirectory()) return [path];
  if (resolve(path) === resolve(outDir)) return [];
  const out: string[] = [];
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) out.push(...(await expandPath(child, outDir)));
    else if (inputKind(entry.name)) out.push(child);
  }
  return out;
}

/** "*" is any run of characters within a name, "**" any run of folders, "?" one character. */
async function matchGlob(pattern: string, outDir: string): Promise<string[]> {
  const parts = pattern.split(/[\\/]/);
  const fixed = parts.findIndex((p) => /[*?]/.test(p));
  const root = parts.slice(0, fixed).join(sep) || '.';
  const source = parts
    .slice(fixed)
    .map((p) => (p === '**' ? '(?:.*/)?' : p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '/'))
    .join('')
    .replace(/\/$/, '')
    .replace(/\(\?:\.\*\/\)\?\//g, '(?:.*/)?');
  const regex = new RegExp(`^${source}$`);
  const all = await expandPath(root, outDir);
  const prefix = root === '.' ? '' : root + sep;
  return all.filter((file) => regex.test(file.slice(prefix.length).split(sep).join('/')));
}
