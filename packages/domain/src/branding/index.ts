export * from './contrast.ts';
export * from './types.ts';
export * from './ports.ts';
export * from './put-branding.ts';
export * from './logo.ts';
