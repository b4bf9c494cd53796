export { digitiseFile, digitiseText, type DigitisedDocument, type DigitiseOptions } from './pipeline.js';
export { OcrPool } from './ocr/index.js';
export { runBatch, type BatchResult, type InputResult } from './batch.js';
export { DocumentContext, type Message, type Stage } from './context.js';
export { DigitiseError, isDigitiseError, type ErrorCode } from './errors.js';
export { recordSchema, type CellSource, type DispatchRecord, type Issue, type ScanInfo } from './record/schema.js';
export { TABLES, TABLE_KINDS, type TableKind } from './record/tables.js';
export { unitDictionary } from './lang/dictionary.js';
