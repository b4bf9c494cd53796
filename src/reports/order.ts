import type { ColumnSpec } from './index.js';

/**
 * The order a ranked column's values keep: 1 rising, -1 falling, 0 none (fewer than nine steps
 * in ten one way, or too few values to tell), as far as the column's declared order allows.
 */
export function orderOf(values: readonly number[], ranked: ColumnSpec['ranked']): 1 | -1 | 0 {
  if (!ranked || values.length < 4) return 0;
  let rising = 0;
  let falling = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i]! >= values[i - 1]!) rising++;
    if (values[i]! <= values[i - 1]!) falling++;
  }
  const steps = values.length - 1;
  if (ranked !== 'descending' && rising >= 0.9 * steps) return 1;
  if (ranked !== 'ascending' && falling >= 0.9 * steps) return -1;
  return 0;
}

/** How many steps of a ranked column go against its order (the fewer way, where either is allowed). */
export function stepsOutOfOrder(values: readonly number[], ranked: ColumnSpec['ranked']): number {
  let down = 0;
  let up = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i]! < values[i - 1]!) down++;
    if (values[i]! > values[i - 1]!) up++;
  }
  return ranked === 'ascending' ? down : ranked === 'descending' ? up : ranked === 'either' ? Math.min(down, up) : 0;
}
