// The risk surface of @korevitta/db (packages/db/src/index.ts exports this file).
export * from './requests.ts';
export * from './signals-sql.ts';
export * from './write-assessments.ts';
export * from './recalculate.ts';
export * from './risk-reader.ts';
