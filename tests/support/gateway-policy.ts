import { readRepoFile } from './infrastructure-files.ts';

/**
 * The API Management policy as bicep/modules/api-management-api.bicep assembles it: the same files, the same
 * placeholders, the same values. tests/static/gateway.test.ts checks that the module really does these
 * replacements, then reads the result as the gateway would get it.
 */
export type OperationClass = 'probe' | 'discovery' | 'document' | 'credentials' | 'webhook';
export const OPERATION_CLASSES: readonly OperationClass[] = ['probe', 'discovery', 'document', 'credentials', 'webhook'];

export function gatewayPublicOperations(): Record<string, string> {
  const json: unknown = JSON.parse(readRepoFile('bicep/gateway/public-operations.json'));
  const operations = typeof json === 'object' && json !== null && 'operations' in json ? json.operations : undefined;
  if (typeof operations !== 'object' || operations === null) throw new Error('public-operations.json has no "operations" object');
  return Object.fromEntries(Object.entries(operations).map(([k, v]) => [k, String(v)]));
}

/** `|GET /health|POST /v1/auth/login|...|`, the string the policy's Contains() checks against. */
export const operationList = (keys: string[]): string => `|${keys.join('|')}|`;

export interface PolicyInputs {
  sku: 'Consumption' | 'BasicV2';
  publicOperations: Record<string, string>;
  corsOrigins: string[];
  issuer: string;
  audience: string;
  callsPerClient: number;
  callsPerSubject: number;
  credentialCallsPerClient: number;
  backendId: string;
}

export function assemblePolicy(p: PolicyInputs): string {
  const withRateLimits = p.sku !== 'Consumption';
  const perClient = withRateLimits
    ? readRepoFile('bicep/gateway/rate-limit-per-client.xml').replaceAll('__CALLS_PER_CLIENT__', String(p.callsPerClient)).replaceAll('__CREDENTIAL_CALLS_PER_CLIENT__', String(p.credentialCallsPerClient))
    : '';
  const perSubject = withRateLimits ? readRepoFile('bicep/gateway/rate-limit-per-subject.xml').replaceAll('__CALLS_PER_SUBJECT__', String(p.callsPerSubject)) : '';
  const issuerBase = p.issuer.endsWith('/') ? p.issuer.slice(0, -1) : p.issuer;
  const values: Record<string, string> = {
    __CORS_ORIGINS__: p.corsOrigins.map((o) => `<origin>${o}</origin>`).join(''),
    __CORS_ORIGIN_LIST__: operationList(p.corsOrigins),
    __PUBLIC_OPERATIONS__: operationList(Object.keys(p.publicOperations)),
    __CREDENTIAL_OPERATIONS__: operationList(Object.entries(p.publicOperations).filter(([, c]) => c === 'credentials').map(([k]) => k)),
    __WEBHOOK_OPERATIONS__: operationList(Object.entries(p.publicOperations).filter(([, c]) => c === 'webhook').map(([k]) => k)),
    __OPENID_CONFIGURATION_URL__: `${issuerBase}/.well-known/openid-configuration`,
    __JWT_ISSUER__: p.issuer,
    __JWT_AUDIENCE__: p.audience,
    __BACKEND_ID__: p.backendId,
  };
  let policy = readRepoFile('bicep/gateway/api-policy.xml').replace('__RATE_LIMIT_PER_CLIENT__', perClient).replace('__RATE_LIMIT_PER_SUBJECT__', perSubject);
  for (const [placeholder, value] of Object.entries(values)) policy = policy.replaceAll(placeholder, value);
  return policy;
}

/** The XML without comments (the policy's own explanations must not satisfy or fail a check). */
export const withoutXmlComments = (xml: string): string => xml.replace(/<!--[\s\S]*?-->/g, '');

/** Each `<tag ...>...</tag>` (or self-closing) element with that name, outermost first. */
export function elements(xml: string, tag: string): string[] {
  const found: string[] = [];
  const open = new RegExp(`<${tag}(\\s[^>]*?)?(/?)>`, 'g');
  for (let m = open.exec(xml); m; m = open.exec(xml)) {
    if (m[2] === '/') { found.push(m[0]); continue; }
    const close = xml.indexOf(`</${tag}>`, m.index);
    found.push(xml.slice(m.index, close < 0 ? undefined : close + tag.length + 3));
  }
  return found;
}

/** The value of an attribute on the first element with that name (the policy's expressions may hold `"`). */
export function attribute(element: string, name: string): string | null {
  const start = element.indexOf(` ${name}="`);
  if (start < 0) return null;
  const from = start + name.length + 3;
  // An expression attribute ends at `)"` or `}"`; a plain one at the next quote.
  if (element[from] === '@') {
    const end = element.slice(from).search(/[)}]"(\s|\/?>)/);
    return end < 0 ? null : element.slice(from, from + end + 1);
  }
  return element.slice(from, element.indexOf('"', from));
}
