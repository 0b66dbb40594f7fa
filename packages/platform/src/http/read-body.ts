import type { HttpRequest } from '@azure/functions';
import type { FieldCode, FieldParams } from '@korevitta/domain';
import { ProblemError } from './problems.ts';

const MAX_JSON_DEPTH = 32;
/** Bytes that are not UTF-8 are refused, not silently replaced. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

const tooLarge = (limit: number) => new ProblemError('REQUEST.TOO_LARGE', { params: { limit } });
const bodyProblem = (code: FieldCode, params?: FieldParams) =>
  new ProblemError('REQUEST.VALIDATION', { fields: [{ pointer: '/body', code, ...(params ? { params } : {}) }] });

/** The body's exact bytes within the size limit (a signed webhook is verified over them). */
export async function readRawBody(req: HttpRequest, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = new Uint8Array(await req.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  return bytes;
}

/** Reads and parses a JSON body within the size limit; no body → undefined. */
export async function readJsonBody(req: HttpRequest, maxBytes: number): Promise<unknown> {
  const bytes = await readRawBody(req, maxBytes);
  if (bytes.byteLength === 0) return undefined;
  const type = (req.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new ProblemError('REQUEST.UNSUPPORTED_MEDIA_TYPE');
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw bodyProblem('invalid_character');
  }
  if (nestingDepth(text) > MAX_JSON_DEPTH) throw bodyProblem('too_deep', { max: MAX_JSON_DEPTH });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw bodyProblem('invalid_json');
  }
}

/** Maximum bracket depth outside strings, computed without parsing (so a deep body cannot blow the stack). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i += 1; // backslash escapes the next char
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) { depth += 1; if (depth > max) max = depth; }
    else if (c === 125 || c === 93) depth -= 1;
  }
  return max;
}
