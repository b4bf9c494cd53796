import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

/**
 * A new directory under the OS's temp dir, removed when the test that made it ends, or, made
 * outside a test, when its suite or file ends: mkdtemp alone leaves one behind on every run.
 */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  // vitest drops an afterAll() called inside a running test, and onTestFinished() throws outside one
  try {
    onTestFinished(remove);
  } catch {
    afterAll(remove);
  }
  return dir;
}
