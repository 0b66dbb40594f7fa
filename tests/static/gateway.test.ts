import { describe, expect, it } from 'vitest';
import {
  ACCESS_TOKEN_ALG,
  CLOCK_TOLERANCE_SECONDS,
  CORS_ALLOWED_HEADERS,
  CORS_EXPOSED_HEADERS,
  PROBLEM_BASE,
  PROBLEMS,
  buildOpenApiDocument,
  openApiPath,
  type OpenApiDocument,
} from '@korevitta/platform';
import { allFunctions } from '../../functions/index.ts';
import { bicepBlock, bicepCode, paramDefault, paramValue, readRepoFile } from '../support/infrastructure-files.ts';
import { OPERATION_CLASSES, assemblePolicy, attribute, elements, gatewayPublicOperations, operationList, withoutXmlComments, type PolicyInputs } from '../support/gateway-policy.ts';

/**
 * Issue 13: API Management validates our access tokens on every operation the OpenAPI document marks as
 * authenticated (a non-empty `security`), and on no public one. Everything here is derived from the document
 * that buildOpenApiDocument makes of the function table, the same one the build writes and the deploy imports,
 * so the checks follow the document as it changes.
 */
interface DocumentOperation { key: string; method: string; path: string; authenticated: boolean }

const documentOperations = (doc: OpenApiDocument): DocumentOperation[] =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, authenticated: (op?.security ?? []).length > 0 })),
  );

/** Public routes the document leaves out on purpose (the document itself, its reference page): not dev-only. */
const hiddenPublicRoutes = (): string[] =>
  allFunctions.filter((d) => d.kind === 'http' && d.hidden && !d.devOnly && d.auth === 'public').map((d) => (d.kind === 'http' ? `${d.method} ${openApiPath(d.route)}` : ''));

/** What is wrong between the document and the gateway's list of operations it lets past validate-jwt. */
function jwtCoverageProblems(ops: DocumentOperation[], gatewayPublic: Record<string, string>, hidden: string[]): string[] {
  const problems: string[] = [];
  const inDocument = new Map(ops.map((o) => [o.key, o]));
  for (const op of ops) {
    const listed = op.key in gatewayPublic;
    if (op.authenticated && listed) problems.push(`${op.key} is authenticated in the OpenAPI document, but the gateway lets it past validate-jwt`);
    if (!op.authenticated && !listed) problems.push(`${op.key} is public in the OpenAPI document, but the gateway would demand a token (add it to bicep/gateway/public-operations.json)`);
    if (!op.authenticated && listed && op.method !== 'GET' && !['credentials', 'webhook'].includes(gatewayPublic[op.key] ?? '')) {
      problems.push(`${op.key} is a public write: its class must be credentials (strict rate limit) or webhook`);
    }
  }
  for (const [key, cls] of Object.entries(gatewayPublic)) {
    if (!(OPERATION_CLASSES as readonly string[]).includes(cls)) problems.push(`${key} has an unknown class ${cls}`);
    if (inDocument.has(key)) continue;
    if (cls === 'document' && hidden.includes(key)) continue;
    if (cls === 'webhook') continue; // announced before its function lands; it lets nothing else past
    problems.push(`${key} is listed as public but no such public operation exists`);
  }
  for (const route of hidden) if (gatewayPublic[route] !== 'document') problems.push(`${route} is public but hidden from the document: list it as class document so the gateway serves it`);
  return problems;
}

const doc = buildOpenApiDocument(allFunctions, { version: 'test' });
const ops = documentOperations(doc);
const gatewayPublic = gatewayPublicOperations();
const main = readRepoFile('bicep/main.bicep');
const apiModule = readRepoFile('bicep/modules/api-management-api.bicep');
const inputs = (sku: PolicyInputs['sku']): PolicyInputs => ({
  sku,
  publicOperations: gatewayPublic,
  corsOrigins: ['https://app.korevitta.test', 'https://staging.korevitta.test'],
  issuer: 'https://apim-korevitta-test.azure-api.net',
  audience: 'korevitta-api',
  callsPerClient: 600,
  callsPerSubject: 300,
  credentialCallsPerClient: 20,
  backendId: 'korevitta-functions',
});
const policy = withoutXmlComments(assemblePolicy(inputs('BasicV2')));
const section = (xml: string, name: string) => elements(xml, name)[0] ?? '';
const tokenBranch = () => elements(policy, 'when').filter((w) => w.includes('<validate-jwt'));

