import type { ColumnSpec } from './index.js';

/** A column's steps from each value to the next: how many go up, and how many down. */
function steps(values: readonly number[]): { up: number; down: number; all: number } {
  let up = 0;
  let down = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i]! > values[i - 1]!) up++;
    if (values[i]! < values[i - 1]!) down++;
  }
  return { up, down, all: Math.max(0, values.length - 1) };
}

/**
 * The order a ranked column's values keep: 1 rising, -1 falling, 0 none (fewer than nine steps
 * in ten one way, or too few values to tell), as far as the column's declared order allows.
 */
export function orderOf(values: readonly number[], ranked: ColumnSpec['ranked']): 1 | -1 | 0 {
  if (!ranked || values.length < 4) return 0;
  const { up, down, all } = steps(values);
  // a step between equal values keeps either order
  if (ranked !== 'descending' && all - down >= 0.9 * all) return 1;
  if (ranked !== 'ascending' && all - up >= 0.9 * all) return -1;
  return 0;
}

/** How many steps of a ranked column go against its order (the fewer way, where either is allowed). */
export function stepsOutOfOrder(values: readonly number[], ranked: ColumnSpec['ranked']): number {
  const { up, down } = steps(values);
  return ranked === 'ascending' ? down : ranked === 'descending' ? up : ranked === 'either' ? Math.min(down, up) : 0;
}
