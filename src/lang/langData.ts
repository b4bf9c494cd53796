import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** lang-data/ sits at the package root, beside both src/ and dist/. */
export const LANG_DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'lang-data');

export function readLangData<T>(file: string): T {
  return JSON.parse(readFileSync(join(LANG_DATA_DIR, file), 'utf8')) as T;
}

/** A lang-data file checked against its schema: a malformed one stops the tool, naming the file and what is wrong. */
export function loadLangData<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  const parsed = schema.safeParse(readLangData<unknown>(file));
  if (!parsed.success) throw new Error(`${LANG_DATA_DIR}/${file} is malformed: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
