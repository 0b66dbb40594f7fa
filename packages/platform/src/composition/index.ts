export * from './logo-files.ts';
export * from './entitlements.ts';
export * from './branding-deps.ts';
export * from './subscription-deps.ts';
