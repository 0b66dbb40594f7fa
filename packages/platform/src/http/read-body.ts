import type { HttpRequest } from '@azure/functions';
import { ProblemError } from './problems.ts';

const MAX_JSON_DEPTH = 32;

/** Reads and parses a JSON body within the size limit; no body → undefined. */
export async function readJsonBody(req: HttpRequest, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) throw new ProblemError('REQUEST.TOO_LARGE', `limit is ${maxBytes} bytes`);
  const bytes = new Uint8Array(await req.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw new ProblemError('REQUEST.TOO_LARGE', `limit is ${maxBytes} bytes`);
  if (bytes.byteLength === 0) return undefined;
  const type = (req.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new ProblemError('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'send application/json');
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (nestingDepth(text) > MAX_JSON_DEPTH) {
    throw new ProblemError('REQUEST.VALIDATION', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProblemError('REQUEST.VALIDATION', 'body is not valid JSON');
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
