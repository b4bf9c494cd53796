import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** lang-data/ sits at the package root, beside both src/ and dist/. */
export const LANG_DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'lang-data');

export function readLangData<T>(file: string): T {
  return JSON.parse(readFileSync(join(LANG_DATA_DIR, file), 'utf8')) as T;
}
