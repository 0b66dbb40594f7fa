import type { FieldCode, FieldParams, FieldProblem } from '@korevitta/domain';
import type { Locale } from './locale.ts';

/**
 * The text of every `errors[]` item, in the caller's language: one total map over the domain's field
 * codes (a missing code is a type error), so a field problem reads the same in every endpoint and a
 * client branches on `code`, never on the text.
 */
type Render = (p: FieldParams, where: string) => string;

const TYPE_NAMES: Record<string, Record<Locale, string>> = {
  string: { 'pt-BR': 'um texto', en: 'a string' },
  number: { 'pt-BR': 'um número', en: 'a number' },
  integer: { 'pt-BR': 'um número inteiro', en: 'a whole number' },
  boolean: { 'pt-BR': 'verdadeiro ou falso', en: 'true or false' },
  array: { 'pt-BR': 'uma lista', en: 'an array' },
  object: { 'pt-BR': 'um objeto', en: 'an object' },
  null: { 'pt-BR': 'nulo', en: 'null' },
  option: { 'pt-BR': 'a chave de uma opção', en: 'an option key' },
  options: { 'pt-BR': 'uma lista de chaves de opções', en: 'a list of option keys' },
  upload: { 'pt-BR': 'o id de um envio', en: 'an upload id' },
};

const FORMATS: Record<string, Record<Locale, string>> = {
  uuid: { 'pt-BR': 'deve ser um UUID', en: 'must be a UUID' },
  email: { 'pt-BR': 'deve ser um e-mail válido', en: 'must be a valid e-mail address' },
  date: { 'pt-BR': 'deve ser uma data AAAA-MM-DD que exista', en: 'must be an existing date YYYY-MM-DD' },
  time: { 'pt-BR': 'deve ser um horário HH:MM (00:00–23:59)', en: 'must be a time HH:MM (00:00–23:59)' },
  timestamp: { 'pt-BR': 'deve ser um instante ISO 8601, ex.: 2026-03-01T12:00:00Z', en: 'must be an ISO 8601 instant, e.g. 2026-03-01T12:00:00Z' },
  phone: { 'pt-BR': 'deve ser um telefone, ex.: +55 11 91234-5678', en: 'must be a phone number, e.g. +55 11 91234-5678' },
  timezone: { 'pt-BR': 'deve ser um fuso horário IANA, ex.: America/Sao_Paulo', en: 'must be an IANA time zone, e.g. America/Sao_Paulo' },
  token: { 'pt-BR': 'não é um token válido', en: 'is not a valid token' },
  cursor: { 'pt-BR': 'não é um cursor válido', en: 'is not a valid cursor' },
  slug: { 'pt-BR': 'deve ter 1–40 letras minúsculas, dígitos, hífens ou sublinhados', en: 'must be 1–40 lowercase letters, digits, dashes or underscores' },
  url: { 'pt-BR': 'deve ser uma URL', en: 'must be a URL' },
  hex_color: { 'pt-BR': 'deve ser uma cor #RRGGBB', en: 'must be a colour #RRGGBB' },
  version: { 'pt-BR': 'deve ser um número de versão (1, 2, …)', en: 'must be a version number (1, 2, …)' },
};

const unit = (p: FieldParams, locale: Locale): string => {
  const items = p.unit === 'items';
  if (locale === 'en') return items ? 'items' : 'characters';
  return items ? 'itens' : 'caracteres';
};
const typeName = (p: FieldParams, locale: Locale): string => TYPE_NAMES[String(p.expected)]?.[locale] ?? String(p.expected);
const isQuery = (where: string) => where.startsWith('/query');

