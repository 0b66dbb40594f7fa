import { BOLA_FORM_SCHEMA, ensurePhoto, type BolaWorld } from './bola-entries.ts';
import { STRONG_PASSWORD } from '../support/factories.ts';

/**
 * The designed access of every HTTP function (TEST-CATALOG 14), written down apart from the definitions so
 * that changing a route's `auth` is a reviewed change in two places: the matrix test fails when they differ,
 * and when a function has no entry here.
 *
 * - `public`: anyone, token or not;
 * - `professional`, `patient`: that role only (the other role gets 403, no token 401);
 * - `both`: either role, each scoped to its own data (another tenant's ids answer 404, BOLA matrix).
 */
export type DesignedAccess = 'public' | 'professional' | 'patient' | 'both';

export interface AccessEntry {
  access: DesignedAccess;
  /** A valid body for an allowed caller (routes with ids take theirs from bola-entries.ts). */
  body?: (world: BolaWorld) => unknown;
  /** A served call removes its object (a DELETE): gives the world a fresh one before each allowed caller. */
  renew?: (world: BolaWorld) => Promise<void>;
}

const CONTENT = { hydration: { dailyGoalMl: 2000 } };

export const FUNCTION_ACCESS: Record<string, AccessEntry> = {
  health: { access: 'public' },
  'health-ready': { access: 'public' },
  jwks: { access: 'public' },
  'openid-configuration': { access: 'public' },
  'openapi-document': { access: 'public' },
  'docs-page': { access: 'public' },
  'docs-script': { access: 'public' },
  'auth-register': { access: 'public' },
  'auth-login': { access: 'public' },
  'auth-refresh': { access: 'public' },
  'auth-logout': { access: 'both' },
  'auth-password-forgot': { access: 'public' },
  'auth-password-reset': { access: 'public' },
  'invites-accept': { access: 'public' },
  'me-get': { access: 'both' },
  'patients-list': { access: 'professional' },
  'patients-create': { access: 'professional', body: () => ({ name: 'Paciente Matriz' }) },
  'patients-get': { access: 'professional' },
  'patients-update': { access: 'professional' },
  'patients-delete': { access: 'professional' },
  'patients-invite': { access: 'professional' },
  'patients-risk-get': { access: 'professional' },
  'audit-log-list': { access: 'professional' },
  'protocols-list': { access: 'professional' },
  'protocols-create': { access: 'professional' },
  'protocols-get': { access: 'both' },
  'protocols-update': { access: 'professional' },
  'protocols-activate': { access: 'professional' },
  'protocols-archive': { access: 'professional' },
  'protocols-versions-list': { access: 'professional' },
  'protocols-versions-diff': { access: 'professional' },
  'protocol-templates-list': { access: 'professional' },
  'protocol-templates-create': { access: 'professional', body: () => ({ name: 'Modelo Matriz', content: CONTENT }) },
  'protocol-templates-apply': { access: 'professional' },
  'threads-list': { access: 'both' },
  'threads-create': { access: 'both', body: (w) => ({ patientId: w.ids.patientId }) },
  'thread-messages-list': { access: 'both' },
  'thread-messages-create': { access: 'both' },
  'threads-read': { access: 'both' },
  'notification-preferences-get': { access: 'both' },
  'notification-preferences-update': { access: 'both', body: () => ({ emailOnMessage: true, quietPeriodMinutes: 0 }) },
  'checkin-forms-list': { access: 'professional' },
  'checkin-forms-create': { access: 'professional', body: () => ({ name: 'Form Matriz', schema: BOLA_FORM_SCHEMA }) },
  'checkin-form-get': { access: 'professional' },
  'checkin-form-version-create': { access: 'professional' },
  'checkin-schedule-get': { access: 'professional' },
  'checkin-schedule-put': { access: 'professional' },
  'checkins-list': { access: 'professional' },
  'my-checkins-list': { access: 'patient' },
  'checkin-get': { access: 'both' },
  'checkin-submit': { access: 'patient' },
  'checkin-review': { access: 'professional' },
  'daily-me-get': { access: 'patient' },
  'daily-tasks-complete': { access: 'patient' },
  'daily-tasks-uncomplete': { access: 'patient' },
  'water-intake-log': { access: 'patient', body: () => ({ amountMl: 250 }) },
  'patients-adherence-get': { access: 'professional' },
  'measurements-record': { access: 'both' },
  'measurements-list': { access: 'both' },
  'measurements-get': { access: 'both' },
  'uploads-request': { access: 'both', body: (w) => ({ purpose: 'progress_photo', contentType: 'image/jpeg', contentLength: 1000, patientId: w.ids.patientId }) },
  'photos-confirm': { access: 'both' },
  'photos-list': { access: 'both' },
  'photos-delete': { access: 'both', renew: async (w) => { delete w.ids.photoId; await ensurePhoto(w); } },
  'biomarkers-list': { access: 'both' },
  'lab-results-record': { access: 'professional' },
  'lab-results-list': { access: 'both' },
  'me-update': { access: 'both', body: () => ({ locale: 'pt-BR' }) },
  // The same password again: served (or refused as a 400) without locking the world out of its account.
  'me-change-my-password': { access: 'both', body: () => ({ currentPassword: STRONG_PASSWORD, newPassword: STRONG_PASSWORD }) },
  'patients-access-log-list': { access: 'professional' },
  'dashboard-get': { access: 'professional' },
  'protocol-effectiveness-list': { access: 'professional' },
  'patients-anonymize': { access: 'professional' },
  'data-exports-request': { access: 'both', body: (w) => ({ scope: 'patient', patientId: w.ids.patientId }) },
  'data-exports-get': { access: 'both' },
  'branding-get': { access: 'professional' },
  'branding-put': { access: 'professional', body: () => ({ displayName: 'Clínica Matriz', primaryColor: '#0B5A44', accentColor: '#0B5A44' }) },
  'subscription-get': { access: 'professional' },
  'subscription-checkout-create': { access: 'professional', body: () => ({ plan: 'pro' }) },
  'subscription-portal-create': { access: 'professional' },
  'billing-webhook-receive': { access: 'public' },
  'dev-billing-event-send': { access: 'public' },
  'dev-mailbox-list': { access: 'public' },
  'dev-mailbox-get': { access: 'public' },
};

/** What the definition's `auth` says, in the matrix's words. */
export function declaredAccess(auth: 'public' | readonly string[]): DesignedAccess {
  if (auth === 'public') return 'public';
  const roles = [...auth].sort().join(',');
  if (roles === 'patient,professional') return 'both';
  if (roles === 'professional' || roles === 'patient') return roles;
  throw new Error(`unknown role set ${roles}`);
}

export const allows = (access: DesignedAccess, role: 'professional' | 'patient') => access === 'both' || access === role;
