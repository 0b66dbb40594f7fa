export * from './logo-files.ts';
export * from './entitlements.ts';
export * from './branding-deps.ts';
export * from './subscription-deps.ts';
export * from './billing-webhook.ts';
export * from './billing-sessions.ts';
