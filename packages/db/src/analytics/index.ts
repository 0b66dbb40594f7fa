export * from './dashboard-reader.ts';
export * from './refresh-views.ts';
