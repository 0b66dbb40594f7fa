// The Function App on the Flex Consumption plan (FC1, Linux).
//
// Why Flex Consumption rather than Premium EP1: it is the serverless plan Microsoft now recommends (Linux
// Consumption is legacy), it keeps VNet integration (we reach PostgreSQL through a private endpoint),
// managed-identity connections for the host storage and the deployment package, and per-function scaling
// (each Service Bus consumer scales on its own queue, the HTTP functions as one group). Always-ready
// instances for the HTTP group (≥ 1) remove the cold start from the API path, which EP1 would buy with a
// permanently billed instance per plan plus burst instances; Flex bills the always-ready baseline and
// scales out per request concurrency. What it gives up: deployment slots (we deploy in place, migrations
// are backward compatible, and the smoke check gates the run) and platform CORS (the app and API
// Management do CORS).
//
// Flex Consumption rejects the legacy runtime app settings (FUNCTIONS_WORKER_RUNTIME,
// FUNCTIONS_EXTENSION_VERSION, WEBSITE_NODE_DEFAULT_VERSION, WEBSITE_RUN_FROM_PACKAGE, ...): the runtime and
// version live in functionAppConfig.runtime instead, so they must never appear in appSettings.
param name string
param planName string
param location string
param tags object

@description('Node 22: Node 20 is out of support on Azure Functions.')
@allowed([
  '22'
])
param nodeVersion string

@minValue(1)
param httpAlwaysReadyInstances int

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@allowed([
  2048
  4096
])
param instanceMemoryMB int

param identityId string
param identityClientId string
param functionsSubnetId string
param hostStorageAccountName string
param hostStorageBlobEndpoint string
param deploymentContainerName string

@description('Application settings (the service configuration); merged with the host settings below.')
param appSettings object

param applicationInsightsConnectionString string

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    // Key Vault references resolve with the user-assigned identity (the default would be system-assigned).
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: functionsSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${hostStorageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: [
          {
            name: 'http'
            instanceCount: httpAlwaysReadyInstances
          }
        ]
      }
      runtime: {
        name: 'node'
        version: nodeVersion
      }
    }
  }
}

// Deployments authenticate with Entra ID (azure/login OIDC), never with publishing passwords.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

// The host's own connections, all identity-based (no connection strings, no account keys).
var hostSettings = {
  AzureWebJobsStorage__accountName: hostStorageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  // @azure/identity's DefaultAzureCredential (Service Bus sender, blob SAS) picks this identity.
  AZURE_CLIENT_ID: identityClientId
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, hostSettings)
}

output id string = site.id
output name string = site.name
output defaultHostName string = site.properties.defaultHostName