const MESSAGES: Record<FieldCode, Record<Locale, Render>> = {
  required: { 'pt-BR': () => 'é obrigatório', en: () => 'is required' },
  unknown_field: {
    'pt-BR': (_p, w) => (isQuery(w) ? 'não é um parâmetro aceito' : 'não é um campo aceito'),
    en: (_p, w) => (isQuery(w) ? 'is not an accepted parameter' : 'is not an accepted field'),
  },
  invalid_type: { 'pt-BR': (p) => `deve ser ${typeName(p, 'pt-BR')}`, en: (p) => `must be ${typeName(p, 'en')}` },
  invalid_value: {
    'pt-BR': (p) => (p.values ? `deve ser um destes: ${p.values}` : 'não é um valor aceito'),
    en: (p) => (p.values ? `must be one of: ${p.values}` : 'is not an accepted value'),
  },
  invalid_format: {
    'pt-BR': (p) => FORMATS[String(p.format)]?.['pt-BR'] ?? 'tem um formato inválido',
    en: (p) => FORMATS[String(p.format)]?.en ?? 'has an invalid format',
  },
  invalid_character: {
    'pt-BR': () => 'contém um caractere de controle ou inválido',
    en: () => 'contains a control character or an invalid one',
  },
  not_integer: { 'pt-BR': () => 'deve ser um número inteiro', en: () => 'must be a whole number' },
  too_short: {
    'pt-BR': (p) => (Number(p.min ?? p.limit) === 1 && p.unit !== 'items' ? 'não pode ficar em branco' : `deve ter pelo menos ${p.min ?? p.limit} ${unit(p, 'pt-BR')}`),
    en: (p) => (Number(p.min ?? p.limit) === 1 && p.unit !== 'items' ? 'must not be blank' : `must have at least ${p.min ?? p.limit} ${unit(p, 'en')}`),
  },
  too_long: {
    'pt-BR': (p) => `deve ter no máximo ${p.max ?? p.limit} ${unit(p, 'pt-BR')}`,
    en: (p) => `must have at most ${p.max ?? p.limit} ${unit(p, 'en')}`,
  },
  too_small: {
    'pt-BR': (p) => (p.exclusive ? `deve ser maior que ${p.min}` : `deve ser no mínimo ${p.min ?? p.limit}`),
    en: (p) => (p.exclusive ? `must be greater than ${p.min}` : `must be at least ${p.min ?? p.limit}`),
  },
  too_large: {
    'pt-BR': (p) => (p.exclusive ? `deve ser menor que ${p.max}` : `deve ser no máximo ${p.max ?? p.limit}`),
    en: (p) => (p.exclusive ? `must be less than ${p.max}` : `must be at most ${p.max ?? p.limit}`),
  },
  duplicate_parameter: { 'pt-BR': () => 'deve ser informado uma única vez', en: () => 'must be given once' },
  duplicate_values: { 'pt-BR': () => 'não pode repetir valores', en: () => 'must not repeat values' },
  invalid_json: { 'pt-BR': () => 'não é um JSON válido', en: () => 'is not valid JSON' },
  too_deep: { 'pt-BR': (p) => `aninha mais de ${p.max} níveis`, en: (p) => `nests deeper than ${p.max} levels` },
  invalid_cursor: { 'pt-BR': () => 'não é um cursor válido para esta lista', en: () => 'is not a valid cursor for this list' },
  empty_update: { 'pt-BR': () => 'informe ao menos um campo para alterar', en: () => 'send at least one field to change' },
  must_be_absent: { 'pt-BR': () => 'deve ser omitido neste caso', en: () => 'must be absent in this case' },
  must_be_past: { 'pt-BR': () => 'deve ser uma data passada', en: () => 'must be a past date' },
  in_future: { 'pt-BR': () => 'não pode estar no futuro', en: () => 'must not be in the future' },
  too_old: { 'pt-BR': (p) => `deve estar nos últimos ${p.days} dias`, en: (p) => `must be within the last ${p.days} days` },
  range_inverted: { 'pt-BR': () => 'o início não pode ser depois do fim', en: () => 'the start must not be after the end' },
  range_too_long: { 'pt-BR': (p) => `o intervalo pode ter no máximo ${p.days} dias`, en: (p) => `the range spans at most ${p.days} days` },
  min_exceeds_max: { 'pt-BR': () => 'min não pode ser maior que max', en: () => 'min must not exceed max' },
  labels_incomplete: { 'pt-BR': () => 'os rótulos devem nomear cada ponto da escala', en: () => 'labels must name every point of the scale' },
  invite_needs_email: { 'pt-BR': () => 'precisa de um e-mail para enviar o convite', en: () => 'needs an e-mail to send the invite to' },
  grace_too_long: { 'pt-BR': () => 'deve ser menor que o intervalo entre dois check-ins', en: () => 'must be shorter than the period between two check-ins' },
  every_days_custom_only: { 'pt-BR': () => 'é obrigatório na cadência custom, e só nela', en: () => 'is required for the custom cadence, and only for it' },
  protocol_needs_component: { 'pt-BR': () => 'um protocolo precisa de ao menos um componente', en: () => 'a protocol needs at least one component' },
  unknown_option: { 'pt-BR': (p) => `não é uma das opções: ${p.values}`, en: (p) => `is not one of the options: ${p.values}` },
  out_of_range: {
    'pt-BR': (p) => `deve estar entre ${p.min} e ${p.max}${p.unit ? ` ${p.unit}` : ''}`,
    en: (p) => `must be between ${p.min} and ${p.max}${p.unit ? ` ${p.unit}` : ''}`,
  },
  too_common: { 'pt-BR': () => 'está entre as senhas mais comuns', en: () => 'is among the most common passwords' },
  contains_email: { 'pt-BR': () => 'não pode conter o e-mail', en: () => 'must not contain the e-mail address' },
};

/** One field-level problem of a response (RFC 9457 extension member `errors`). */
export interface FieldError { pointer: string; code: FieldCode; detail: string }

export function renderFieldProblem(problem: FieldProblem, locale: Locale): FieldError {
  return { pointer: printablePointer(problem.pointer), code: problem.code, detail: MESSAGES[problem.code][locale](problem.params ?? {}, problem.pointer) };
}

/** The most a pointer carries (the document's `errors[].pointer` maxLength). */
export const MAX_POINTER_LENGTH = 1000;

/**
 * A pointer names what the client sent, and a client may send any name (`?q%0A=`, a 2,000-character key):
 * control characters are shown as U+FFFD and a pointer longer than the document allows is cut, ending in
 * `…`, so the problem stays within its documented shape (found by the schema fuzzer, TEST-CATALOG 27).
 */
export function printablePointer(pointer: string): string {
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  const plain = pointer.toWellFormed().replace(/[\u0000-\u001F\u007F-\u009F]/g, '\uFFFD');
  return plain.length <= MAX_POINTER_LENGTH ? plain : `${plain.slice(0, MAX_POINTER_LENGTH - 1).toWellFormed()}…`;
}
