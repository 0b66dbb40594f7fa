import { describe, expect, it } from 'vitest';
import { allFunctions } from '../../functions/index.ts';
import { bicepBlock, bicepCode, paramDefault, paramValue, quotedStrings, readRepoFile, repoFiles } from '../support/infrastructure-files.ts';

/**
 * Issue 13: the Azure topology in bicep/ and the workflows that deploy it, checked as text because no Bicep
 * CLI is reachable on this machine (ci.yml compiles and lints every file on GitHub, and what-ifs staging).
 * The queues come from the function table, not from a list kept here.
 */
const main = readRepoFile('bicep/main.bicep');
const mainCode = bicepCode(main);
const bicepFiles = repoFiles('bicep', ['.bicep', '.bicepparam']);
const consumedQueues = [...new Set(allFunctions.flatMap((d) => (d.kind === 'queue' ? [d.queue] : [])))].sort();

/** Where a template hands out or expects a secret that an identity should replace. */
const KEY_PATTERNS: { what: string; pattern: RegExp }[] = [
  { what: 'a storage account key or connection string', pattern: /AccountKey=|DefaultEndpointsProtocol=|listKeys\(\)\.keys|\.keys\[0\]/ },
  { what: 'a Service Bus or Event Hubs SAS key', pattern: /SharedAccessKey|listKeys\([^)]*AuthorizationRules|RootManageSharedAccessKey/ },
  { what: 'a password parameter or property', pattern: /administratorLoginPassword|password\s*:|Password\s*:|@secure\(\)/ },
  { what: 'password authentication on the database', pattern: /passwordAuth: 'Enabled'|activeDirectoryAuth: 'Disabled'/ },
  { what: 'shared-key access on storage', pattern: /allowSharedKeyAccess: true/ },
  { what: 'local (SAS) auth on Service Bus', pattern: /disableLocalAuth: false/ },
  // Application Insights' connection string is the one exception: an ingestion endpoint and key that is not a
  // credential to any data (docs/OPERATIONS.md, known gaps: Entra-only ingestion).
  { what: 'a connection-string setting (use __fullyQualifiedNamespace / __accountName with an identity)', pattern: /^\s+(?!APPLICATIONINSIGHTS_CONNECTION_STRING|applicationInsightsConnectionString)[A-Za-z_]*(?:__connectionString|ConnectionString|_CONNECTION_STRING)\s*:/m },
  { what: 'AzureWebJobsStorage as a connection string', pattern: /^\s+AzureWebJobsStorage\s*:/m },
];

