/**
 * What the local host needs before the app is loaded: the config and the headers of its early liveness
 * answer. Cheap imports only (valibot), so `npm start` listens within a fraction of a second
 * (`@korevitta/platform/boot`; the package index loads every adapter).
 */
export { ConfigError, loadConfig, type Config } from './config.ts';
export { securityHeaders } from './http/security-headers.ts';