describe('the gateway against the OpenAPI document', () => {
  it('when the document is compared with the gateway, then validate-jwt covers exactly its authenticated operations', () => {
    expect(ops.filter((o) => o.authenticated).length).toBeGreaterThan(10);
    expect(ops.filter((o) => !o.authenticated).length).toBeGreaterThan(3);
    expect(jwtCoverageProblems(ops, gatewayPublic, hiddenPublicRoutes())).toEqual([]);
  });

  it('when an authenticated operation is listed as public, or a public one is missing, then the check reports it', () => {
    const authenticated = ops.find((o) => o.authenticated);
    const open = ops.find((o) => !o.authenticated && o.method === 'POST');
    expect(authenticated && open).toBeTruthy();
    const widened = { ...gatewayPublic, [authenticated?.key ?? '']: 'probe' };
    expect(jwtCoverageProblems(ops, widened, hiddenPublicRoutes())).toEqual([`${authenticated?.key} is authenticated in the OpenAPI document, but the gateway lets it past validate-jwt`]);
    const narrowed = Object.fromEntries(Object.entries(gatewayPublic).filter(([k]) => k !== open?.key));
    expect(jwtCoverageProblems(ops, narrowed, hiddenPublicRoutes())).toEqual([`${open?.key} is public in the OpenAPI document, but the gateway would demand a token (add it to bicep/gateway/public-operations.json)`]);
  });

  it('when the assembled policy is read as the gateway gets it, then the only validate-jwt runs for every operation but the listed public ones', () => {
    expect(elements(policy, 'validate-jwt')).toHaveLength(1);
    expect(policy).not.toMatch(/__[A-Z_]+__/);
    const branches = tokenBranch();
    expect(branches).toHaveLength(1);
    const publicList = operationList(Object.keys(gatewayPublic));
    expect(attribute(branches[0] ?? '', 'condition')).toBe(`@(!"${publicList}".Contains((string)context.Variables["operation"]))`);
    const operationVariable = elements(policy, 'set-variable').find((e) => attribute(e, 'name') === 'operation');
    expect(attribute(operationVariable ?? '', 'value')).toBe('@("|" + context.Operation.Method + " " + context.Operation.UrlTemplate + "|")');
    // context.Operation.Method is the upper-case verb and UrlTemplate the document's path (see the next test).
    for (const op of ops) expect({ op: op.key, needsToken: !publicList.includes(`|${op.key}|`) }).toEqual({ op: op.key, needsToken: op.authenticated });
  });

  it('when the API is imported, then its URL templates are the document paths and no subscription key is asked for', () => {
    const api = bicepBlock(apiModule, /resource api 'Microsoft\.ApiManagement\/service\/apis@/);
    expect(api).toMatch(/path: ''/);
    expect(api).toMatch(/translateRequiredQueryParameters: 'query'/);
    expect(api).toMatch(/subscriptionRequired: false/);
    expect(api).toMatch(/format: 'openapi\+json'/);
    expect(api).toMatch(/value: string\(openApiDocument\)/);
    const policyResource = bicepBlock(apiModule, /resource apiPolicy 'Microsoft\.ApiManagement\/service\/apis\/policies@/);
    expect(policyResource).toMatch(/format: 'rawxml'/);
    expect(policyResource).toMatch(/value: policy\b/);
  });

  it('when validate-jwt is read, then it pins our algorithm, issuer and audience and finds our keys through the discovery document', () => {
    const jwt = section(policy, 'validate-jwt');
    expect(attribute(jwt, 'require-signed-tokens')).toBe('true');
    expect(attribute(jwt, 'require-expiration-time')).toBe('true');
    expect(Number(attribute(jwt, 'clock-skew'))).toBeLessThanOrEqual(CLOCK_TOLERANCE_SECONDS);
    expect(attribute(jwt, 'failed-validation-httpcode')).toBe('401');
    expect(attribute(jwt, 'token-value')).toContain(`.AsJwt()?.Algorithm == "${ACCESS_TOKEN_ALG}"`);
    expect(section(jwt, 'issuer')).toBe(`<issuer>${inputs('BasicV2').issuer}</issuer>`);
    expect(section(jwt, 'audience')).toBe('<audience>korevitta-api</audience>');
    expect(attribute(section(jwt, 'openid-config'), 'url')).toBe(`${inputs('BasicV2').issuer}/.well-known/openid-configuration`);
    const discovery = ops.find((o) => o.key === 'GET /.well-known/openid-configuration');
    expect(discovery?.authenticated).toBe(false);
    // The gateway's issuer and audience are the app's own settings.
    expect(bicepCode(main)).toMatch(/^\s+JWT_ISSUER: issuer$/m);
    expect(bicepCode(main)).toMatch(/^\s+jwtIssuer: issuer$/m);
    expect(bicepCode(main)).toMatch(/^\s+JWT_AUDIENCE: jwtAudience$/m);
    expect(bicepCode(main)).toMatch(/^\s+jwtAudience: jwtAudience$/m);
  });

  it('when the module fills the policy, then every placeholder of the gateway files is mapped, the public list from public-operations.json', () => {
    const code = bicepCode(apiModule);
    const files = ['api-policy.xml', 'rate-limit-per-client.xml', 'rate-limit-per-subject.xml'].map((f) => readRepoFile(`bicep/gateway/${f}`)).join('\n');
    const placeholders = [...new Set([...withoutXmlComments(files).matchAll(/__[A-Z_]+__/g)].map((m) => m[0]))];
    expect(placeholders.length).toBeGreaterThanOrEqual(10);
    for (const p of placeholders) expect({ p, mapped: code.includes(`'${p}'`) || new RegExp(`^\\s+${p}:`, 'm').test(code) }).toEqual({ p, mapped: true });
    expect(code).toMatch(/var publicOperations = loadJsonContent\('\.\.\/gateway\/public-operations\.json'\)\.operations/);
    expect(code).toMatch(/__PUBLIC_OPERATIONS__: publicOperationList/);
    expect(code).toMatch(/var publicOperationList = '\|\$\{join\(map\(items\(publicOperations\), op => op\.key\), '\|'\)\}\|'/);
    expect(code).toMatch(/__CREDENTIAL_OPERATIONS__: credentialOperationList/);
    expect(code).toMatch(/op\.value == 'credentials'/);
    expect(code).toMatch(/__WEBHOOK_OPERATIONS__: webhookOperationList/);
    expect(code).toMatch(/var webhookOperationList = .*op\.value == 'webhook'/);
  });

  it('when the billing provider calls the webhook, then the per-address limit does not apply to it (every other operation keeps it)', () => {
    const [client] = elements(policy, 'rate-limit-by-key');
    const guard = elements(policy, 'when').find((w) => w.includes(client ?? '<none>') && !w.includes('<validate-jwt'));
    const webhooks = operationList(Object.entries(gatewayPublic).filter(([, c]) => c === 'webhook').map(([k]) => k));
    expect(webhooks).toContain('|POST /v1/webhooks/billing|');
    expect(attribute(guard ?? '', 'condition')).toBe(`@(!"${webhooks}".Contains((string)context.Variables["operation"]))`);
  });

  it('when rate limits apply (BasicV2), then per client address everywhere, stricter on credential operations, and per token subject', () => {
    const limits = elements(policy, 'rate-limit-by-key');
    expect(limits).toHaveLength(3);
    for (const l of limits) {
      expect(attribute(l, 'renewal-period')).toBe('60');
      expect(attribute(l, 'retry-after-variable-name')).toBe('retryAfter');
    }
    const [client, credentials, subject] = limits;
    expect(attribute(client ?? '', 'counter-key')).toBe('@("client:" + context.Request.IpAddress)');
    expect(attribute(credentials ?? '', 'counter-key')).toBe('@("credentials:" + context.Request.IpAddress)');
    expect(attribute(subject ?? '', 'counter-key')).toBe('@("subject:" + ((Jwt)context.Variables["jwt"]).Subject)');
    expect(tokenBranch()[0]).toContain(subject);
    expect(tokenBranch()[0]).not.toContain(client);
    const credentialList = operationList(Object.entries(gatewayPublic).filter(([, c]) => c === 'credentials').map(([k]) => k));
    const strict = elements(policy, 'when').find((w) => w.includes(credentials ?? '<none>'));
    expect(attribute(strict ?? '', 'condition')).toBe(`@("${credentialList}".Contains((string)context.Variables["operation"]))`);
    const publicWrites = ops.filter((o) => !o.authenticated && o.method === 'POST' && gatewayPublic[o.key] !== 'webhook');
    expect(publicWrites.length).toBeGreaterThan(0);
    for (const op of publicWrites) expect(credentialList).toContain(`|${op.key}|`);
    expect(Number(attribute(credentials ?? '', 'calls'))).toBeLessThan(Number(attribute(client ?? '', 'calls')));
  });

  it('when the parameters set the limits, then the credential limit is the strictest in every environment', () => {
    const limitsOf = (read: (name: string) => string | null) => ({
      client: Number(read('gatewayCallsPerMinutePerClient')),
      subject: Number(read('gatewayCallsPerMinutePerSubject')),
      credentials: Number(read('gatewayCredentialCallsPerMinutePerClient')),
    });
    const sources = [limitsOf((n) => paramDefault(main, n)), ...['staging', 'production'].map((env) => limitsOf((n) => paramValue(readRepoFile(`bicep/parameters/${env}.bicepparam`), n) ?? paramDefault(main, n)))];
    for (const l of sources) {
      expect(l.credentials).toBeGreaterThan(0);
      expect(l.credentials).toBeLessThan(l.client);
      expect(l.credentials).toBeLessThan(l.subject);
    }
  });

  it('when the tier is Consumption (no rate-limit-by-key there), then the limits are left out and the rest of the policy stands', () => {
    const consumption = withoutXmlComments(assemblePolicy(inputs('Consumption')));
    expect(elements(consumption, 'rate-limit-by-key')).toEqual([]);
    expect(elements(consumption, 'validate-jwt')).toHaveLength(1);
    expect(consumption).not.toMatch(/__[A-Z_]+__/);
    expect(bicepCode(apiModule)).toMatch(/var withRateLimits = skuName != 'Consumption'/);
  });

  it('when the gateway refuses a request itself (401, 429), then it answers an RFC 9457 problem like the app, with Retry-After on 429', () => {
    const onError = section(policy, 'on-error');
    const branches = new Map(elements(onError, 'when').map((w) => [attribute(w, 'condition'), w]));
    for (const [status, code, header] of [[429, 'REQUEST.RATE_LIMITED', 'Retry-After'], [401, 'AUTH.UNAUTHENTICATED', 'WWW-Authenticate']] as const) {
      const branch = branches.get(`@(context.Response.StatusCode == ${status})`) ?? '';
      const reply = section(branch, 'return-response');
      const spec = PROBLEMS[code];
      expect(spec.status).toBe(status);
      expect(attribute(section(reply, 'set-status'), 'code')).toBe(String(status));
      const headers = new Map(elements(reply, 'set-header').map((h) => [attribute(h, 'name'), h]));
      expect(section(headers.get('Content-Type') ?? '', 'value')).toBe('<value>application/problem+json</value>');
      expect(headers.has(header)).toBe(true);
      const body = section(reply, 'set-body');
      expect(body).toContain(`new JProperty("type", "${PROBLEM_BASE}${spec.slug}")`);
      expect(body).toContain(`new JProperty("title", en ? "${spec.title.en}" : "${spec.title['pt-BR']}")`);
      expect(body).toContain(`new JProperty("status", ${status})`);
      expect(body).toContain(`new JProperty("code", "${code}")`);
      expect(body).toContain('new JProperty("requestId", context.RequestId.ToString())');
    }
    const retryAfter = elements(section(branches.get('@(context.Response.StatusCode == 429)') ?? '', 'return-response'), 'set-header').find((h) => attribute(h, 'name') === 'Retry-After') ?? '';
    expect(section(retryAfter, 'value')).toBe('<value>@(context.Variables.GetValueOrDefault("retryAfter", 60).ToString())</value>');
  });

  it('when CORS is read, then the gateway answers it from the app\'s allow-list and headers, also on its own refusals', () => {
    const inbound = section(policy, 'inbound');
    expect(inbound.replace(/\s+/g, ' ')).toMatch(/^<inbound> <base \/> <cors /);
    const cors = section(inbound, 'cors');
    expect(elements(cors, 'origin')).toEqual(inputs('BasicV2').corsOrigins.map((o) => `<origin>${o}</origin>`));
    const headersOf = (block: string) => elements(block, 'header').map((h) => h.replace(/<\/?header>/g, ''));
    expect(headersOf(section(cors, 'allowed-headers'))).toEqual([...CORS_ALLOWED_HEADERS]);
    expect(headersOf(section(cors, 'expose-headers'))).toEqual([...CORS_EXPOSED_HEADERS]);
    for (const reply of elements(section(policy, 'on-error'), 'return-response')) {
      const headers = elements(reply, 'set-header');
      const exposed = headers.find((h) => attribute(h, 'name') === 'Access-Control-Expose-Headers') ?? '';
      expect(section(exposed, 'value')).toBe(`<value>${CORS_EXPOSED_HEADERS.join(', ')}</value>`);
      const allowOrigin = headers.find((h) => attribute(h, 'name') === 'Access-Control-Allow-Origin') ?? '';
      expect(attribute(allowOrigin, 'exists-action')).toBe(`@("${operationList(inputs('BasicV2').corsOrigins)}".Contains("|" + context.Variables.GetValueOrDefault("origin", "") + "|") ? "override" : "delete")`);
    }
    // The app sees no Origin, so it never adds a second set of CORS headers.
    expect(inbound).toMatch(/<set-header name="Origin" exists-action="delete" \/>/);
    // One allow-list: the parameter that sets the app's CORS_ALLOWED_ORIGINS also feeds the gateway.
    expect(bicepCode(main)).toMatch(/^\s+CORS_ALLOWED_ORIGINS: join\(corsAllowedOrigins, ','\)$/m);
    expect(bicepCode(main)).toMatch(/^\s+corsAllowedOrigins: corsAllowedOrigins$/m);
  });

  it('when the request is forwarded, then X-Forwarded-For holds only the client address and TRUSTED_PROXY_HOPS counts the gateway and the app\'s front end', () => {
    const xff = elements(section(policy, 'inbound'), 'set-header').find((h) => attribute(h, 'name') === 'X-Forwarded-For') ?? '';
    expect(attribute(xff, 'exists-action')).toBe('override');
    expect(section(xff, 'value')).toBe('<value>@(context.Request.IpAddress)</value>');
    expect(paramDefault(main, 'trustedProxyHops')).toBe('2');
    expect(bicepCode(main)).toMatch(/^\s+TRUSTED_PROXY_HOPS: string\(trustedProxyHops\)$/m);
  });

  it('when any operation passes the gateway (the billing webhook included), then no policy reads, buffers or rewrites the request body', () => {
    expect(policy).not.toMatch(/context\.Request\.Body/);
    for (const transform of ['validate-content', 'json-to-xml', 'xml-to-json', 'find-and-replace', 'set-body', 'rewrite-uri']) {
      expect({ transform, inbound: elements(section(policy, 'inbound'), transform), backend: elements(section(policy, 'backend'), transform) }).toEqual({ transform, inbound: [], backend: [] });
    }
    // The only set-body elements build the gateway's own problem responses.
    expect(elements(policy, 'set-body')).toEqual(elements(policy, 'return-response').map((r) => section(r, 'set-body')));
    expect(elements(policy, 'set-body')).toHaveLength(2);
    expect(Object.entries(gatewayPublic).filter(([, c]) => c === 'webhook').map(([k]) => k)).toContain('POST /v1/webhooks/billing');
  });

  it('when the backend is called, then it presents the host key from a Key Vault named value, and the key is never in a template', () => {
    expect(elements(policy, 'set-backend-service').map((e) => attribute(e, 'backend-id'))).toEqual(['korevitta-functions']);
    const apim = bicepCode(readRepoFile('bicep/modules/api-management.bicep'));
    const namedValue = bicepBlock(apim, /resource functionHostKey 'Microsoft\.ApiManagement\/service\/namedValues@/);
    expect(namedValue).toMatch(/secret: true/);
    expect(namedValue).toMatch(/keyVault: \{\s+secretIdentifier: functionKeySecretUri\s+identityClientId: identityClientId/);
    expect(namedValue).not.toMatch(/\bvalue:/);
    const backend = bicepBlock(apim, /resource backend 'Microsoft\.ApiManagement\/service\/backends@/);
    expect(backend).toMatch(/'x-functions-key': \[\s+'\{\{\$\{functionHostKey\.name\}\}\}'/);
    const keyModule = bicepCode(readRepoFile('bicep/modules/function-gateway-key.bicep'));
    expect(bicepBlock(keyModule, /resource hostKey /)).not.toMatch(/\bvalue:/);
    expect(bicepBlock(keyModule, /resource gatewayReadsSecret /)).toMatch(/scope: secret\b/);
  });

  it('when public routes are hidden from the document (the document, its reference page), then the gateway adds them itself', () => {
    const documents = Object.entries(gatewayPublic).filter(([, c]) => c === 'document').map(([k]) => k).sort();
    expect(documents).toEqual(hiddenPublicRoutes().sort());
    expect(documents.length).toBeGreaterThan(0);
    expect(bicepCode(apiModule)).toMatch(/var documentOperations = filter\(items\(publicOperations\), op => op\.value == 'document'\)/);
  });
});
