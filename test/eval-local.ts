import { readFileSync, readdirSync } from 'node:fs';
import { digitiseText, DocumentContext, type DispatchRecord } from '../src/index.js';
import { compareTables } from './compare.js';
const [dir, pattern] = process.argv.slice(2);
for (const f of readdirSync(dir!).filter((f) => f.endsWith('.txt') && new RegExp(pattern!).test(f)).sort()) {
  const golden = JSON.parse(readFileSync(`${dir}/${f.split('.')[0]}.json`, 'utf8')) as DispatchRecord;
  const t0 = performance.now();
  let line: string;
  try {
    const { record } = digitiseText(readFileSync(`${dir}/${f}`, 'utf8'), new DocumentContext(f));
    const s = compareTables(record, golden);
    line = `${s.matching}/${s.cells} ${((100 * s.matching) / s.cells).toFixed(1)}%`;
  } catch (e) { line = `ERROR ${(e as Error).message.slice(0, 80)}`; }
  console.log(f.padEnd(36), line.padEnd(18), `${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
