import type { Rule } from './index.js';

/**
 * The one evaluator of a report's rules. Repair asks how plausible a reading is, validation
 * what it must report, and inference which missing value a rule settles: all from here.
 */
export type Values = Readonly<Record<string, number | null | undefined>>;

export interface RuleCheck {
  rule: Rule;
  holds: boolean;
  /** Says what broke, in the report's own terms. */
  message: string;
}

const known = (v: number | null | undefined): v is number => v !== null && v !== undefined;

/**
 * How far a printed rate may be from the computed one: a rate printed with a decimal was rounded
 * to one decimal; a whole one may have been rounded to whole percent.
 */
const rateTolerance = (rate: number) => (Number.isInteger(rate) ? 0.6 : 0.06);

/** How far a rate printed as 100 minus the other may be from its own count's: the other's rounding, and a little. */
const COMPLEMENT_SLACK = 0.15;

/**
 * Whether a printed rate agrees with `count / base`, the way these reports compute rates:
 * rounded, sometimes truncated, and sometimes printed as 100 minus the row's other rate.
 */
function rateAgrees(count: number, base: number, rate: number, otherRate: number | null): boolean {
  const expected = (100 * count) / base;
  if (Math.abs(expected - rate) <= rateTolerance(rate)) return true;
  if (Math.floor(expected * 10) / 10 === rate || Math.floor(expected) === rate) return true;
  return otherRate !== null && Math.abs(rate + otherRate - 100) < 0.05 && Math.abs(100 - otherRate - expected) <= rateTolerance(rate) + COMPLEMENT_SLACK;
}

/** Whether two rates of the same base can be a row's two complementary shares: 100 together, or both 0 where the base is 0 or unknown. */
function complementary(rate: number, other: number, base: number | null | undefined): boolean {
  if (rate === 0 && other === 0) return !known(base) || base === 0;
  return Math.abs(rate + other - 100) <= 2 * rateTolerance(rate) + COMPLEMENT_SLACK;
}

/** The fields a rule ties together. */
export const ruleFields = (rule: Rule): string[] => (rule.rule === 'sum' ? [rule.field, ...rule.of] : [rule.field, rule.count, rule.base]);

/**
 * The rules that apply to these values, and whether each holds: a rule whose every value is
 * known; and, where some are not, what the known ones already break: a sum's known part above
 * its total (counts are never negative), two complementary rates that do not make 100 (or 0 and
 * 0, where nothing was resolved).
 */
export function checkRules(rules: readonly Rule[], values: Values): RuleCheck[] {
  const out: RuleCheck[] = [];
  for (const rule of rules) {
    if (rule.rule === 'sum') {
      const total = values[rule.field];
      const parts = rule.of.map((f) => values[f]);
      if (!known(total)) continue;
      if (!parts.every(known)) {
        rule.of.forEach((f, i) => {
          if (known(parts[i]) && parts[i] > total) out.push({ rule, holds: false, message: `${f} ${parts[i]} > ${rule.field} ${total}` });
        });
        continue;
      }
      const sum = (parts as number[]).reduce((a, b) => a + b, 0);
      out.push({ rule, holds: total === sum, message: `${rule.field} ${total} ≠ ${rule.of.map((f, i) => `${f} ${parts[i]}`).join(' + ')}` });
    } else {
      const rate = values[rule.field];
      const count = values[rule.count];
      const base = values[rule.base];
      const other = rule.complement ? values[rule.complement] : null;
      if (!known(rate) || !known(count) || !known(base) || base === 0) {
        // the pair is checked once, by the rule that comes first
        const pair = rule.complement ? rules.findIndex((r) => r.rule === 'rate' && r.field === rule.complement) : -1;
        if (pair > rules.indexOf(rule) && known(rate) && known(other) && !complementary(rate, other, base))
          out.push({ rule, holds: false, message: `${rule.field} ${rate} and ${rule.complement} ${other} do not make 100%` });
        continue;
      }
      out.push({
        rule,
        holds: rateAgrees(count, base, rate, known(other) ? other : null),
        message: `${rule.field} is printed ${rate} but ${count}/${base} is ${((100 * count) / base).toFixed(1)}%`,
      });
    }
  }
  return out;
}

/** How much a rule weighs when readings are compared: a sum ties three cells exactly, a rate only roughly. */
const WEIGHT = { sum: 3, rate: 1 } as const;

/** How well values agree with the rules: the weight of those that hold less the weight of those that break. */
export function ruleScore(rules: readonly Rule[], values: Values): number {
  return checkRules(rules, values).reduce((score, c) => score + (c.holds ? 1 : -1) * WEIGHT[c.rule.rule], 0);
}

