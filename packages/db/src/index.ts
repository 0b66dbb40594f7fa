export * from './connection.ts';
export * from './migrator.ts';
export * from './tenant.ts';
export * from './rows.ts';
export * as tables from './schema/index.ts';
export * from './identity/identity-store.ts';
export * from './identity/profile-reader.ts';
export * from './identity/login-throttle.ts';
export * from './outbox-writer.ts';
