// KoreVitta: one resource group per environment (staging, production).
//   az deployment group create -g <rg> -f bicep/main.bicep -p bicep/parameters/<env>.bicepparam
// See docs/OPERATIONS.md for the first deployment (secrets, database login) and the deploy workflow.
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

@description('Node.js major version (Flex Consumption runs 20 and 22; Node 20 leaves support first).')
@allowed([
  '20'
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

@description('JWT issuer (iss): the public base URL of the API as clients and API Management see it.')
param jwtIssuer string

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

@description('Proxies in front of the app that append X-Forwarded-For (API Management).')
@minValue(0)
@maxValue(5)
param trustedProxyHops int = 1

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
param postgresAdminLogin string = 'korevitta_admin'
@secure()
@description('Admin password (runs migrations). Comes from the deploy environment, never from the repo.')
param postgresAdminPassword string
param postgresDatabaseName string = 'korevitta'

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
var dataContainerName = 'patient-files'

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
    containerNames: [
      dataContainerName
    ]
    corsAllowedOrigins: corsAllowedOrigins
    deleteRetentionDays: blobDeleteRetentionDays
    enableVersioning: true
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
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
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
  }
}

// Every setting packages/platform/src/config.ts reads, for Azure. Secrets are Key Vault references.
var appSettings = {
  APP_ENV: 'production'
  DATABASE_URL: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.referenceUris.DATABASE_URL})'
  DATABASE_AUTH: 'password'
  DB_POOL_MAX: string(dbPoolMax)
  DB_STATEMENT_TIMEOUT_MS: string(dbStatementTimeoutMs)
  JWT_ISSUER: jwtIssuer
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
  // Application blobs (not yet read by config.ts; the blob adapter will).
  BLOB_SERVICE_URL: dataStorage.outputs.blobEndpoint
  BLOB_CONTAINER: dataContainerName
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
output postgresServerName string = postgres.outputs.name
output postgresHost string = postgres.outputs.fullyQualifiedDomainName
output postgresDatabaseName string = postgres.outputs.databaseName
output postgresAdminLogin string = postgresAdminLogin
output keyVaultName string = keyVault.outputs.name
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace
output dataStorageAccountName string = dataStorage.outputs.name
