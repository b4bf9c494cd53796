import type { Grid } from '../record/schema.js';
import type { Line } from '../model/index.js';

/**
 * The tables a text prints, as plain grids: runs of two or more lines whose cells are
 * tab-separated (a scan's ruled tables reach the text stages that way, and so do pipe tables).
 */
export function readGrids(lines: Line[]): Grid[] {
  const grids: Grid[] = [];
  let rows: string[][] = [];
  const close = () => {
    if (rows.length >= 2) grids.push({ page: null, rows });
    rows = [];
  };
  for (const line of lines) {
    if (line.text.includes('\t')) rows.push(line.text.split('\t').map((c) => c.trim()));
    else if (line.text.trim() !== '') close();
  }
  close();
  return grids;
}
