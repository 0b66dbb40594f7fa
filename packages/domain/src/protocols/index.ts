export * from './content.ts';
export * from './planned-tasks.ts';
