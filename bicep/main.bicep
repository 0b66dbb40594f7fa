// KoreVitta: one resource group per environment (staging, production).
//   az deployment group create -g <rg> -f bicep/main.bicep -p bicep/parameters/<env>.bicepparam
//     [-p openApiDocument=@dist/openapi.json]   (also imports the API into API Management)
// See docs/OPERATIONS.md for the topology, the first deployment and the deploy workflow.
targetScope = 'resourceGroup'

@description('Deployment environment. Both run APP_ENV=production; staging is smaller and has no HA.')
@allowed([
  'staging'
  'production'
])
param environmentName string

param location string = resourceGroup().location

@minLength(2)
@maxLength(10)
param namePrefix string = 'korevitta'

param tags object = {}

// ---- Function App ----------------------------------------------------------------------------------

@description('Node.js major version of the Functions runtime. Production runs 22: Node 20 is out of support on Azure Functions (the code stays valid on 20, which CI also tests).')
@allowed([
  '22'
])
param nodeVersion string = '22'

@description('Always-ready instances for the HTTP function group: at least 1, so the API has no cold start.')
@minValue(1)
param httpAlwaysReadyInstances int = 1

@description('Scale-out ceiling. With DB_POOL_MAX it bounds database connections: instances × pool.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@allowed([
  2048
  4096
])
param instanceMemoryMB int = 2048

// ---- Service configuration (packages/platform/src/config.ts) -----------------------------------------

@description('JWT issuer (iss): the public base URL of the API, which is the gateway. Empty: the gateway\'s own URL (https://<apim>.azure-api.net); set it to the custom domain once one is bound to API Management.')
param jwtIssuer string = ''

param jwtAudience string = 'korevitta-api'

@description('Browser origins allowed by the API CORS allow-list and by the data storage account CORS.')
param corsAllowedOrigins array

param publicAppUrl string
param mailFrom string = 'KoreVitta <no-reply@korevitta.com.br>'

@description('Connections per instance. Keep maximumInstanceCount × dbPoolMax under max_connections.')
@minValue(1)
@maxValue(100)
param dbPoolMax int = 5

param dbStatementTimeoutMs int = 15000

@description('X-Forwarded-For entries written by trusted hops: API Management sets the header to the client address, and the Function App front end appends the gateway\'s address after it.')
@minValue(0)
@maxValue(5)
param trustedProxyHops int = 2

@allowed([
  'debug'
  'info'
  'warn'
  'error'
])
param logLevel string = 'info'

// ---- PostgreSQL -------------------------------------------------------------------------------------

@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string
param postgresSkuName string
param postgresStorageSizeGB int = 64
param postgresHighAvailability bool
@minValue(7)
@maxValue(35)
param postgresBackupRetentionDays int
param postgresGeoRedundantBackup bool = false
param postgresDatabaseName string = 'korevitta'

@description('The app\'s database login, mapped to the Function App identity by `npm run db:runtime-login` (ADR 0010).')
param postgresRuntimeLogin string = 'korevitta_api'

@description('owner/repository on GitHub: its deploy workflow signs in as the migration identity (federated credential for the environment). In GitHub Actions the parameter files read GITHUB_REPOSITORY.')
param githubRepository string = ''

// ---- API Management (the gateway) -------------------------------------------------------------------

@description('Consumption: pay per call, but no rate-limit-by-key (the rate limits are then left out). BasicV2: SLA, rate limits, resource logs.')
@allowed([
  'Consumption'
  'BasicV2'
])
param apiManagementSku string = 'BasicV2'
param apiManagementPublisherEmail string
param apiManagementPublisherName string = 'KoreVitta'

@description('Gateway rate limits per minute: per client address (every operation), per token subject (authenticated operations), and per client address on operations that take credentials (stricter, seed §8.3).')
@minValue(1)
param gatewayCallsPerMinutePerClient int = 600
@minValue(1)
param gatewayCallsPerMinutePerSubject int = 300
@minValue(1)
param gatewayCredentialCallsPerMinutePerClient int = 20

