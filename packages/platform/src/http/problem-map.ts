import type { ErrorCode } from '@korevitta/domain';

type Locale = 'pt-BR' | 'en';
type Params = Readonly<Record<string, string | number>>;
type Text = Record<Locale, string>;
type Detail = Record<Locale, (p: Params) => string>;
interface ProblemSpec { status: number; slug: string; title: Text; detail: Detail }

const fixed = (ptBR: string, en: string): Detail => ({ 'pt-BR': () => ptBR, en: () => en });
const local = (iso: unknown): string => String(iso ?? '');

/**
 * The one total map from error code to HTTP status, problem type, title and detail (STYLE.md rule 3).
 * `Record<ErrorCode, …>` makes a missing code a type error. Every problem carries a `detail` in the
 * caller's language (pt-BR, or en on `Accept-Language: en`); the domain passes only the values the
 * detail names (`params`).
 */
export const PROBLEMS: Record<ErrorCode, ProblemSpec> = {
  'REQUEST.VALIDATION': {
    status: 400, slug: 'validation', title: { 'pt-BR': 'Dados inválidos', en: 'Invalid request' },
    detail: fixed('Um ou mais campos da requisição são inválidos; veja errors[].', 'One or more fields of the request are invalid; see errors[].'),
  },
  'REQUEST.NOT_FOUND': {
    status: 404, slug: 'route-not-found', title: { 'pt-BR': 'Rota não encontrada', en: 'Route not found' },
    detail: fixed('Nenhuma operação da API responde neste caminho; veja /docs.', 'No API operation answers at this path; see /docs.'),
  },
  'REQUEST.TOO_LARGE': {
    status: 413, slug: 'payload-too-large', title: { 'pt-BR': 'Corpo da requisição grande demais', en: 'Request body too large' },
    detail: { 'pt-BR': (p) => `O corpo pode ter no máximo ${p.limit} bytes.`, en: (p) => `The body may have at most ${p.limit} bytes.` },
  },
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': {
    status: 415, slug: 'unsupported-media-type', title: { 'pt-BR': 'Tipo de conteúdo não suportado', en: 'Unsupported media type' },
    detail: fixed('Envie o corpo como application/json.', 'Send the body as application/json.'),
  },
  'REQUEST.RATE_LIMITED': {
    status: 429, slug: 'rate-limited', title: { 'pt-BR': 'Muitas requisições', en: 'Too many requests' },
    detail: fixed('Limite de requisições atingido; tente de novo após o tempo em Retry-After.', 'Request limit reached; retry after the time in Retry-After.'),
  },
  'REQUEST.METHOD_NOT_ALLOWED': {
    status: 405, slug: 'method-not-allowed', title: { 'pt-BR': 'Método não permitido', en: 'Method not allowed' },
    detail: fixed('Este caminho não aceita este método; veja o cabeçalho Allow.', 'This path does not take this method; see the Allow header.'),
  },
  'REQUEST.PRECONDITION_REQUIRED': {
    status: 428, slug: 'precondition-required', title: { 'pt-BR': 'Cabeçalho If-Match obrigatório', en: 'If-Match header required' },
    detail: fixed('Envie If-Match com o ETag lido no GET (ou * para sobrescrever conscientemente).', 'Send If-Match with the ETag from GET (or * to overwrite on purpose).'),
  },
  'AUTH.UNAUTHENTICATED': {
    status: 401, slug: 'unauthenticated', title: { 'pt-BR': 'Autenticação necessária', en: 'Authentication required' },
    detail: fixed('Envie um token de acesso válido em Authorization: Bearer.', 'Send a valid access token in Authorization: Bearer.'),
  },
  'AUTH.FORBIDDEN': {
    status: 403, slug: 'forbidden', title: { 'pt-BR': 'Acesso negado', en: 'Forbidden' },
    detail: fixed('Esta operação não está disponível para o seu perfil.', 'This operation is not available to your role.'),
  },
  'AUTH.INVALID_CREDENTIALS': {
    status: 401, slug: 'invalid-credentials', title: { 'pt-BR': 'E-mail ou senha incorretos', en: 'Invalid e-mail or password' },
    detail: fixed('Confira o e-mail e a senha e tente de novo.', 'Check the e-mail and password and try again.'),
  },
  'AUTH.THROTTLED': {
    status: 429, slug: 'login-throttled', title: { 'pt-BR': 'Muitas tentativas', en: 'Too many attempts' },
    detail: fixed('Muitas tentativas seguidas; tente de novo após o tempo em Retry-After.', 'Too many attempts in a row; retry after the time in Retry-After.'),
  },
  'AUTH.INVALID_REFRESH_TOKEN': {
    status: 401, slug: 'invalid-refresh-token', title: { 'pt-BR': 'Sessão inválida ou expirada', en: 'Invalid or expired session' },
    detail: fixed('Entre de novo com e-mail e senha.', 'Log in again with your e-mail and password.'),
  },
  'AUTH.EMAIL_TAKEN': {
    status: 409, slug: 'email-taken', title: { 'pt-BR': 'E-mail já cadastrado', en: 'E-mail already registered' },
    detail: fixed('Já existe uma conta com este e-mail; entre ou redefina a senha.', 'An account with this e-mail exists; log in or reset the password.'),
  },
  'AUTH.WEAK_PASSWORD': {
    status: 400, slug: 'weak-password', title: { 'pt-BR': 'Senha fraca', en: 'Weak password' },
    detail: fixed('A senha não atende à política de senhas; veja errors[].', 'The password does not meet the password policy; see errors[].'),
  },
  'AUTH.INVALID_RESET_TOKEN': {
    status: 400, slug: 'invalid-reset-token', title: { 'pt-BR': 'Link de redefinição inválido ou expirado', en: 'Invalid or expired reset link' },
    detail: fixed('Peça um novo link de redefinição de senha.', 'Ask for a new password reset link.'),
  },
  'INVITE.INVALID': {
    status: 400, slug: 'invalid-invite', title: { 'pt-BR': 'Convite inválido ou expirado', en: 'Invalid or expired invite' },
    detail: fixed('Peça ao seu profissional um novo convite.', 'Ask your professional for a new invite.'),
  },
  'INVITE.EMAIL_TAKEN': {
    status: 409, slug: 'invite-email-taken', title: { 'pt-BR': 'E-mail já possui conta', en: 'E-mail already has an account' },
    detail: fixed('Este e-mail já tem uma conta; entre com ela.', 'This e-mail already has an account; log in with it.'),
  },
  'INVITE.QUOTA_EXCEEDED': {
    status: 429, slug: 'invite-quota-exceeded', title: { 'pt-BR': 'Limite diário de convites atingido', en: 'Daily invite limit reached' },
    detail: {
      'pt-BR': (p) => (p.scope === 'patient' ? 'Limite diário de convites para este paciente atingido.' : 'Limite diário de convites da sua conta atingido.'),
      en: (p) => (p.scope === 'patient' ? 'Daily invite limit for this patient reached.' : 'Daily invite limit of your practice reached.'),
    },
  },
  'IDEMPOTENCY.KEY_REUSED': {
    status: 422, slug: 'idempotency-key-reused', title: { 'pt-BR': 'Chave de idempotência já usada com outro conteúdo', en: 'Idempotency key reused with a different payload' },
    detail: fixed('Use uma nova Idempotency-Key para um corpo diferente.', 'Use a new Idempotency-Key for a different body.'),
  },
  'IDEMPOTENCY.IN_FLIGHT': {
    status: 409, slug: 'idempotency-in-flight', title: { 'pt-BR': 'Requisição com esta chave ainda em andamento', en: 'A request with this key is in progress' },
    detail: fixed('Aguarde a primeira requisição terminar e repita.', 'Wait for the first request to finish, then retry.'),
  },
  'IDEMPOTENCY.KEY_INVALID': {
    status: 400, slug: 'idempotency-key-invalid', title: { 'pt-BR': 'Chave de idempotência inválida', en: 'Invalid idempotency key' },
    detail: fixed('Idempotency-Key deve ter de 1 a 255 caracteres ASCII visíveis.', 'Idempotency-Key must be 1–255 visible ASCII characters.'),
  },
  'RESOURCE.NOT_FOUND': {
    status: 404, slug: 'not-found', title: { 'pt-BR': 'Recurso não encontrado', en: 'Resource not found' },
    detail: fixed('Nada com este id na sua conta.', 'Nothing with this id in your account.'),
  },
  'RESOURCE.CONFLICT': {
    status: 409, slug: 'conflict', title: { 'pt-BR': 'Conflito com o estado atual', en: 'Conflict with the current state' },
    detail: fixed('O recurso mudou de estado; recarregue e tente de novo.', 'The resource changed state; reload and retry.'),
  },
  'RESOURCE.PRECONDITION_FAILED': {
    status: 412, slug: 'precondition-failed', title: { 'pt-BR': 'O recurso foi alterado por outra pessoa', en: 'The resource was changed by someone else' },
    detail: {
      'pt-BR': (p) => `If-Match não corresponde à revisão atual${p.revision !== undefined ? ` ("${p.revision}")` : ''}; recarregue e tente de novo.`,
      en: (p) => `If-Match does not match the current revision${p.revision !== undefined ? ` ("${p.revision}")` : ''}; reload and retry.`,
    },
  },
  'SERVICE.UNAVAILABLE': {
    status: 503, slug: 'service-unavailable', title: { 'pt-BR': 'Serviço indisponível', en: 'Service unavailable' },
    detail: fixed('Uma dependência está fora do ar; tente de novo em instantes.', 'A dependency is unavailable; retry in a moment.'),
  },
  'PROTOCOL.NOT_FOUND': {
    status: 404, slug: 'protocol-not-found', title: { 'pt-BR': 'Protocolo não encontrado', en: 'Protocol not found' },
    detail: fixed('Nenhum protocolo com este id entre os seus.', 'No protocol with this id among yours.'),
  },
  'PROTOCOL.VERSION_NOT_FOUND': {
    status: 404, slug: 'protocol-version-not-found', title: { 'pt-BR': 'Versão do protocolo não encontrada', en: 'Protocol version not found' },
    detail: fixed('O protocolo não tem esta versão de conteúdo.', 'The protocol has no such content version.'),
  },
  'PROTOCOL.ALREADY_ACTIVE': {
    status: 409, slug: 'protocol-already-active', title: { 'pt-BR': 'O protocolo já está ativo', en: 'The protocol is already active' },
    detail: fixed('Este protocolo já é o ativo do paciente.', "This protocol already is the patient's active one."),
  },
  'PROTOCOL.ARCHIVED': {
    status: 409, slug: 'protocol-archived', title: { 'pt-BR': 'Protocolo arquivado não pode ser alterado', en: 'An archived protocol cannot be changed' },
    detail: fixed('Um protocolo arquivado não pode ser editado, ativado nem arquivado de novo; crie um novo.', 'An archived protocol cannot be edited, activated or archived again; create a new one.'),
  },
  'PROTOCOL.ACTIVATION_CONFLICT': {
    status: 409, slug: 'protocol-activation-conflict', title: { 'pt-BR': 'Outro protocolo deste paciente foi ativado ao mesmo tempo', en: 'Another protocol of this patient was activated at the same time' },
    detail: fixed('Recarregue os protocolos do paciente e decida qual ativar.', "Reload the patient's protocols and decide which to activate."),
  },
  'TEMPLATE.NOT_FOUND': {
    status: 404, slug: 'template-not-found', title: { 'pt-BR': 'Modelo de protocolo não encontrado', en: 'Protocol template not found' },
    detail: fixed('Nenhum modelo com este id entre os seus.', 'No template with this id among yours.'),
  },
  'DAILY.TASK_NOT_FOUND': {
    status: 404, slug: 'daily-task-not-found', title: { 'pt-BR': 'Tarefa não encontrada', en: 'Task not found' },
    detail: fixed('Nenhuma tarefa sua com este id.', 'No task of yours with this id.'),
  },
  'DAILY.FUTURE_TASK': {
    status: 422, slug: 'daily-task-future-day', title: { 'pt-BR': 'Tarefa de um dia que ainda não chegou', en: 'Task of a day that has not come yet' },
    detail: { 'pt-BR': (p) => `A tarefa é do dia ${local(p.date)}; conclua-a nesse dia.`, en: (p) => `The task is for ${local(p.date)}; complete it on that day.` },
  },
  'DAILY.TASK_NOT_COMPLETABLE': {
    status: 422, slug: 'daily-task-not-completable', title: { 'pt-BR': 'A hidratação avança com os registros de água', en: 'Hydration progresses with water intake logs' },
    detail: fixed('Registre água em POST /v1/me/water-intake para avançar a hidratação.', 'Log water with POST /v1/me/water-intake to progress hydration.'),
  },
  'PATIENT.NOT_FOUND': {
    status: 404, slug: 'patient-not-found', title: { 'pt-BR': 'Paciente não encontrado', en: 'Patient not found' },
    detail: fixed('Nenhum paciente com este id na sua conta.', 'No patient with this id in your practice.'),
  },
  'PATIENT.HAS_LOGIN': {
    status: 409, slug: 'patient-has-login', title: { 'pt-BR': 'Paciente já possui acesso ao app', en: 'Patient already has a login' },
    detail: fixed('O paciente já aceitou um convite; não é preciso outro.', 'The patient already accepted an invite; no other is needed.'),
  },
  'PATIENT.NO_EMAIL': {
    status: 409, slug: 'patient-no-email', title: { 'pt-BR': 'Paciente sem e-mail cadastrado', en: 'Patient has no e-mail address' },
    detail: fixed('Cadastre o e-mail do paciente antes de convidá-lo.', "Add the patient's e-mail before inviting them."),
  },
  'PATIENT.INVALID_TRANSITION': {
    status: 409, slug: 'patient-invalid-transition', title: { 'pt-BR': 'Mudança de status não permitida', en: 'Status change not allowed' },
    detail: {
      'pt-BR': (p) => `Um paciente ${local(p.from)} não pode passar a ${local(p.to)} manualmente.`,
      en: (p) => `A ${local(p.from)} patient cannot be set to ${local(p.to)} by hand.`,
    },
  },
  'THREAD.NOT_FOUND': {
    status: 404, slug: 'thread-not-found', title: { 'pt-BR': 'Conversa não encontrada', en: 'Thread not found' },
    detail: fixed('Nenhuma conversa sua com este id.', 'No thread of yours with this id.'),
  },
  'THREAD.CONTEXT_NOT_FOUND': {
    status: 422, slug: 'thread-context-not-found', title: { 'pt-BR': 'Check-in ou protocolo não encontrado para este paciente', en: 'Check-in or protocol not found for this patient' },
    detail: fixed('O contexto indicado (contextId) não pertence a este paciente.', 'The given context (contextId) does not belong to this patient.'),
  },
  'THREAD.CONTEXT_NOT_ALLOWED': {
    status: 422, slug: 'thread-context-not-allowed', title: { 'pt-BR': 'O paciente só pode abrir a conversa geral', en: 'A patient may open only the general thread' },
    detail: fixed('Pacientes abrem apenas a conversa geral com seu profissional.', 'Patients open only the general thread with their professional.'),
  },
  'MESSAGE.NOT_FOUND': {
    status: 404, slug: 'message-not-found', title: { 'pt-BR': 'Mensagem não encontrada nesta conversa', en: 'Message not found in this thread' },
    detail: fixed('A mensagem indicada não está nesta conversa.', 'The given message is not in this thread.'),
  },
  'CHECKIN.NOT_FOUND': {
    status: 404, slug: 'checkin-not-found', title: { 'pt-BR': 'Check-in não encontrado', en: 'Check-in not found' },
    detail: fixed('Nenhum check-in seu com este id.', 'No check-in of yours with this id.'),
  },
  'CHECKIN.INVALID_RESPONSES': {
    status: 422, slug: 'checkin-invalid-responses', title: { 'pt-BR': 'Respostas do check-in inválidas', en: 'Invalid check-in responses' },
    detail: { 'pt-BR': (p) => `${p.count} resposta(s) não atendem ao formulário; veja errors[].`, en: (p) => `${p.count} answer(s) do not fit the form; see errors[].` },
  },
  'CHECKIN.FORM_VERSION_MISMATCH': {
    status: 409, slug: 'checkin-form-version-mismatch', title: { 'pt-BR': 'As respostas são de outra versão do formulário', en: 'The responses answer another version of the form' },
    detail: {
      'pt-BR': (p) => `Este check-in responde à versão ${p.expected} do formulário, não à ${p.received}; recarregue-o.`,
      en: (p) => `This check-in answers version ${p.expected} of the form, not ${p.received}; reload it.`,
    },
  },
  'CHECKIN.NOT_OPEN': {
    status: 409, slug: 'checkin-not-open', title: { 'pt-BR': 'O check-in ainda não está aberto', en: 'The check-in is not open yet' },
    detail: { 'pt-BR': (p) => `O check-in abre em ${local(p.opensAt)}.`, en: (p) => `The check-in opens at ${local(p.opensAt)}.` },
  },
  'CHECKIN.ALREADY_SUBMITTED': {
    status: 409, slug: 'checkin-already-submitted', title: { 'pt-BR': 'O check-in já foi respondido', en: 'The check-in was already submitted' },
    detail: fixed('Este check-in já tem respostas.', 'This check-in already has answers.'),
  },
  'CHECKIN.MISSED': {
    status: 409, slug: 'checkin-missed', title: { 'pt-BR': 'O prazo para responder este check-in terminou', en: 'The window to answer this check-in has closed' },
    detail: { 'pt-BR': (p) => `O prazo terminou em ${local(p.graceEndsAt)}.`, en: (p) => `The window closed at ${local(p.graceEndsAt)}.` },
  },
  'CHECKIN.NOT_SUBMITTED': {
    status: 409, slug: 'checkin-not-submitted', title: { 'pt-BR': 'Só um check-in respondido pode ser revisado', en: 'Only a submitted check-in can be reviewed' },
    detail: { 'pt-BR': (p) => `Um check-in ${local(p.status)} não tem respostas para revisar.`, en: (p) => `A ${local(p.status)} check-in has no answers to review.` },
  },
  'CHECKIN.ALREADY_REVIEWED': {
    status: 409, slug: 'checkin-already-reviewed', title: { 'pt-BR': 'O check-in já foi revisado', en: 'The check-in was already reviewed' },
    detail: fixed('Este check-in já tem uma revisão.', 'This check-in already has a review.'),
  },
  'CHECKIN.TOO_EARLY': {
    status: 409, slug: 'checkin-step-not-due', title: { 'pt-BR': 'Esta etapa do check-in ainda não chegou', en: 'This check-in step is not due yet' },
    detail: { 'pt-BR': (p) => `A etapa ${local(p.step)} vence em ${local(p.at)}.`, en: (p) => `Step ${local(p.step)} is due at ${local(p.at)}.` },
  },
  'CHECKIN.FORM_NOT_FOUND': {
    status: 404, slug: 'checkin-form-not-found', title: { 'pt-BR': 'Formulário de check-in não encontrado', en: 'Check-in form not found' },
    detail: fixed('Nenhum formulário de check-in com este id entre os seus.', 'No check-in form with this id among yours.'),
  },
  'CHECKIN.FORM_VERSION_NOT_FOUND': {
    status: 404, slug: 'checkin-form-version-not-found', title: { 'pt-BR': 'Versão do formulário não encontrada', en: 'Form version not found' },
    detail: { 'pt-BR': (p) => `O formulário não tem a versão ${p.contentVersion}.`, en: (p) => `The form has no version ${p.contentVersion}.` },
  },
  'MAILBOX.NOT_FOUND': {
    status: 404, slug: 'mailbox-not-found', title: { 'pt-BR': 'E-mail não encontrado', en: 'Mail not found' },
    detail: {
      'pt-BR': (p) => (p.why === 'absent' ? 'A caixa de e-mails local só existe com MAIL_DRIVER=local.' : 'Nenhum e-mail com este id na caixa local.'),
      en: (p) => (p.why === 'absent' ? 'The local mailbox exists only with MAIL_DRIVER=local.' : 'No mail with this id in the local mailbox.'),
    },
  },
  'AUTH.REAUTHENTICATION_REQUIRED': {
    status: 403, slug: 'reauthentication-required', title: { 'pt-BR': 'Confirme sua senha atual', en: 'Confirm your current password' },
    detail: fixed('Para mudar o e-mail ou a senha, envie também a senha atual em currentPassword.', 'To change the e-mail or the password, also send the current password in currentPassword.'),
  },
  'AUTH.CURRENT_PASSWORD_INVALID': {
    status: 403, slug: 'current-password-invalid', title: { 'pt-BR': 'Senha atual incorreta', en: 'Current password is wrong' },
    detail: fixed('A senha atual não confere; nada foi alterado.', 'The current password does not match; nothing was changed.'),
  },
  'CHECKIN.SCHEDULE_NOT_FOUND': {
    status: 404, slug: 'checkin-schedule-not-found', title: { 'pt-BR': 'Este paciente não tem agenda de check-ins', en: 'This patient has no check-in schedule' },
    detail: fixed('Defina a agenda com PUT /v1/patients/{patientId}/checkin-schedule.', 'Set one with PUT /v1/patients/{patientId}/checkin-schedule.'),
  },
  'UPLOAD.TYPE_NOT_ALLOWED': {
    status: 415, slug: 'upload-type-not-allowed', title: { 'pt-BR': 'Tipo de arquivo não aceito', en: 'File type not accepted' },
    detail: { 'pt-BR': (p) => `Para ${p.purpose}, envie: ${p.allowed}.`, en: (p) => `For ${p.purpose}, send: ${p.allowed}.` },
  },
  'UPLOAD.TOO_LARGE': {
    status: 413, slug: 'upload-too-large', title: { 'pt-BR': 'Arquivo grande demais', en: 'File too large' },
    detail: { 'pt-BR': (p) => `Para ${p.purpose}, o arquivo pode ter no máximo ${p.limit} bytes.`, en: (p) => `For ${p.purpose}, the file may have at most ${p.limit} bytes.` },
  },
  'UPLOAD.PURPOSE_NOT_ALLOWED': {
    status: 403, slug: 'upload-purpose-not-allowed', title: { 'pt-BR': 'Envio não permitido', en: 'Upload not allowed' },
    detail: { 'pt-BR': (p) => `O seu perfil não envia arquivos para ${p.purpose}.`, en: (p) => `Your role does not upload files for ${p.purpose}.` },
  },
  'UPLOAD.QUOTA_EXCEEDED': {
    status: 429, slug: 'upload-quota-exceeded', title: { 'pt-BR': 'Limite diário de envios atingido', en: 'Daily upload limit reached' },
    detail: { 'pt-BR': (p) => `Você pode pedir ${p.limit} envios por dia; tente após o tempo em Retry-After.`, en: (p) => `You may request ${p.limit} uploads a day; retry after the time in Retry-After.` },
  },
  'UPLOAD.NOT_FOUND': {
    status: 404, slug: 'upload-not-found', title: { 'pt-BR': 'Envio não encontrado', en: 'Upload not found' },
    detail: fixed('Nenhum envio com este id para este paciente e finalidade.', 'No upload with this id for this patient and purpose.'),
  },
  'UPLOAD.NOT_RECEIVED': {
    status: 409, slug: 'upload-not-received', title: { 'pt-BR': 'Arquivo ainda não recebido', en: 'File not received yet' },
    detail: fixed('Envie o arquivo para a URL do envio (PUT) antes de confirmar.', 'PUT the file to the upload URL before confirming.'),
  },
  'UPLOAD.ALREADY_CONFIRMED': {
    status: 409, slug: 'upload-already-confirmed', title: { 'pt-BR': 'Envio já confirmado', en: 'Upload already confirmed' },
    detail: fixed('Este envio já foi usado; peça um novo para outro arquivo.', 'This upload was already used; request a new one for another file.'),
  },
  'UPLOAD.CONTENT_MISMATCH': {
    status: 422, slug: 'upload-content-mismatch', title: { 'pt-BR': 'O conteúdo não é do tipo declarado', en: 'Content is not of the declared type' },
    detail: { 'pt-BR': (p) => `O arquivo não é ${p.declared}; ele foi descartado.`, en: (p) => `The file is not ${p.declared}; it was discarded.` },
  },
  'PHOTO.NOT_FOUND': {
    status: 404, slug: 'photo-not-found', title: { 'pt-BR': 'Foto não encontrada', en: 'Photo not found' },
    detail: fixed('Nenhuma foto com este id para este paciente.', 'No photo with this id for this patient.'),
  },
  'LAB_PANEL.NOT_FOUND': {
    status: 404, slug: 'lab-panel-not-found', title: { 'pt-BR': 'Exame não encontrado', en: 'Lab panel not found' },
    detail: fixed('Nenhum exame com este id para este paciente.', 'No lab panel with this id for this patient.'),
  },
  'PATIENT.ALREADY_ANONYMIZED': {
    status: 409, slug: 'patient-already-anonymized', title: { 'pt-BR': 'Paciente já anonimizado', en: 'Patient already anonymised' },
    detail: fixed('Os dados identificáveis deste paciente já foram removidos; a anonimização não se repete nem se desfaz.', "This patient's identifying data was already removed; anonymisation is neither repeated nor undone."),
  },
  'DATA_EXPORT.NOT_FOUND': {
    status: 404, slug: 'data-export-not-found', title: { 'pt-BR': 'Exportação não encontrada', en: 'Data export not found' },
    detail: fixed('Nenhuma exportação visível para você com este id (as exportações são apagadas 7 dias depois do pedido).', 'No export you may see with this id (exports are deleted 7 days after the request).'),
  },
  'DATA_EXPORT.SCOPE_NOT_ALLOWED': {
    status: 403, slug: 'data-export-scope-not-allowed', title: { 'pt-BR': 'Escopo de exportação não permitido', en: 'Export scope not allowed' },
    detail: fixed('Um paciente exporta apenas os próprios dados (scope patient).', 'A patient exports only its own data (scope patient).'),
  },
  'DATA_EXPORT.QUOTA_EXCEEDED': {
    status: 429, slug: 'data-export-quota-exceeded', title: { 'pt-BR': 'Limite diário de exportações atingido', en: 'Daily export limit reached' },
    detail: { 'pt-BR': (p) => `Você pode pedir ${p.limit} exportações por dia; tente após o tempo em Retry-After.`, en: (p) => `You may request ${p.limit} exports a day; retry after the time in Retry-After.` },
  },
  'BRANDING.LOW_CONTRAST': {
    status: 422, slug: 'branding-low-contrast', title: { 'pt-BR': 'Contraste de cores insuficiente', en: 'Colour contrast too low' },
    detail: {
      'pt-BR': (p) => `O texto ${p.foreground} sobre ${p.background} tem contraste ${p.ratio}:1; o mínimo (WCAG AA) é 4.5:1. Veja errors[].`,
      en: (p) => `Text ${p.foreground} on ${p.background} has a contrast of ${p.ratio}:1; the minimum (WCAG AA) is 4.5:1. See errors[].`,
    },
  },
  'SUBSCRIPTION.LIMIT_REACHED': {
    status: 409, slug: 'subscription-limit-reached', title: { 'pt-BR': 'Limite do plano atingido', en: 'Plan limit reached' },
    detail: {
      'pt-BR': (p) => `Seu plano permite ${p.limit} ${p.resource === 'storageBytes' ? 'bytes de arquivos' : 'pacientes ativos'} e você usa ${p.usage}. Arquive ou mude de plano.`,
      en: (p) => `Your plan allows ${p.limit} ${p.resource === 'storageBytes' ? 'bytes of files' : 'active patients'} and you use ${p.usage}. Archive or change plans.`,
    },
  },
  'SUBSCRIPTION.PAST_DUE': {
    status: 409, slug: 'subscription-past-due', title: { 'pt-BR': 'Pagamento pendente', en: 'Payment past due' },
    detail: {
      'pt-BR': (p) => `O pagamento da assinatura está pendente e o prazo de tolerância terminou em ${p.graceEndedAt}. A leitura continua liberada; regularize para voltar a crescer.`,
      en: (p) => `The subscription payment is past due and the grace period ended at ${p.graceEndedAt}. Reading still works; settle the payment to grow again.`,
    },
  },
  'BILLING.SIGNATURE_INVALID': {
    status: 400, slug: 'billing-signature-invalid', title: { 'pt-BR': 'Assinatura do webhook inválida', en: 'Invalid webhook signature' },
    detail: fixed('A assinatura Stripe-Signature não confere com o corpo recebido; nada foi gravado.', 'The Stripe-Signature header does not match the body received; nothing was stored.'),
  },
  'BILLING.PROVIDER_UNAVAILABLE': {
    status: 503, slug: 'billing-provider-unavailable', title: { 'pt-BR': 'Provedor de pagamentos indisponível', en: 'Billing provider unavailable' },
    detail: fixed('O provedor de pagamentos não respondeu a tempo. Tente de novo: a mesma operação será retomada sem duplicar nada.', 'The billing provider did not answer in time. Try again: the same operation resumes without duplicating anything.'),
  },
  'BILLING.QUOTA_EXCEEDED': {
    status: 429, slug: 'billing-quota-exceeded', title: { 'pt-BR': 'Limite diário de operações de cobrança', en: 'Daily billing operation limit reached' },
    detail: {
      'pt-BR': (p) => `No máximo ${p.limit} aberturas de checkout ou portal por dia. Tente mais tarde.`,
      en: (p) => `At most ${p.limit} checkout or portal sessions a day. Try later.`,
    },
  },
  'BILLING.NOT_SUBSCRIBED': {
    status: 409, slug: 'billing-not-subscribed', title: { 'pt-BR': 'Sem assinatura no provedor', en: 'No subscription at the provider' },
    detail: fixed('O portal de cobrança existe depois do primeiro checkout.', 'The billing portal exists after the first checkout.'),
  },
};

export const PROBLEM_BASE = 'https://korevitta.com.br/problems/';

export const INTERNAL_PROBLEM = {
  status: 500,
  slug: 'internal',
  title: { 'pt-BR': 'Erro interno', en: 'Internal error' } as Text,
  detail: { 'pt-BR': 'Algo deu errado do nosso lado; informe o requestId ao suporte.', en: 'Something went wrong on our side; give the requestId to support.' } as Text,
};
