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
  'REQUEST.PRECONDITION_REQUIRED': { status: 428, slug: 'precondition-required', title: { 'pt-BR': 'Cabeçalho If-Match obrigatório', en: 'If-Match header required' } },
  'RESOURCE.PRECONDITION_FAILED': { status: 412, slug: 'precondition-failed', title: { 'pt-BR': 'O recurso foi alterado por outra pessoa', en: 'The resource was changed by someone else' } },
  'PROTOCOL.ALREADY_ACTIVE': { status: 409, slug: 'protocol-already-active', title: { 'pt-BR': 'O protocolo já está ativo', en: 'The protocol is already active' } },
  'PROTOCOL.ARCHIVED': { status: 409, slug: 'protocol-archived', title: { 'pt-BR': 'Protocolo arquivado não pode ser alterado', en: 'An archived protocol cannot be changed' } },
  'PROTOCOL.ACTIVATION_CONFLICT': { status: 409, slug: 'protocol-activation-conflict', title: { 'pt-BR': 'Outro protocolo deste paciente foi ativado ao mesmo tempo', en: 'Another protocol of this patient was activated at the same time' } },
  'DAILY.FUTURE_TASK': { status: 422, slug: 'daily-task-future-day', title: { 'pt-BR': 'Tarefa de um dia que ainda não chegou', en: 'Task of a day that has not come yet' } },
  'DAILY.TASK_NOT_COMPLETABLE': { status: 422, slug: 'daily-task-not-completable', title: { 'pt-BR': 'A hidratação avança com os registros de água', en: 'Hydration progresses with water intake logs' } },
  'PATIENT.NOT_FOUND': { status: 404, slug: 'patient-not-found', title: { 'pt-BR': 'Paciente não encontrado', en: 'Patient not found' } },
  'PATIENT.HAS_LOGIN': { status: 409, slug: 'patient-has-login', title: { 'pt-BR': 'Paciente já possui acesso ao app', en: 'Patient already has a login' } },
  'PATIENT.NO_EMAIL': { status: 409, slug: 'patient-no-email', title: { 'pt-BR': 'Paciente sem e-mail cadastrado', en: 'Patient has no e-mail address' } },
  'PATIENT.VERSION_MISMATCH': { status: 412, slug: 'patient-version-mismatch', title: { 'pt-BR': 'O paciente foi alterado por outra pessoa; recarregue e tente de novo', en: 'The patient changed since you read it; reload and retry' } },
  'PATIENT.INVALID_TRANSITION': { status: 409, slug: 'patient-invalid-transition', title: { 'pt-BR': 'Mudança de status não permitida', en: 'Status change not allowed' } },
  'INVITE.QUOTA_EXCEEDED': { status: 429, slug: 'invite-quota-exceeded', title: { 'pt-BR': 'Limite diário de convites atingido', en: 'Daily invite limit reached' } },
  'THREAD.NOT_FOUND': { status: 404, slug: 'thread-not-found', title: { 'pt-BR': 'Conversa não encontrada', en: 'Thread not found' } },
  'THREAD.CONTEXT_NOT_FOUND': { status: 422, slug: 'thread-context-not-found', title: { 'pt-BR': 'Check-in ou protocolo não encontrado para este paciente', en: 'Check-in or protocol not found for this patient' } },
  'THREAD.CONTEXT_NOT_ALLOWED': { status: 422, slug: 'thread-context-not-allowed', title: { 'pt-BR': 'O paciente só pode abrir a conversa geral', en: 'A patient may open only the general thread' } },
  'MESSAGE.NOT_FOUND': { status: 404, slug: 'message-not-found', title: { 'pt-BR': 'Mensagem não encontrada nesta conversa', en: 'Message not found in this thread' } },
  'CHECKIN.NOT_FOUND': { status: 404, slug: 'checkin-not-found', title: { 'pt-BR': 'Check-in não encontrado', en: 'Check-in not found' } },
  'CHECKIN.INVALID_RESPONSES': { status: 422, slug: 'checkin-invalid-responses', title: { 'pt-BR': 'Respostas do check-in inválidas', en: 'Invalid check-in responses' } },
  'CHECKIN.FORM_VERSION_MISMATCH': { status: 409, slug: 'checkin-form-version-mismatch', title: { 'pt-BR': 'As respostas são de outra versão do formulário', en: 'The responses answer another version of the form' } },
  'CHECKIN.NOT_OPEN': { status: 409, slug: 'checkin-not-open', title: { 'pt-BR': 'O check-in ainda não está aberto', en: 'The check-in is not open yet' } },
  'CHECKIN.ALREADY_SUBMITTED': { status: 409, slug: 'checkin-already-submitted', title: { 'pt-BR': 'O check-in já foi respondido', en: 'The check-in was already submitted' } },
  'CHECKIN.MISSED': { status: 409, slug: 'checkin-missed', title: { 'pt-BR': 'O prazo para responder este check-in terminou', en: 'The window to answer this check-in has closed' } },
  'CHECKIN.NOT_SUBMITTED': { status: 409, slug: 'checkin-not-submitted', title: { 'pt-BR': 'Só um check-in respondido pode ser revisado', en: 'Only a submitted check-in can be reviewed' } },
  'CHECKIN.ALREADY_REVIEWED': { status: 409, slug: 'checkin-already-reviewed', title: { 'pt-BR': 'O check-in já foi revisado', en: 'The check-in was already reviewed' } },
  'CHECKIN.TOO_EARLY': { status: 409, slug: 'checkin-step-not-due', title: { 'pt-BR': 'Esta etapa do check-in ainda não chegou', en: 'This check-in step is not due yet' } },
  'CHECKIN.FORM_NOT_FOUND': { status: 404, slug: 'checkin-form-not-found', title: { 'pt-BR': 'Formulário de check-in não encontrado', en: 'Check-in form not found' } },
  'CHECKIN.SCHEDULE_NOT_FOUND': { status: 404, slug: 'checkin-schedule-not-found', title: { 'pt-BR': 'Este paciente não tem agenda de check-ins', en: 'This patient has no check-in schedule' } },
};

export const PROBLEM_BASE = 'https://korevitta.com.br/problems/';
export const INTERNAL_PROBLEM = {
  status: 500,
  slug: 'internal',
  title: { 'pt-BR': 'Erro interno', en: 'Internal error' } as Record<Locale, string>,
};
