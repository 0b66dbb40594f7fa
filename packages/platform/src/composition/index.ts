/**
 * The composition root (ADR 0016): the one place that builds use cases' ports from the database package and the
 * platform's services. Functions reach the database only through here.
 */
export * from './identity-deps.ts';
export * from './patient-deps.ts';
export * from './checkin-deps.ts';
export * from './communication-deps.ts';
export * from './protocol-deps.ts';
export * from './daily-deps.ts';
export * from './request-scopes.ts';
export * from './jobs.ts';
export * from './advance-checkin.ts';
export * from './notify-new-message.ts';
export * from './send-patient-invite.ts';
export * from './send-password-reset.ts';
export * from './account-deps.ts';
export * from './recalculate-risk-on-request.ts';
export * from './progress-deps.ts';
export * from './compliance-deps.ts';
export * from './analytics-deps.ts';
export * from './anonymize-deps.ts';
export * from './entitlements.ts';
export * from './branding-deps.ts';
export * from './subscription-deps.ts';
export * from './billing-webhook.ts';
export * from './billing-sessions.ts';
export * from './data-export-deps.ts';
export * from './lab-deps.ts';
export * from './billing-reconcile.ts';