/** A rate as these reports print it: a percentage to one decimal, rounded. */
const printedRate = (count: number, base: number) => Math.round((1000 * count) / base) / 10;

/**
 * The one missing value a rule settles, when every other value it names is known: a sum's total
 * or part; a rate from its count and base (where the report may print it as 100 minus its
 * complement, only if that gives the same); a count from its rate and base, where one whole count
 * alone gives that rate.
 */
function solve(rule: Rule, rules: readonly Rule[], values: Values): { field: string; value: number } | null {
  if (rule.rule === 'rate') {
    const [rate, count, base] = [values[rule.field], values[rule.count], values[rule.base]];
    if (!known(base) || base <= 0) return null;
    // a report may print a rate as 100 minus its complement's (Q3/2018 does), a tenth off its own count's
    const complement = rule.complement ? rules.find((r): r is Extract<Rule, { rule: 'rate' }> => r.rule === 'rate' && r.field === rule.complement) : undefined;
    if (!known(rate) && known(count) && count <= base) {
      const value = printedRate(count, base);
      if (!complement) return { field: rule.field, value };
      const [otherRate, otherCount] = [values[complement.field], values[complement.count]];
      const other = known(otherRate) ? otherRate : known(otherCount) && values[complement.base] === base ? printedRate(otherCount, base) : null;
      // settled only where both ways of printing it agree
      return other !== null && Math.abs(100 - other - value) < 0.05 ? { field: rule.field, value } : null;
    }
    if (known(rate) && !known(count)) {
      const slack = complement ? 0.1 : 0;
      const near = Math.round((rate * base) / 100);
      const counts = [near - 2, near - 1, near, near + 1, near + 2].filter((c) => c >= 0 && c <= base && Math.abs(printedRate(c, base) - rate) <= slack + 1e-9);
      return counts.length === 1 ? { field: rule.count, value: counts[0]! } : null;
    }
    return null;
  }
  const names = [rule.field, ...rule.of];
  const missing = names.filter((f) => !known(values[f]));
  if (missing.length !== 1) return null;
  const [field] = missing as [string];
  const partsKnown = rule.of.filter((f) => f !== field).reduce((s, f) => s + values[f]!, 0);
  const value = field === rule.field ? partsKnown : values[rule.field]! - partsKnown;
  return value < 0 ? null : { field, value };
}

/** Every missing value the rules settle, one settling the next (a sum's part, then the rate of it), in the order settled. */
export function settle(rules: readonly Rule[], values: Values): Array<{ rule: Rule; field: string; value: number }> {
  const current: Record<string, number | null | undefined> = { ...values };
  const settled: Array<{ rule: Rule; field: string; value: number }> = [];
  for (let progress = true; progress; ) {
    progress = false;
    for (const rule of rules) {
      const solved = solve(rule, rules, current);
      if (!solved) continue;
      current[solved.field] = solved.value;
      settled.push({ rule, ...solved });
      progress = true;
    }
  }
  return settled;
}

/**
 * Rates an OCR misread as another figure: a printed rate its own count and base contradict,
 * where a sum that holds ties that count and base (three counts that agree were read right), is
 * settled from them as a missing one would be (see `solve`).
 */
export function misreadRates(rules: readonly Rule[], values: Values): Array<{ rule: Rule; field: string; value: number }> {
  const holding = checkRules(rules, values).filter((c) => c.rule.rule === 'sum' && c.holds);
  const out: Array<{ rule: Rule; field: string; value: number }> = [];
  for (const check of checkRules(rules, values)) {
    const { rule } = check;
    if (check.holds || rule.rule !== 'rate' || !holding.some((h) => [rule.count, rule.base].every((f) => ruleFields(h.rule).includes(f)))) continue;
    const solved = solve(rule, rules, { ...values, [rule.field]: null });
    if (solved?.field === rule.field) out.push({ rule, ...solved });
  }
  return out;
}

/** How the rule reads, for saying what settled a value: "resolved = onTime + late". */
export function describe(rule: Rule, solving: string): string {
  if (rule.rule === 'rate') return solving === rule.field ? `${rule.field} = ${rule.count} / ${rule.base}` : `${solving} = ${rule.field} × ${rule.base}`;
  if (solving === rule.field) return `${rule.field} = ${rule.of.join(' + ')}`;
  return `${solving} = ${rule.field} − ${rule.of.filter((f) => f !== solving).join(' − ')}`;
}
