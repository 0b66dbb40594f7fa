export * from './dashboard-reader.ts';
export * from './refresh-views.ts';
export * from './protocol-effectiveness-reader.ts';
