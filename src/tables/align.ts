/** How a monotone alignment prices its steps: leaving item i out, leaving slot j empty, or matching them. */
export interface AlignCosts {
  skipItem: (i: number) => number;
  skipSlot: (j: number) => number;
  match: (i: number, j: number) => number;
}

/**
 * Items in order matched to slots in order, each to one at most, at the least total cost (names
 * to the rows of a table, a column's figures to its rows' numbers). Returns the cost and each
 * item's slot, or -1 for an item left out.
 */
export function alignInOrder(items: number, slots: number, costs: AlignCosts): { cost: number; slotOf: number[] } {
  const W = slots + 1;
  const cost = new Float64Array((items + 1) * W).fill(Number.POSITIVE_INFINITY);
  const step = new Uint8Array((items + 1) * W);
  cost[0] = 0;
  for (let i = 0; i <= items; i++)
    for (let j = 0; j <= slots; j++) {
      const here = cost[i * W + j]!;
      if (here === Number.POSITIVE_INFINITY) continue;
      const offer = (to: number, value: number, how: number) => {
        if (value < cost[to]!) [cost[to], step[to]] = [value, how];
      };
      if (i < items) offer((i + 1) * W + j, here + costs.skipItem(i), 1);
      if (j < slots) offer(i * W + j + 1, here + costs.skipSlot(j), 2);
      if (i < items && j < slots) offer((i + 1) * W + j + 1, here + costs.match(i, j), 3);
    }
  const slotOf = Array.from({ length: items }, () => -1);
  for (let i = items, j = slots; i > 0 || j > 0; ) {
    const how = step[i * W + j];
    if (how === 1) i--;
    else if (how === 2) j--;
    else slotOf[--i] = --j;
  }
  return { cost: cost[items * W + slots]!, slotOf };
}
