export * from './types.ts';
export * from './rules.ts';
export * from './ports.ts';
export * from './threads.ts';
export * from './messages.ts';
export * from './preferences.ts';
export * from './notify-new-message.ts';
