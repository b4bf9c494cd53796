/**
 * The appendix tables a dispatch carries (phụ lục = appendix) and their numeric columns, in
 * printed order. Every stage that handles table cells works from this one description.
 */
export type TableKind = 'idesk' | 'igate' | 'interlink' | 'level3';

export type ColumnType = 'count' | 'rate' | 'score';

export interface ColumnSpec {
  field: string;
  type: ColumnType;
  /** Whether the dispatches rank rows by this column (ascending), which bounds a lost value. */
  rankedBy?: boolean;
}

export const TABLES: Record<TableKind, { title: string; columns: ColumnSpec[] }> = {
  idesk: {
    title: 'Phụ lục 1: electronic documents sent and received through iDesk',
    columns: [
      { field: 'sent', type: 'count', rankedBy: true },
      { field: 'received', type: 'count' },
    ],
  },
  igate: {
    title: 'Phụ lục 2.1: administrative dossiers on iGate',
    columns: [
      { field: 'received', type: 'count', rankedBy: true },
      { field: 'resolved', type: 'count' },
      { field: 'onTime', type: 'count' },
      { field: 'onTimeRate', type: 'rate' },
      { field: 'late', type: 'count' },
      { field: 'lateRate', type: 'rate' },
    ],
  },
  interlink: {
    title: 'Phụ lục 2.2: dossiers interlinked with the provincial office',
    columns: [
      { field: 'viaIgate', type: 'count' },
      { field: 'paper', type: 'count' },
    ],
  },
  level3: {
    title: 'Phụ lục 2.3: level-3 online dossiers',
    columns: [
      { field: 'dossiers', type: 'count', rankedBy: true },
      { field: 'rate', type: 'rate' },
      { field: 'score', type: 'score' },
    ],
  },
};

export const TABLE_KINDS = Object.keys(TABLES) as TableKind[];
