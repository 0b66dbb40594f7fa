/**
 * Log redaction: keys that name secrets, identities or health data are replaced wholesale; string values
 * are scanned for tokens and e-mail addresses. JSON encoding then escapes CR/LF and ANSI control bytes.
 */
const SENSITIVE_KEY = /pass(word)?|secret|token|authorization|cookie|api[-_]?key|sig(nature)?|e-?mail|^name$|display_?name|phone|cpf|birth|weight|height|body_?fat|biomarker|value|note|response|payload|body$/i;
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const SAS_SIG = /([?&]sig=)[^&\s]+/gi;
const BEARER = /(bearer\s+)[A-Za-z0-9._~+/=-]+/gi;
const ASSIGNED_SECRET = /\b(pass(?:word)?|pwd|secret|token|api[_-]?key|refresh[_-]?token|access[_-]?token)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^&\s,;]+)/gi;
const OPAQUE_TOKEN = /\b(rt|pr|iv)_[A-Za-z0-9_-]{20,}/g;

export const REDACTED = '[redacted]';

export function redactString(s: string): string {
  return s
    .replace(JWT, REDACTED)
    .replace(EMAIL, REDACTED)
    .replace(SAS_SIG, `$1${REDACTED}`)
    .replace(BEARER, `$1${REDACTED}`)
    .replace(ASSIGNED_SECRET, `$1$2${REDACTED}`)
    .replace(OPAQUE_TOKEN, REDACTED);
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return REDACTED;
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: redactString(value.message) };
  if (Array.isArray(value)) return value.slice(0, 50).map((x) => redact(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SENSITIVE_KEY.test(k) ? REDACTED : redact(v, depth + 1);
  }
  return out;
}
