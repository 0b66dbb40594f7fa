export * from './connection.ts';
export * from './migrator.ts';
export * from './tenant.ts';
export * from './rows.ts';
export * as tables from './schema/index.ts';
