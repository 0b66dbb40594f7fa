import { describe, expect, it } from 'vitest';
import { bicepCode, readRepoFile } from '../support/infrastructure-files.ts';
import { assemblePolicy, elements, gatewayPublicOperations, withoutXmlComments, type PolicyInputs } from '../support/gateway-policy.ts';

/**
 * ADR 0015: the app's general rate limits are off only where API Management enforces them (a tier with
 * rate-limit-by-key), on with the gateway's own quotas where it cannot (Consumption); and the gateway announces
 * its policies with the same RateLimit fields as the app.
 */
const main = bicepCode(readRepoFile('bicep/main.bicep'));
const inputs = (sku: PolicyInputs['sku']): PolicyInputs => ({
  sku, publicOperations: gatewayPublicOperations(), corsOrigins: ['https://app.korevitta.test'], issuer: 'https://apim.example.net',
  audience: 'korevitta-api', callsPerClient: 600, callsPerSubject: 300, credentialCallsPerClient: 20, backendId: 'korevitta-functions',
});

describe('general rate limits in the deployment', () => {
  it('when main.bicep sets the app settings, then the app quotas are 0 behind a rate-limiting gateway and the gateway quotas on Consumption', () => {
    expect(main).toContain("RATE_LIMIT_PER_ADDRESS: apiManagementSku == 'Consumption' ? string(gatewayCallsPerMinutePerClient) : '0'");
    expect(main).toContain("RATE_LIMIT_PER_USER: apiManagementSku == 'Consumption' ? string(gatewayCallsPerMinutePerSubject) : '0'");
    expect(main).toContain("RATE_LIMIT_WINDOW_SECONDS: '60'");
    // The module leaves the gateway's limits out exactly on Consumption: the same condition.
    expect(bicepCode(readRepoFile('bicep/modules/api-management-api.bicep'))).toContain("var withRateLimits = skuName != 'Consumption'");
  });

  it('when the gateway limits, then it records each quota and remaining count and sends them as RateLimit fields', () => {
    const policy = withoutXmlComments(assemblePolicy(inputs('BasicV2')));
    const limits = elements(policy, 'rate-limit-by-key');
    expect(limits.filter((l) => l.includes('remaining-calls-variable-name="remainingPerAddress"'))).toHaveLength(1);
    expect(limits.filter((l) => l.includes('remaining-calls-variable-name="remainingPerUser"'))).toHaveLength(1);
    expect(policy).toContain('<set-variable name="quotaPerAddress" value="600" />');
    expect(policy).toContain('<set-variable name="quotaPerUser" value="300" />');
    const outbound = elements(policy, 'outbound')[0] ?? '';
    const headers = elements(outbound, 'set-header').filter((h) => /name="RateLimit(-Policy)?"/.test(h));
    expect(headers).toHaveLength(2);
    expect(headers.join('\n')).toMatch(/"per-address\\";q=" \+ \(string\)context.Variables\["quotaPerAddress"\] \+ ";w=60"/);
    expect(headers.join('\n')).toMatch(/"per-address\\";r=" \+ context.Variables\["remainingPerAddress"\]/);
  });

  it('when the gateway cannot limit (Consumption), then it sets no variable the RateLimit fields read, so the app’s fields pass', () => {
    const policy = withoutXmlComments(assemblePolicy(inputs('Consumption')));
    expect(elements(policy, 'rate-limit-by-key')).toEqual([]);
    expect(policy).not.toContain('name="remainingPerAddress"');
    expect(policy).toContain('context.Variables.ContainsKey("remainingPerAddress")');
  });
});
