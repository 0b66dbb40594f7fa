import type { ErrorCode } from '@korevitta/domain';

type Locale = 'pt-BR' | 'en';
interface ProblemSpec { status: number; slug: string; title: Record<Locale, string> }

/**
 * The one total map from domain error code to HTTP status and problem type (STYLE.md rule 3).
 * `Record<ErrorCode, …>` makes a missing code a type error.
 */
export const PROBLEMS: Record<ErrorCode, ProblemSpec> = {
  'REQUEST.VALIDATION': { status: 400, slug: 'validation', title: { 'pt-BR': 'Dados inválidos', en: 'Invalid request' } },
  'REQUEST.NOT_FOUND': { status: 404, slug: 'route-not-found', title: { 'pt-BR': 'Rota não encontrada', en: 'Route not found' } },
  'REQUEST.TOO_LARGE': { status: 413, slug: 'payload-too-large', title: { 'pt-BR': 'Corpo da requisição grande demais', en: 'Request body too large' } },
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': { status: 415, slug: 'unsupported-media-type', title: { 'pt-BR': 'Tipo de conteúdo não suportado', en: 'Unsupported media type' } },
  'REQUEST.RATE_LIMITED': { status: 429, slug: 'rate-limited', title: { 'pt-BR': 'Muitas requisições', en: 'Too many requests' } },
  'REQUEST.METHOD_NOT_ALLOWED': { status: 405, slug: 'method-not-allowed', title: { 'pt-BR': 'Método não permitido', en: 'Method not allowed' } },
  'AUTH.UNAUTHENTICATED': { status: 401, slug: 'unauthenticated', title: { 'pt-BR': 'Autenticação necessária', en: 'Authentication required' } },
  'AUTH.FORBIDDEN': { status: 403, slug: 'forbidden', title: { 'pt-BR': 'Acesso negado', en: 'Forbidden' } },
  'AUTH.INVALID_CREDENTIALS': { status: 401, slug: 'invalid-credentials', title: { 'pt-BR': 'E-mail ou senha incorretos', en: 'Invalid e-mail or password' } },
  'AUTH.THROTTLED': { status: 429, slug: 'login-throttled', title: { 'pt-BR': 'Muitas tentativas de login', en: 'Too many login attempts' } },
  'AUTH.INVALID_REFRESH_TOKEN': { status: 401, slug: 'invalid-refresh-token', title: { 'pt-BR': 'Sessão inválida ou expirada', en: 'Invalid or expired session' } },
  'AUTH.EMAIL_TAKEN': { status: 409, slug: 'email-taken', title: { 'pt-BR': 'E-mail já cadastrado', en: 'E-mail already registered' } },
  'AUTH.WEAK_PASSWORD': { status: 400, slug: 'weak-password', title: { 'pt-BR': 'Senha fraca', en: 'Weak password' } },
  'AUTH.INVALID_RESET_TOKEN': { status: 400, slug: 'invalid-reset-token', title: { 'pt-BR': 'Link de redefinição inválido ou expirado', en: 'Invalid or expired reset link' } },
  'INVITE.INVALID': { status: 400, slug: 'invalid-invite', title: { 'pt-BR': 'Convite inválido ou expirado', en: 'Invalid or expired invite' } },
  'INVITE.EMAIL_TAKEN': { status: 409, slug: 'invite-email-taken', title: { 'pt-BR': 'E-mail já possui conta', en: 'E-mail already has an account' } },
  'IDEMPOTENCY.KEY_REUSED': { status: 422, slug: 'idempotency-key-reused', title: { 'pt-BR': 'Chave de idempotência já usada com outro conteúdo', en: 'Idempotency key reused with a different payload' } },
  'IDEMPOTENCY.IN_FLIGHT': { status: 409, slug: 'idempotency-in-flight', title: { 'pt-BR': 'Requisição com esta chave ainda em andamento', en: 'A request with this key is in progress' } },
  'IDEMPOTENCY.KEY_INVALID': { status: 400, slug: 'idempotency-key-invalid', title: { 'pt-BR': 'Chave de idempotência inválida', en: 'Invalid idempotency key' } },
  'RESOURCE.NOT_FOUND': { status: 404, slug: 'not-found', title: { 'pt-BR': 'Recurso não encontrado', en: 'Resource not found' } },
  'RESOURCE.CONFLICT': { status: 409, slug: 'conflict', title: { 'pt-BR': 'Conflito com o estado atual', en: 'Conflict with the current state' } },
  'SERVICE.UNAVAILABLE': { status: 503, slug: 'service-unavailable', title: { 'pt-BR': 'Serviço indisponível', en: 'Service unavailable' } },
};

export const PROBLEM_BASE = 'https://korevitta.com.br/problems/';
export const INTERNAL_PROBLEM = {
  status: 500,
  slug: 'internal',
  title: { 'pt-BR': 'Erro interno', en: 'Internal error' } as Record<Locale, string>,
};
