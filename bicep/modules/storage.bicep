// A storage account locked to Entra ID: no shared keys (so no account SAS; blob SAS must be user
// delegation SAS), no public blob access, HTTPS only, TLS 1.2. Used twice by main.bicep: once for the
// Functions host and its deployment package, once for application blobs (uploads, photos, exports).
param name string
param location string
param tags object

@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string

@description('Private containers to create.')
param containerNames array = []

@description('Browser origins allowed to PUT/GET blobs directly with a short-lived SAS; empty = no CORS.')
param corsAllowedOrigins array = []

@minValue(1)
@maxValue(365)
param deleteRetentionDays int = 7

param enableVersioning bool = false

@description('Container name → days after creation when its blobs (with their versions and snapshots) are deleted. Lifecycle management runs once a day, so a blob goes within a day after that.')
param deleteAfterDays object = {}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: true
      services: {
        blob: {
          enabled: true
          keyType: 'Account'
        }
        file: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: deleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: deleteRetentionDays
    }
    isVersioningEnabled: enableVersioning
    cors: {
      corsRules: empty(corsAllowedOrigins) ? [] : [
        {
          allowedOrigins: corsAllowedOrigins
          allowedMethods: [
            'GET'
            'HEAD'
            'PUT'
            'OPTIONS'
          ]
          allowedHeaders: [
            'content-type'
            'x-ms-blob-type'
            'x-ms-blob-content-type'
            'x-ms-version'
            'x-ms-date'
            'x-ms-client-request-id'
          ]
          exposedHeaders: [
            'etag'
            'content-length'
            'content-type'
            'x-ms-request-id'
          ]
          maxAgeInSeconds: 3600
        }
      ]
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for containerName in containerNames: {
  parent: blobService
  name: containerName
  properties: {
    publicAccess: 'None'
  }
}]

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = if (!empty(deleteAfterDays)) {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [for rule in items(deleteAfterDays): {
        name: 'delete${rule.key}After${rule.value}Days'
        enabled: true
        type: 'Lifecycle'
        definition: {
          filters: {
            blobTypes: [
              'blockBlob'
            ]
            prefixMatch: [
              '${rule.key}/'
            ]
          }
          actions: {
            baseBlob: {
              delete: {
                daysAfterCreationGreaterThan: rule.value
              }
            }
            version: {
              delete: {
                daysAfterCreationGreaterThan: rule.value
              }
            }
            snapshot: {
              delete: {
                daysAfterCreationGreaterThan: rule.value
              }
            }
          }
        }
      }]
    }
  }
  dependsOn: [
    containers
  ]
}

output id string = account.id
output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
