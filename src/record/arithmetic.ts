/** Rates are printed to one decimal, some rounded to whole percent: allow that much. */
const RATE_TOLERANCE = 0.6;

/**
 * Whether a printed rate agrees with `count / resolved`, the way these reports compute rates:
 * rounded, sometimes truncated, and sometimes printed as 100 minus the row's other rate.
 */
export function rateAgrees(count: number, resolved: number, rate: number, otherRate: number | null): boolean {
  const expected = (100 * count) / resolved;
  if (Math.abs(expected - rate) <= RATE_TOLERANCE) return true;
  if (Math.floor(expected * 10) / 10 === rate || Math.floor(expected) === rate) return true;
  return otherRate !== null && Math.abs(rate + otherRate - 100) < 0.05 && Math.abs(100 - otherRate - expected) <= RATE_TOLERANCE + 1;
}
