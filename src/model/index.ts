/**
 * The types every stage reads and annotates, in one place: no stage finds its input's shape in
 * another stage's folder.
 */
export type * from './text.js';
export type * from './tables.js';
export type * from './document.js';
export type * from './scan.js';
