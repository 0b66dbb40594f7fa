import { STRONG_PASSWORD } from './factories.ts';

/** Patterns that must never appear in a log line (TEST-CATALOG 44). */
const LEAKS: [string, RegExp][] = [
  ['jwt', /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\./],
  ['opaque token', /\b(rt|pr|iv)_[A-Za-z0-9_-]{20,}/],
  ['e-mail address', /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/],
  ['SAS signature', /[?&]sig=(?!\[redacted\])/i],
  // eslint-disable-next-line no-control-regex -- detecting raw control bytes is the point
  ['raw control character', /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u001b]/],
];

/** Keys whose string values a test sends are secrets or health texts: none may reach a log line (44). */
const SENSITIVE_KEY = /password|^(notes?|reviewNotes|text|answers?|responses?)$/i;

/** The sensitive strings of one request body (values under SENSITIVE_KEY at any depth), for findLogLeaks. */
export function sensitiveStringsOf(body: unknown, underSensitive = false, out: Set<string> = new Set(), depth = 0): Set<string> {
  // Tests send bodies nested 10,000 deep on purpose: no real field sits that deep, and recursion must not overflow.
  if (depth > 64) return out;
  if (typeof body === 'string') {
    if (underSensitive && body.length >= 8) out.add(body);
  } else if (Array.isArray(body)) {
    for (const item of body) sensitiveStringsOf(item, underSensitive, out, depth + 1);
  } else if (body !== null && typeof body === 'object') {
    for (const [key, value] of Object.entries(body)) sensitiveStringsOf(value, underSensitive || SENSITIVE_KEY.test(key), out, depth + 1);
  }
  return out;
}

/** Returns a description of each leaking line; `secrets` adds literal values the test knows (passwords). */
export function findLogLeaks(lines: readonly string[], secrets: readonly string[] = []): string[] {
  const literals = [STRONG_PASSWORD, ...secrets].filter((s) => s.length >= 6);
  const found: string[] = [];
  lines.forEach((line, i) => {
    for (const [name, re] of LEAKS) if (re.test(line)) found.push(`line ${i}: ${name}`);
    for (const literal of literals) if (line.includes(literal)) found.push(`line ${i}: known secret`);
  });
  return found;
}
