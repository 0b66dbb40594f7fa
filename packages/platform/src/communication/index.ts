export * from './communication-deps.ts';
export * from './notify-new-message.ts';
