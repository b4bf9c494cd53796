/**
 * Synthesises dispatch records for quarters we hold no golden record of, so the text path can be
 * measured on inputs it was not tuned on. Each record is shaped like golden/2018-Q1.json, passes
 * `recordSchema`, and is arithmetically consistent: rows ranked by the column the reports rank
 * by, onTime + late = resolved, rates from the counts, headline figures the column sums.
 *
 *   node --import tsx samples/make-records.ts --from 2019-Q1 --count 4 --seed 1 --out /tmp/records
 *
 * writes one `<year>-Q<quarter>.json` per consecutive quarter. The same seed and period always
 * give the same record.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { recordSchema, unitDictionary, type DispatchRecord } from '../src/index.js';
import { random } from './make-scans.js';

export interface Period {
  year: number;
  quarter: number;
}

type Unit = { unit: string; unitId: string };

/**
 * A count as these reports show them: some zero, most small, a few near `top` (by default in the
 * thousands, e.g. 10284).
 */
function magnitude(rnd: () => number, top = 12000): number {
  const tier = rnd();
  if (tier < 0.08) return 0;
  const [low, high] = tier < 0.55 ? [1, top / 40] : tier < 0.88 ? [top / 40, top / 4] : [top / 4, top];
  // log-uniform, so small counts are as common within a tier as in the dispatches
  return Math.round(Math.exp(Math.log(low) + rnd() * (Math.log(high) - Math.log(low))));
}

const pick = <T>(rnd: () => number, items: readonly T[], count: number): T[] => {
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
};

const between = (rnd: () => number, low: number, high: number) => low + Math.floor(rnd() * (high - low + 1));

/** Numbers rows 1…n after ranking them ascending by one column, as the dispatches print them. */
function ranked<T extends Record<K, number>, K extends string>(rows: T[], by: K): Array<T & { no: number }> {
  return [...rows].sort((a, b) => a[by] - b[by]).map((row, i) => ({ ...row, no: i + 1 }));
}

/** 100·part/whole to one decimal (a whole number stays whole), 0 when nothing was resolved. */
const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10);

const sum = <T>(rows: T[], value: (row: T) => number) => rows.reduce((total, row) => total + value(row), 0);

export function makeRecord(period: Period, seed: number): DispatchRecord {
  // one stream per record, so adding a quarter does not change the others
  const rnd = random(seed * 100_003 + period.year * 4 + period.quarter);
  const dictionary = unitDictionary();
  const units: Unit[] = dictionary.units.map((u) => ({ unit: u.name, unitId: u.id }));
  const departments: Unit[] = dictionary.units.filter((u) => u.kind === 'department').map((u) => ({ unit: u.name, unitId: u.id }));

  const idesk = ranked(
    pick(rnd, units, between(rnd, 25, Math.min(35, units.length))).map((u) => ({ ...u, sent: magnitude(rnd), received: magnitude(rnd) })),
    'sent',
  );

  const igate = ranked(
    pick(rnd, units, between(rnd, 20, units.length)).map((u) => {
      const received = magnitude(rnd);
      // resolved includes dossiers carried over from the last quarter, so it may exceed received
      const resolved = rnd() < 0.1 ? 0 : Math.round(Math.max(received, between(rnd, 0, 40)) * (0.5 + 0.8 * rnd()));
      const late = rnd() < 0.45 ? 0 : Math.round(resolved * 0.5 * rnd() ** 2);
      const onTime = resolved - late;
      return { ...u, received, resolved, onTime, onTimeRate: percent(onTime, resolved), late, lateRate: percent(late, resolved) };
    }),
    'received',
  );

  const interlink = pick(rnd, departments, 5).map((u, i) => ({ no: i + 1, ...u, viaIgate: magnitude(rnd, 60), paper: magnitude(rnd, 400) }));

  const level3 = ranked(
    pick(rnd, units, between(rnd, 5, 15)).map((u) => ({
      ...u,
      dossiers: magnitude(rnd),
      rate: Math.round(rnd() * 1000) / 10,
      score: [0, 0.5, 1, 1.5][between(rnd, 0, 3)]!,
    })),
    'dossiers',
  );

  // issued in the month after the quarter (January of the next year for Q4)
  const month = (period.quarter * 3) % 12 + 1;
  const year = period.quarter === 4 ? period.year + 1 : period.year;
  const issuedOn = `${year}-${String(month).padStart(2, '0')}-${String(between(rnd, 3, 28)).padStart(2, '0')}`;

  const documentsSent = sum(idesk, (r) => r.sent);
  const documentsReceived = sum(idesk, (r) => r.received);
  // the level-3 table is ranked up in some quarters (Q3/2018) and down in others (Q1/2018); drawn
  // last, so the rest of the record is as it was
  const level3Rows = rnd() < 0.5 ? level3 : [...level3].reverse().map((row, i) => ({ ...row, no: i + 1 }));
  const record = {
    kind: 'it-usage',
    document: {
      number: `${between(rnd, 1000, 4999)}/UBND-KGVX`,
      issuedOn,
      issuer: 'Ủy ban nhân dân tỉnh Đắk Lắk',
      signer: pick(rnd, dictionary.officials, 1)[0]!,
      period: { year: period.year, quarter: period.quarter },
    },
    summary: {
      documentsTotal: documentsSent + documentsReceived,
      documentsSent,
      documentsReceived,
      dossiersReceived: sum(igate, (r) => r.received),
      dossiersResolved: sum(igate, (r) => r.resolved),
      dossiersOnTime: sum(igate, (r) => r.onTime),
      dossiersLate: sum(igate, (r) => r.late),
      level3Dossiers: sum(level3, (r) => r.dossiers),
    },
    tables: { idesk, igate, interlink, level3: level3Rows },
    issues: [],
  };
  // parse, not cast: a generator bug must fail here, not in a benchmark run
  return recordSchema.parse(record);
}

/** `count` consecutive quarters starting at `from` ("2019-Q1"). */
export function quarters(from: string, count: number): Period[] {
  const match = /^(\d{4})-Q([1-4])$/.exec(from);
  if (!match) throw new Error(`--from wants a quarter like 2019-Q1, got ${from}`);
  const first = Number(match[1]) * 4 + Number(match[2]) - 1;
  return Array.from({ length: count }, (_, i) => ({ year: Math.floor((first + i) / 4), quarter: ((first + i) % 4) + 1 }));
}

function main(): void {
  const { values } = parseArgs({
    options: {
      from: { type: 'string', default: '2019-Q1' },
      count: { type: 'string', default: '4' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: 'out/records' },
    },
  });
  mkdirSync(values.out!, { recursive: true });
  for (const period of quarters(values.from!, Number(values.count))) {
    const path = join(values.out!, `${period.year}-Q${period.quarter}.json`);
    writeFileSync(path, `${JSON.stringify(makeRecord(period, Number(values.seed)), null, 2)}\n`);
    console.log(path);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
