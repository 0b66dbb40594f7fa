export * from './shared/result.ts';
export * from './shared/errors.ts';
export * from './shared/message.ts';
export * from './identity/index.ts';
export * from './protocols/index.ts';
export * from './patients/index.ts';
export * from './daily/index.ts';
export * from './communication/index.ts';