/** Every listKeys() in the templates: only the Functions host key, copied into Key Vault for the gateway. */
const listKeysCalls = (file: string, code: string) => [...code.matchAll(/(\w+)\.listKeys\(\)|listKeys\(/g)].map((m) => `${file}: ${m[0]}`);

describe('the Azure topology (bicep/)', () => {
  it('when the templates are listed, then every module main.bicep uses exists and every module is used', () => {
    const used = [...mainCode.matchAll(/module \w+ '(modules\/[^']+\.bicep)'/g)].map((m) => `bicep/${m[1]}`);
    const modules = bicepFiles.filter((f) => f.startsWith('bicep/modules/'));
    expect(new Set(used)).toEqual(new Set(modules));
  });

  it('when the app consumes a queue, then Service Bus declares it with peek-lock retries, dead-lettering and duplicate detection, and an alert watches its DLQ', () => {
    expect(consumedQueues.length).toBeGreaterThan(0);
    const declared = quotedStrings(bicepBlock(main, /^var queueNames = \[/m));
    for (const q of consumedQueues) expect({ q, declared: declared.includes(q) }).toEqual({ q, declared: true });
    expect(bicepBlock(main, /^module serviceBus /m)).toMatch(/queueNames: queueNames/);
    expect(bicepBlock(main, /^module alerts /m)).toMatch(/queueNames: queueNames/);

    const sb = bicepCode(readRepoFile('bicep/modules/service-bus.bicep'));
    const queue = bicepBlock(sb, /resource queues 'Microsoft\.ServiceBus\/namespaces\/queues@/);
    expect(queue).toMatch(/\[for queueName in queueNames: \{/);
    const maxDelivery = Number(/maxDeliveryCount: (\d+)/.exec(queue)?.[1]);
    expect(maxDelivery).toBeGreaterThanOrEqual(3);
    expect(maxDelivery).toBeLessThanOrEqual(10);
    expect(queue).toMatch(/deadLetteringOnMessageExpiration: true/);
    expect(queue).toMatch(/requiresDuplicateDetection: true/);
    expect(queue).toMatch(/lockDuration: 'PT\d+[MS]'/);
    expect(queue).toMatch(/requiresSession: false/);
    expect(sb).toMatch(/disableLocalAuth: true/);

    const alerts = bicepCode(readRepoFile('bicep/modules/alerts.bicep'));
    const dlq = bicepBlock(alerts, /resource deadLetterAlerts /);
    expect(dlq).toMatch(/\[for queueName in queueNames: \{/);
    expect(dlq).toMatch(/metricName: 'DeadletteredMessages'/);
    expect(dlq).toMatch(/threshold: 0\b/);
  });

  it('when any template or parameter file is read, then no key, connection string or password stands where an identity should', () => {
    const findings: string[] = [];
    for (const file of bicepFiles) {
      const code = bicepCode(readRepoFile(file));
      for (const { what, pattern } of KEY_PATTERNS) if (pattern.test(code)) findings.push(`${file}: ${what}`);
    }
    expect(findings).toEqual([]);
    const calls = bicepFiles.flatMap((f) => listKeysCalls(f, bicepCode(readRepoFile(f))));
    expect(calls).toEqual(['bicep/modules/function-gateway-key.bicep: host.listKeys()']);
    expect(bicepCode(readRepoFile('bicep/modules/function-gateway-key.bicep'))).toMatch(/resource host 'Microsoft\.Web\/sites\/host@[^']+' existing/);
  });

  it('when the key check meets a connection string, a storage key or a password, then it reports each', () => {
    const samples = [
      "  ServiceBusConnection: 'Endpoint=sb://x/;SharedAccessKeyName=a;SharedAccessKey=b'",
      "  AzureWebJobsStorage: 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=b'",
      "@secure()\nparam adminPassword string",
      "    passwordAuth: 'Enabled'",
      '  MY_DB_CONNECTION_STRING: url',
    ];
    for (const sample of samples) expect({ sample, caught: KEY_PATTERNS.some(({ pattern }) => pattern.test(sample)) }).toEqual({ sample, caught: true });
    expect(KEY_PATTERNS.some(({ pattern }) => pattern.test('  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString'))).toBe(false);
  });

  it('when the app is configured, then it signs in to PostgreSQL with its identity: Entra only on the server, no password in DATABASE_URL', () => {
    const pg = bicepCode(readRepoFile('bicep/modules/postgres.bicep'));
    expect(pg).toMatch(/activeDirectoryAuth: 'Enabled'/);
    expect(pg).toMatch(/passwordAuth: 'Disabled'/);
    expect(pg).not.toMatch(/administratorLogin/);
    const admin = bicepBlock(pg, /resource entraAdmin 'Microsoft\.DBforPostgreSQL\/flexibleServers\/administrators@/);
    expect(admin).toMatch(/principalType: 'ServicePrincipal'/);
    expect(bicepBlock(main, /^module postgres /m)).toMatch(/entraAdminObjectId: migrationIdentity\.outputs\.principalId/);
    expect(bicepBlock(main, /^module migrationIdentity /m)).toMatch(/federatedSubjects: githubSubjects/);
    expect(mainCode).toMatch(/^\s+DATABASE_AUTH: 'entra'$/m);
    const url = /^\s+DATABASE_URL: '([^']+)'$/m.exec(mainCode)?.[1] ?? '';
    expect(url).toMatch(/^postgres:\/\/\$\{postgresRuntimeLogin\}@\$\{postgres\.outputs\.fullyQualifiedDomainName\}:5432\/\$\{postgres\.outputs\.databaseName\}\?sslmode=require$/);
    // The identity the login maps to is the Function App's; the workflow passes it to db:runtime-login.
    expect(mainCode).toMatch(/^output functionAppPrincipalId string = identity\.outputs\.principalId$/m);
  });

  it('when blobs are stored, then uploads, photos and exports exist, exports go after 7 days and unconfirmed uploads after 1, and the app can mint user-delegation SAS', () => {
    expect(quotedStrings(bicepBlock(main, /^var dataContainerNames = \[/m))).toEqual(['uploads', 'photos', 'exports', 'documents']);
    const days = bicepBlock(main, /^var dataDeleteAfterDays = \{/m);
    expect(days).toMatch(/exports: 7\b/);
    expect(days).toMatch(/uploads: 1\b/);
    const dataStorage = bicepBlock(main, /^module dataStorage /m);
    expect(dataStorage).toMatch(/containerNames: dataContainerNames/);
    expect(dataStorage).toMatch(/deleteAfterDays: dataDeleteAfterDays/);
    const storage = bicepCode(readRepoFile('bicep/modules/storage.bicep'));
    const lifecycle = bicepBlock(storage, /resource lifecycle 'Microsoft\.Storage\/storageAccounts\/managementPolicies@/);
    expect(lifecycle).toMatch(/prefixMatch: \[\s+'\$\{rule\.key\}\/'/);
    for (const part of ['baseBlob', 'version', 'snapshot']) expect(lifecycle).toMatch(new RegExp(`${part}: \\{\\s+delete: \\{\\s+daysAfterCreationGreaterThan: rule\\.value`));
    expect(storage).toMatch(/allowSharedKeyAccess: false/);
    expect(storage).toMatch(/allowBlobPublicAccess: false/);

    const roles = bicepCode(readRepoFile('bicep/modules/role-assignments.bicep'));
    expect(roles).toMatch(/storageBlobDelegator: 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a'/);
    expect(bicepBlock(roles, /resource dataStorageDelegator /)).toMatch(/scope: dataStorage\b/);
    const contributor = bicepBlock(roles, /resource dataContainerContributor /);
    expect(contributor).toMatch(/scope: dataContainers\[i\]/);
    expect(contributor).toMatch(/roleIds\.storageBlobDataContributor/);
    expect(bicepBlock(main, /^module roleAssignments /m)).toMatch(/dataContainerNames: dataContainerNames/);
    expect(mainCode).toMatch(/^\s+BLOB_SERVICE_URL: dataStorage\.outputs\.blobEndpoint$/m);
  });

  it('when the Function App runs, then it is Node 22 in Bicep, in both environments and in the deploy workflows', () => {
    expect(paramDefault(main, 'nodeVersion')).toBe("'22'");
    for (const env of ['staging', 'production']) expect(paramValue(readRepoFile(`bicep/parameters/${env}.bicepparam`), 'nodeVersion')).toBe("'22'");
    const app = bicepCode(readRepoFile('bicep/modules/function-app.bicep'));
    expect(quotedStrings(bicepBlock(app, /@allowed\(\[/))).toEqual(['22']);
    expect(app).toMatch(/runtime: \{\s+name: 'node'\s+version: nodeVersion/);
    for (const wf of ['deploy.yml', 'deploy-environment.yml']) expect(readRepoFile(`.github/workflows/${wf}`)).toMatch(/node-version: '22'/);
    // CI still proves the code on Node 20 (this machine's) and 22.
    expect(readRepoFile('.github/workflows/ci.yml')).toMatch(/node: \['20', '22'\]/);
  });
});

describe('the workflows that check and deploy it', () => {
  const ci = readRepoFile('.github/workflows/ci.yml');
  const deploy = readRepoFile('.github/workflows/deploy-environment.yml');
  const steps = (workflow: string) => workflow.split(/\n\s+- (?=name:|uses:|run:)/);

  it('when CI runs, then it builds and lints every Bicep file and both parameter files, and what-ifs staging on pull requests', () => {
    expect(ci).toMatch(/find bicep -name '\*\.bicep'/);
    expect(ci).toMatch(/az bicep build --file "\$file"/);
    expect(ci).toMatch(/az bicep lint --file "\$file"/);
    expect(ci).toMatch(/for env in staging production; do\s+az bicep build-params/);
    const whatIf = ci.slice(ci.indexOf('\n  what-if:'));
    expect(whatIf).toMatch(/if: github\.event_name == 'pull_request'/);
    expect(whatIf).toMatch(/az deployment group what-if/);
    expect(whatIf).toMatch(/--parameters openApiDocument=@dist\/openapi\.json/);
    expect(whatIf.indexOf('npm run build')).toBeGreaterThan(0);
  });

  it('when an environment is deployed, then every deployment is preceded by a what-if of the same template', () => {
    const all = steps(deploy);
    const creates = all.map((s, i) => ({ s, i })).filter(({ s }) => /az deployment group create/.test(s));
    expect(creates.length).toBe(2);
    for (const { s, i } of creates) {
      const template = /--template-file (\S+)/.exec(s)?.[1];
      const previous = all.slice(0, i).reverse().find((p) => /az deployment group what-if/.test(p));
      expect({ template, whatIf: /--template-file (\S+)/.exec(previous ?? '')?.[1] }).toEqual({ template, whatIf: template });
    }
  });

  it('when an environment is deployed, then migrations sign in with an Entra token, the API is imported after the code, and readiness is checked through the gateway', () => {
    const order = (pattern: RegExp) => deploy.search(pattern);
    expect(deploy).toMatch(/az account get-access-token --resource-type oss-rdbms/);
    expect(deploy).not.toMatch(/secrets\.POSTGRES_ADMIN_PASSWORD|PGPASSWORD: \$\{\{ secrets/);
    expect(order(/npm run db:migrate/)).toBeLessThan(order(/npm run db:runtime-login -- --login "\$RUNTIME_LOGIN" --entra-object-id "\$FUNCTION_PRINCIPAL_ID"/));
    expect(order(/uses: Azure\/functions-action@v1/)).toBeLessThan(order(/--template-file bicep\/modules\/api-management-api\.bicep/));
    expect(order(/--template-file bicep\/modules\/api-management-api\.bicep/)).toBeLessThan(order(/"\$GATEWAY_URL\/health\/ready"/));
    expect(deploy).toMatch(/expect 401 "\$FUNCTION_URL\/v1\/me"/);
    for (const wf of ['ci.yml', 'deploy.yml', 'deploy-environment.yml']) {
      const secrets = [...readRepoFile(`.github/workflows/${wf}`).matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]);
      expect({ wf, secrets: secrets.filter((s) => !['GITHUB_TOKEN', 'GITLEAKS_LICENSE'].includes(s ?? '')) }).toEqual({ wf, secrets: [] });
    }
  });
});
