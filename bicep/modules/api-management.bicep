// API Management in front of the Function App (DESIGN.md §2, ADR 0011): the public entry of the API. This
// module holds the instance, its identity, the Key Vault named value with the Functions host key, and the
// backend that presents it. The API itself (imported from the build's OpenAPI document, with its policy) is
// api-management-api.bicep, deployed after the function package (deploy-environment.yml).
//
// Tier per environment: BasicV2 (an SLA, rate-limit-by-key, resource logs) or Consumption (pay per call,
// no rate-limit-by-key, so api-management-api.bicep leaves the rate limits out there).
param name string
param location string
param tags object

@allowed([
  'Consumption'
  'BasicV2'
])
param skuName string
param publisherEmail string
param publisherName string

@description('User-assigned identity of the gateway (reads the host key from Key Vault).')
param identityId string
param identityClientId string

param functionAppHostName string
@description('Versionless Key Vault URI of the Functions host key (function-gateway-key.bicep).')
param functionKeySecretUri string
param logAnalyticsWorkspaceId string

var backendId = 'korevitta-functions'

resource service 'Microsoft.ApiManagement/service@2024-05-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    capacity: skuName == 'Consumption' ? 0 : 1
  }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    publisherEmail: publisherEmail
    publisherName: publisherName
  }
}

// Refreshed from Key Vault by the gateway (every 4 hours, or when this resource is deployed again).
resource functionHostKey 'Microsoft.ApiManagement/service/namedValues@2024-05-01' = {
  parent: service
  name: 'function-host-key'
  properties: {
    displayName: 'function-host-key'
    secret: true
    keyVault: {
      secretIdentifier: functionKeySecretUri
      identityClientId: identityClientId
    }
  }
}

resource backend 'Microsoft.ApiManagement/service/backends@2024-05-01' = {
  parent: service
  name: backendId
  properties: {
    description: 'The KoreVitta Function App'
    protocol: 'http'
    url: 'https://${functionAppHostName}'
    credentials: {
      header: {
        'x-functions-key': [
          '{{${functionHostKey.name}}}'
        ]
      }
    }
    tls: {
      validateCertificateChain: true
      validateCertificateName: true
    }
  }
}

// Gateway logs to Log Analytics (not offered on the Consumption tier).
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (skuName != 'Consumption') {
  name: 'to-log-analytics'
  scope: service
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output id string = service.id
output name string = service.name
output gatewayUrl string = service.properties.gatewayUrl
output backendId string = backend.name
