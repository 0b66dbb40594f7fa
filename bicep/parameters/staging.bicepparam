using '../main.bicep'

// Staging: production configuration at a smaller size, no HA, shorter retention.
param environmentName = 'staging'
param nodeVersion = '22'
param httpAlwaysReadyInstances = 1
param maximumInstanceCount = 10
param instanceMemoryMB = 2048

// The gateway's own URL until a custom domain is bound to API Management (then: https://api-staging.korevitta.com.br).
param jwtIssuer = ''
param jwtAudience = 'korevitta-api'
param corsAllowedOrigins = [
  'https://staging.korevitta.com.br'
]
param publicAppUrl = 'https://staging.korevitta.com.br'

// 10 instances × 3 connections = 30, under Burstable B2s max_connections.
param dbPoolMax = 3

param postgresSkuTier = 'Burstable'
param postgresSkuName = 'Standard_B2s'
param postgresStorageSizeGB = 32
param postgresHighAvailability = false
param postgresBackupRetentionDays = 7
param postgresGeoRedundantBackup = false

param vnetAddressPrefix = '10.41.0.0/16'
param functionsSubnetPrefix = '10.41.0.0/24'
param privateEndpointsSubnetPrefix = '10.41.1.0/26'

param dataStorageSku = 'Standard_LRS'
param blobDeleteRetentionDays = 7
param logRetentionDays = 30
param alertEmailAddresses = []

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
