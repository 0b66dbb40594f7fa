using '../main.bicep'

// Production: zone-redundant PostgreSQL, geo-redundant backups, two always-ready HTTP instances.
param environmentName = 'production'
param nodeVersion = '22'
param httpAlwaysReadyInstances = 2
param maximumInstanceCount = 100
param instanceMemoryMB = 2048

// The gateway's own URL until a custom domain is bound to API Management (then: https://api.korevitta.com.br).
param jwtIssuer = ''
param jwtAudience = 'korevitta-api'
param corsAllowedOrigins = [
  'https://app.korevitta.com.br'
]
param publicAppUrl = 'https://app.korevitta.com.br'

// 100 instances × 5 connections = 500, under General Purpose D4ds_v5 max_connections (1718).
param dbPoolMax = 5

param postgresSkuTier = 'GeneralPurpose'
param postgresSkuName = 'Standard_D4ds_v5'
param postgresStorageSizeGB = 128
param postgresHighAvailability = true
param postgresBackupRetentionDays = 35
param postgresGeoRedundantBackup = true

param vnetAddressPrefix = '10.40.0.0/16'
param functionsSubnetPrefix = '10.40.0.0/24'
param privateEndpointsSubnetPrefix = '10.40.1.0/26'

param dataStorageSku = 'Standard_ZRS'
param blobDeleteRetentionDays = 30
param logRetentionDays = 90
param alertEmailAddresses = [
  'oncall@korevitta.com.br'
]
param queueBacklogThreshold = 1000

// The deploy workflow signs in as the migration identity; GitHub Actions sets GITHUB_REPOSITORY.
param githubRepository = readEnvironmentVariable('GITHUB_REPOSITORY', '')

param apiManagementSku = 'BasicV2'
param apiManagementPublisherEmail = 'ops@korevitta.com.br'
param gatewayCallsPerMinutePerClient = 600
param gatewayCallsPerMinutePerSubject = 300
param gatewayCredentialCallsPerMinutePerClient = 20

// Stripe price ids of the paid plans, from the deploy environment (ADR 0018).
param billingPricePro = readEnvironmentVariable('BILLING_PRICE_PRO', '')
param billingPriceClinic = readEnvironmentVariable('BILLING_PRICE_CLINIC', '')