@description('The OpenAPI document the build writes (dist/openapi.json). Given, this deployment also imports the API; the deploy workflow imports it after the function package instead (modules/api-management-api.bicep).')
param openApiDocument object = {}

// ---- Network, storage, monitoring ------------------------------------------------------------------

param vnetAddressPrefix string = '10.40.0.0/16'
param functionsSubnetPrefix string = '10.40.0.0/24'
param privateEndpointsSubnetPrefix string = '10.40.1.0/26'

@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param dataStorageSku string = 'Standard_ZRS'

@minValue(1)
@maxValue(365)
param blobDeleteRetentionDays int = 14

@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

param alertEmailAddresses array = []
param queueBacklogThreshold int = 1000

// ---- Names ------------------------------------------------------------------------------------------

var envCode = environmentName == 'production' ? 'prd' : 'stg'
var suffix = take(uniqueString(subscription().id, resourceGroup().id, namePrefix), 6)
var baseName = '${namePrefix}-${envCode}'
var compactPrefix = toLower(replace(namePrefix, '-', ''))
var allTags = union(tags, {
  application: 'korevitta'
  environment: environmentName
})
var queueNames = [
  'critical'
  'default'
  'bulk'
]
var deploymentContainerName = 'app-package'
// Application blobs (the blob adapter reads BLOB_SERVICE_URL and uses these containers).
var dataContainerNames = [
  'uploads'
  'photos'
  'exports'
]
// LGPD exports are kept 7 days; an upload not confirmed (moved to photos) within a day is removed.
var dataDeleteAfterDays = {
  exports: 7
  uploads: 1
}
var apimName = 'apim-${baseName}-${suffix}'
var issuer = empty(jwtIssuer) ? 'https://${apimName}.azure-api.net' : jwtIssuer
var githubSubjects = empty(githubRepository) ? [] : [
  'repo:${githubRepository}:environment:${environmentName}'
]

// ---- Resources --------------------------------------------------------------------------------------

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-${baseName}'
    applicationInsightsName: 'appi-${baseName}'
    location: location
    tags: allTags
    retentionInDays: logRetentionDays
  }
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${baseName}-func'
    location: location
    tags: allTags
  }
}

// The database's Entra administrator: runs migrations and db:runtime-login from the deploy workflow.
module migrationIdentity 'modules/identity.bicep' = {
  name: 'migration-identity'
  params: {
    name: 'id-${baseName}-migrate'
    location: location
    tags: allTags
    federatedSubjects: githubSubjects
  }
}

module gatewayIdentity 'modules/identity.bicep' = {
  name: 'gateway-identity'
  params: {
    name: 'id-${baseName}-apim'
    location: location
    tags: allTags
  }
}

module network 'modules/network.bicep' = {
  name: 'network'
  params: {
    name: 'vnet-${baseName}'
    location: location
    tags: allTags
    addressPrefix: vnetAddressPrefix
    functionsSubnetPrefix: functionsSubnetPrefix
    privateEndpointsSubnetPrefix: privateEndpointsSubnetPrefix
  }
}

module hostStorage 'modules/storage.bicep' = {
  name: 'host-storage'
  params: {
    name: take('st${compactPrefix}${envCode}host${suffix}', 24)
    location: location
    tags: allTags
    skuName: 'Standard_LRS'
    containerNames: [
      deploymentContainerName
    ]
  }
}

