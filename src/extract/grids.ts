import type { Grid } from '../record/schema.js';
import { cellsOf, cellText, type Line } from '../model/index.js';

/**
 * The tables a text prints, as plain grids: runs of two or more lines whose cells are
 * tab-separated (a scan's ruled tables reach the text stages that way, and so do pipe tables),
 * each with the page it starts on.
 */
export function readGrids(lines: Line[]): Grid[] {
  const grids: Grid[] = [];
  let rows: Line[] = [];
  const close = () => {
    if (rows.length >= 2) grids.push({ page: rows[0]!.page, rows: rows.map((line) => cellsOf(line).map((cell) => cellText(cell).trim())) });
    rows = [];
  };
  for (const line of lines) {
    if (line.text.includes('\t')) rows.push(line);
    else if (line.text.trim() !== '') close();
  }
  close();
  return grids;
}
