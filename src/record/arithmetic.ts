/**
 * How far a printed rate may be from the computed one: a rate printed with a decimal was rounded
 * to one decimal; a whole one may have been rounded to whole percent.
 */
const rateTolerance = (rate: number) => (Number.isInteger(rate) ? 0.6 : 0.06);

/**
 * Whether a printed rate agrees with `count / resolved`, the way these reports compute rates:
 * rounded, sometimes truncated, and sometimes printed as 100 minus the row's other rate.
 */
export function rateAgrees(count: number, resolved: number, rate: number, otherRate: number | null): boolean {
  const expected = (100 * count) / resolved;
  if (Math.abs(expected - rate) <= rateTolerance(rate)) return true;
  if (Math.floor(expected * 10) / 10 === rate || Math.floor(expected) === rate) return true;
  return otherRate !== null && Math.abs(rate + otherRate - 100) < 0.05 && Math.abs(100 - otherRate - expected) <= rateTolerance(rate) + 1;
}
