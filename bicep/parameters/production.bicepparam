using '../main.bicep'

// Production: zone-redundant PostgreSQL, geo-redundant backups, two always-ready HTTP instances.
param environmentName = 'production'
param nodeVersion = '22'
param httpAlwaysReadyInstances = 2
param maximumInstanceCount = 100
param instanceMemoryMB = 2048

param jwtIssuer = 'https://api.korevitta.com.br'
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
param postgresAdminPassword = readEnvironmentVariable('POSTGRES_ADMIN_PASSWORD')

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