module dataStorage 'modules/storage.bicep' = {
  name: 'data-storage'
  params: {
    name: take('st${compactPrefix}${envCode}data${suffix}', 24)
    location: location
    tags: allTags
    skuName: dataStorageSku
    containerNames: dataContainerNames
    corsAllowedOrigins: corsAllowedOrigins
    deleteRetentionDays: blobDeleteRetentionDays
    enableVersioning: true
    deleteAfterDays: dataDeleteAfterDays
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: {
    name: take('kv-${compactPrefix}-${envCode}-${suffix}', 24)
    location: location
    tags: allTags
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  name: 'service-bus'
  params: {
    name: 'sb-${baseName}-${suffix}'
    location: location
    tags: allTags
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    queueNames: queueNames
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    name: 'psql-${baseName}-${suffix}'
    location: location
    tags: allTags
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    skuTier: postgresSkuTier
    skuName: postgresSkuName
    storageSizeGB: postgresStorageSizeGB
    highAvailability: postgresHighAvailability
    backupRetentionDays: postgresBackupRetentionDays
    geoRedundantBackup: postgresGeoRedundantBackup
    entraAdminObjectId: migrationIdentity.outputs.principalId
    entraAdminName: migrationIdentity.outputs.name
    databaseName: postgresDatabaseName
    privateEndpointSubnetId: network.outputs.privateEndpointsSubnetId
    privateDnsZoneId: network.outputs.postgresPrivateDnsZoneId
  }
}

module roleAssignments 'modules/role-assignments.bicep' = {
  name: 'role-assignments'
  params: {
    principalId: identity.outputs.principalId
    serviceBusNamespaceName: serviceBus.outputs.name
    keyVaultName: keyVault.outputs.name
    hostStorageAccountName: hostStorage.outputs.name
    dataStorageAccountName: dataStorage.outputs.name
    dataContainerNames: dataContainerNames
  }
}

// Every setting packages/platform/src/config.ts reads, for Azure. Secrets are Key Vault references.
var appSettings = {
  APP_ENV: 'production'
  // No password: the app signs in with its managed identity's Entra ID token (ADR 0010).
  DATABASE_URL: 'postgres://${postgresRuntimeLogin}@${postgres.outputs.fullyQualifiedDomainName}:5432/${postgres.outputs.databaseName}?sslmode=require'
  DATABASE_AUTH: 'entra'
  DB_POOL_MAX: string(dbPoolMax)
  DB_STATEMENT_TIMEOUT_MS: string(dbStatementTimeoutMs)
  JWT_ISSUER: issuer
  JWT_AUDIENCE: jwtAudience
  JWT_PRIVATE_KEYS: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.referenceUris.JWT_PRIVATE_KEYS})'
  ACCESS_TOKEN_TTL_SECONDS: '900'
  REFRESH_TOKEN_TTL_DAYS: '30'
  CORS_ALLOWED_ORIGINS: join(corsAllowedOrigins, ',')
  MAX_BODY_BYTES: '1048576'
  TRUSTED_PROXY_HOPS: string(trustedProxyHops)
  LOGIN_MAX_FAILURES_PER_ACCOUNT: '5'
  LOGIN_MAX_FAILURES_PER_IP: '30'
  LOGIN_THROTTLE_WINDOW_SECONDS: '900'
  // ADR 0015: where the gateway's tier has rate-limit-by-key (BasicV2) it limits across instances and the app's
  // per-instance limits stay off (0); on Consumption the app enforces the same quotas itself.
  RATE_LIMIT_PER_ADDRESS: apiManagementSku == 'Consumption' ? string(gatewayCallsPerMinutePerClient) : '0'
  RATE_LIMIT_PER_USER: apiManagementSku == 'Consumption' ? string(gatewayCallsPerMinutePerSubject) : '0'
  RATE_LIMIT_WINDOW_SECONDS: '60'
  PASSWORD_RESET_MAX_PER_ACCOUNT: '3'
  PASSWORD_RESET_MAX_PER_IP: '20'
  PASSWORD_RESET_WINDOW_SECONDS: '3600'
  QUEUE_DRIVER: 'servicebus'
  SERVICEBUS_NAMESPACE: serviceBus.outputs.fullyQualifiedNamespace
  // The Service Bus trigger binding's identity-based connection (register.ts: connection 'ServiceBusConnection').
  ServiceBusConnection__fullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identity.outputs.clientId
  MAIL_DRIVER: 'sendgrid'
  SENDGRID_API_KEY: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.referenceUris.SENDGRID_API_KEY})'
  MAIL_FROM: mailFrom
  PUBLIC_APP_URL: publicAppUrl
  LOG_LEVEL: logLevel
  // Application blobs, reached with the managed identity (containers: dataContainerNames). Not yet read by
  // config.ts; the blob adapter will.
  BLOB_SERVICE_URL: dataStorage.outputs.blobEndpoint
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    name: 'func-${baseName}-${suffix}'
    planName: 'plan-${baseName}'
    location: location
    tags: allTags
    nodeVersion: nodeVersion
    httpAlwaysReadyInstances: httpAlwaysReadyInstances
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    functionsSubnetId: network.outputs.functionsSubnetId
    hostStorageAccountName: hostStorage.outputs.name
    hostStorageBlobEndpoint: hostStorage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    appSettings: appSettings
    applicationInsightsConnectionString: monitoring.outputs.connectionString
  }
  // The identity must hold its roles before the host starts (storage, Key Vault references).
  dependsOn: [
    roleAssignments
  ]
}

