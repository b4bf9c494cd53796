export { digitiseFile, digitiseText, type DigitisedDocument } from './pipeline.js';
export { runBatch, type BatchResult, type InputResult } from './batch.js';
export { DocumentContext, type Message, type Stage } from './context.js';
export { DigitiseError, isDigitiseError, type ErrorCode } from './errors.js';
export { recordSchema, type DispatchRecord, type Issue } from './record/schema.js';
export { TABLES, TABLE_KINDS, type TableKind } from './record/tables.js';
export { unitDictionary } from './lang/dictionary.js';
