/**
 * The types every stage reads and annotates, in one place: no stage finds its input's shape in
 * another stage's folder. `words.js` is the one place a line's text and its words are tied.
 */
export type * from './text.js';
export type * from './tables.js';
export type * from './document.js';
export * from './words.js';
export * from './geometry.js';