module gatewayKey 'modules/function-gateway-key.bicep' = {
  name: 'function-gateway-key'
  params: {
    functionAppName: functionApp.outputs.name
    keyVaultName: keyVault.outputs.name
    gatewayPrincipalId: gatewayIdentity.outputs.principalId
  }
}

module apiManagement 'modules/api-management.bicep' = {
  name: 'api-management'
  params: {
    name: apimName
    location: location
    tags: allTags
    skuName: apiManagementSku
    publisherEmail: apiManagementPublisherEmail
    publisherName: apiManagementPublisherName
    identityId: gatewayIdentity.outputs.id
    identityClientId: gatewayIdentity.outputs.clientId
    functionAppHostName: functionApp.outputs.defaultHostName
    functionKeySecretUri: gatewayKey.outputs.secretUri
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

// Everything the API import needs but the document (deploy-environment.yml deploys the module with these).
var gatewayApiParameters = {
  apimName: apiManagement.outputs.name
  backendId: apiManagement.outputs.backendId
  jwtIssuer: issuer
  jwtAudience: jwtAudience
  corsAllowedOrigins: corsAllowedOrigins
  skuName: apiManagementSku
  callsPerMinutePerClient: gatewayCallsPerMinutePerClient
  callsPerMinutePerSubject: gatewayCallsPerMinutePerSubject
  credentialCallsPerMinutePerClient: gatewayCredentialCallsPerMinutePerClient
}

module gatewayApi 'modules/api-management-api.bicep' = if (!empty(openApiDocument)) {
  name: 'api-management-api'
  params: {
    apimName: gatewayApiParameters.apimName
    backendId: gatewayApiParameters.backendId
    jwtIssuer: gatewayApiParameters.jwtIssuer
    jwtAudience: gatewayApiParameters.jwtAudience
    corsAllowedOrigins: gatewayApiParameters.corsAllowedOrigins
    skuName: gatewayApiParameters.skuName
    callsPerMinutePerClient: gatewayApiParameters.callsPerMinutePerClient
    callsPerMinutePerSubject: gatewayApiParameters.callsPerMinutePerSubject
    credentialCallsPerMinutePerClient: gatewayApiParameters.credentialCallsPerMinutePerClient
    openApiDocument: openApiDocument
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    namePrefix: baseName
    location: location
    tags: allTags
    serviceBusNamespaceId: serviceBus.outputs.id
    queueNames: queueNames
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    alertEmailAddresses: alertEmailAddresses
    queueBacklogThreshold: queueBacklogThreshold
  }
}

// ---- Outputs (read by .github/workflows/deploy-environment.yml) --------------------------------------

output functionAppName string = functionApp.outputs.name
output functionAppHostName string = functionApp.outputs.defaultHostName
output functionAppPrincipalId string = identity.outputs.principalId
output gatewayUrl string = apiManagement.outputs.gatewayUrl
output gatewayApiParameters object = gatewayApiParameters
output postgresServerName string = postgres.outputs.name
output postgresHost string = postgres.outputs.fullyQualifiedDomainName
output postgresDatabaseName string = postgres.outputs.databaseName
output postgresRuntimeLogin string = postgresRuntimeLogin
output migrationIdentityName string = migrationIdentity.outputs.name
output migrationIdentityClientId string = migrationIdentity.outputs.clientId
output keyVaultName string = keyVault.outputs.name
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace
output dataStorageAccountName string = dataStorage.outputs.name
