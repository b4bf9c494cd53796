import { digitReadingCosts, digitReadings } from './confusions.js';
import type { ColumnType } from '../record/tables.js';

/** One way of reading a printed number; `cost` counts the characters that had to be reinterpreted. */
export interface Reading {
  value: number;
  cost: number;
}

const MAX_READINGS = 16;
/** Reading a decimal point the print had but the OCR lost costs about as much as one misread digit. */
const LOST_POINT_COST = 0.6;

/** Characters that may stand for a digit in this OCR's output (digits themselves included). */
function canBeDigit(ch: string): boolean {
  return digitReadings(ch).length > 0;
}

/**
 * Whether a token is a number, perhaps misread: at least one real digit and at most two other
 * characters, or a single character the OCR is known to put for a digit ("J" for 3, "I" for 1).
 */
export function isNumberLike(token: string): boolean {
  const core = token.replace(/^['"‘’(]+|['"‘’),;:]+$/g, '');
  if (core === '' || core.length > 9) return false;
  if (/^[0-9]+([.,][0-9]+)*%?$/.test(core)) return true;
  const chars = [...core.replace(/[.,;'’]/g, '').replace(/%$/, '')];
  if (chars.length === 0) return false;
  const digits = chars.filter((c) => /[0-9]/.test(c)).length;
  if (digits === 0) return chars.length === 1 && canBeDigit(chars[0]!) && /[A-Z]/.test(chars[0]!);
  // One letter nobody has seen stand for a digit ("2T") still leaves a number, unreadable.
  const unknown = chars.filter((c) => !canBeDigit(c));
  return chars.length - digits <= 2 && unknown.length <= (digits >= 1 ? 1 : 0) && unknown.every((c) => /[A-Za-z]/.test(c));
}

/** Expands a string of digit stand-ins into every digit string it may be, cheapest first. */
function digitStrings(chars: string[]): Array<{ digits: string; cost: number }> | null {
  let out = [{ digits: '', cost: 0 }];
  for (const ch of chars) {
    // a stand-in's readings are priced by how often the OCR put it for each digit
    const readings = digitReadingCosts(ch);
    if (readings.length === 0) return null;
    const next: Array<{ digits: string; cost: number }> = [];
    for (const partial of out) for (const { digit, cost } of readings) next.push({ digits: partial.digits + digit, cost: partial.cost + cost });
    out = next.sort((a, b) => a.cost - b.cost).slice(0, MAX_READINGS);
  }
  return out;
}

/**
 * Every value a printed cell may hold, given what kind of column it is in: counts are whole
 * (a dot or comma between thousands is a separator; a stray one is noise), rates and scores may
 * have a decimal point or comma. Spaces inside a cell join its parts ("1006 3" is 10063).
 */
export function readNumber(text: string, type: ColumnType): Reading[] {
  const core = text.trim().replace(/^['"‘’(]+|['"‘’),;:%]+$/g, '').replace(/\s+/g, '').replace(/['’]/g, '');
  if (core === '') return [];
  const readings: Reading[] = [];
  if (type === 'count') {
    const thousands = /^[^.,]{1,3}([.,][^.,]{3})+$/.test(core);
    const stray = !thousands && /[.,]/.test(core);
    const expanded = digitStrings([...core.replace(/[.,]/g, '')]);
    for (const { digits, cost } of expanded ?? []) {
      if (digits.length > 1 && digits.startsWith('0')) continue;
      readings.push({ value: Number(digits), cost: cost + (stray ? 0.5 : 0) });
    }
  } else {
    // the OCR takes a decimal comma for a semicolon as often as for a point ("33;3")
    const match = /^([^.,;]+)(?:[.,;]([^.,;]{1,2}))?$/.exec(core);
    if (!match) return [];
    const whole = digitStrings([...match[1]!]);
    const fraction = match[2] === undefined ? [{ digits: '', cost: 0 }] : digitStrings([...match[2]]);
    const limit = type === 'rate' ? 100 : 10;
    for (const w of whole ?? [])
      for (const f of fraction ?? []) {
        const value = Number(f.digits ? `${w.digits}.${f.digits}` : w.digits);
        // no rate is printed with a leading zero: "09" is "0,9" that lost its comma
        const leadingZero = !f.digits && /^0\d$/.test(w.digits);
        if (value <= limit) readings.push({ value, cost: w.cost + f.cost + (leadingZero ? LOST_POINT_COST : 0) });
        // a decimal point is the smallest mark in a cell and the one OCR loses most ("7.7" read "77")
        if (!f.digits && w.digits.length >= 2 && (!w.digits.startsWith('0') || leadingZero)) {
          const pointed = Number(`${w.digits.slice(0, -1)}.${w.digits.slice(-1)}`);
          if (pointed <= limit) readings.push({ value: pointed, cost: w.cost + (leadingZero ? 0 : LOST_POINT_COST) });
        }
      }
  }
  const seen = new Set<number>();
  return readings
    .sort((a, b) => a.cost - b.cost)
    .filter((r) => (seen.has(r.value) ? false : (seen.add(r.value), true)));
}

/** The single clean reading of a number, or null when it is unreadable or ambiguous. */
export function settledNumber(text: string, type: ColumnType): number | null {
  const readings = readNumber(text, type);
  if (readings.length === 0) return null;
  if (readings.length > 1 && readings[1]!.cost === readings[0]!.cost) return null;
  return readings[0]!.value;
}
