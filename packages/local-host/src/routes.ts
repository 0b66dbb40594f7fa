import type { HttpFunctionDefinition } from '@korevitta/platform';

export interface CompiledRoute { def: HttpFunctionDefinition; pattern: RegExp; names: string[]; literalSegments: number }

/**
 * Azure route templates (`v1/patients/{patientId}`, `{id:guid}`, `{*rest}`) compiled to regular
 * expressions, most specific first, as the Functions host orders them.
 */
export function compileRoutes(defs: readonly HttpFunctionDefinition[]): CompiledRoute[] {
  return defs
    .map((def) => {
      const names: string[] = [];
      const segments = def.route.split('/').filter(Boolean);
      const source = segments
        .map((seg) => {
          const m = /^\{(\*)?([A-Za-z_][A-Za-z0-9_]*)(?::[^}?]+)?(\?)?\}$/.exec(seg);
          if (!m) return `/${seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
          names.push(m[2] ?? '');
          if (m[1]) return '(?:/(.*))?';
          return m[3] ? '(?:/([^/]+))?' : '/([^/]+)';
        })
        .join('');
      return { def, pattern: new RegExp(`^${source}/?$`, 'i'), names, literalSegments: segments.filter((s) => !s.startsWith('{')).length };
    })
    .sort((a, b) => b.literalSegments - a.literalSegments);
}

export type RouteMatch =
  | { kind: 'match'; def: HttpFunctionDefinition; params: Record<string, string> }
  | { kind: 'method_not_allowed'; allowed: string[] }
  | { kind: 'not_found' };

export function matchRoute(routes: readonly CompiledRoute[], method: string, pathname: string): RouteMatch {
  const allowed: string[] = [];
  for (const route of routes) {
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    if (route.def.method !== method) { allowed.push(route.def.method); continue; }
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      const raw = m[i + 1];
      if (raw !== undefined) params[name] = safeDecode(raw);
    });
    return { kind: 'match', def: route.def, params };
  }
  return allowed.length > 0 ? { kind: 'method_not_allowed', allowed } : { kind: 'not_found' };
}

function safeDecode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}
