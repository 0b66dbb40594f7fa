export * from './plans.ts';
export * from './entitlements.ts';
export * from './subscription-state.ts';
export * from './ports.ts';
export * from './check-growth.ts';
export * from './get-subscription.ts';
export * from './provider.ts';
