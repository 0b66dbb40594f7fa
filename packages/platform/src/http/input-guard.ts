import { escapePointer, isAcceptableText, type FieldProblem } from '@korevitta/domain';

const MAX_PROBLEMS = 50;

/**
 * The one place every request passes before its schema: any string of the path, the query or the JSON
 * body (object keys included, at any depth, JSONB content too) holding NUL or another control character
 * (tab, LF and CR excepted) or an unpaired UTF-16 surrogate is refused with a 400 pointing at it. Postgres
 * refuses NUL in text and lone surrogates in JSONB; refusing them here means they can never reach a
 * statement as a 500. Single-line fields refuse tab and newlines too, in their schema (schema-kit.ts).
 */
export function findUnacceptableText(location: 'path' | 'query' | 'body', value: unknown): FieldProblem[] {
  const found: FieldProblem[] = [];
  walk(value, `/${location}`, found);
  return found;
}

/** The query string's names and values, each pointed at as `/query/{name}`. */
export function findUnacceptableQuery(query: URLSearchParams): FieldProblem[] {
  const found: FieldProblem[] = [];
  for (const [name, value] of query) {
    if (found.length >= MAX_PROBLEMS) break;
    if (!isAcceptableText(name) || !isAcceptableText(value)) found.push({ pointer: `/query/${escapePointer(printable(name))}`, code: 'invalid_character' });
  }
  return found;
}

function walk(value: unknown, pointer: string, found: FieldProblem[]): void {
  if (found.length >= MAX_PROBLEMS) return;
  if (typeof value === 'string') {
    if (!isAcceptableText(value)) found.push({ pointer, code: 'invalid_character' });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${pointer}/${i}`, found));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = `${pointer}/${escapePointer(printable(key))}`;
      if (!isAcceptableText(key)) found.push({ pointer: at, code: 'invalid_character' });
      else walk(item, at, found);
    }
  }
}

/** A key that is itself unacceptable is named with its bad characters replaced, so the pointer stays printable. */
function printable(key: string): string {
  // eslint-disable-next-line no-control-regex -- replacing control characters is the point
  return isAcceptableText(key) ? key : key.toWellFormed().replace(/[\u0000-\u001F\u007F-\u009F]/g, '\uFFFD');
}
