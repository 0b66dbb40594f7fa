// Key Vault with RBAC authorization and purge protection. Secrets are not created here (no secret values
// in templates or parameters): operators set them (docs/OPERATIONS.md) and the Function App reads them
// through Key Vault references. The one exception is the Functions host key that API Management presents,
// which function-gateway-key.bicep copies in from the Function App. Secret names cannot contain '_', hence
// the mapping below. The database needs none: it signs in with Entra ID (ADR 0010).
param name string
param location string
param tags object
param logAnalyticsWorkspaceId string

@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 90

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

// Every read of a secret is audited.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'audit'
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

// App setting name → Key Vault secret name.
var vaultEntryNames = {
  JWT_PRIVATE_KEYS: 'jwt-private-keys'
  SENDGRID_API_KEY: 'sendgrid-api-key'
  STRIPE_SECRET_KEY: 'stripe-secret-key'
  // Comma-separated: two during a rotation (ADR 0018).
  BILLING_WEBHOOK_SECRETS: 'billing-webhook-secrets'
}

output id string = vault.id
output name string = vault.name
output vaultUri string = vault.properties.vaultUri
output vaultEntryNames object = vaultEntryNames
// Versionless secret URIs: the app picks up a new secret version on its next refresh (or restart).
output referenceUris object = {
  JWT_PRIVATE_KEYS: '${vault.properties.vaultUri}secrets/${vaultEntryNames.JWT_PRIVATE_KEYS}/'
  SENDGRID_API_KEY: '${vault.properties.vaultUri}secrets/${vaultEntryNames.SENDGRID_API_KEY}/'
  STRIPE_SECRET_KEY: '${vault.properties.vaultUri}secrets/${vaultEntryNames.STRIPE_SECRET_KEY}/'
  BILLING_WEBHOOK_SECRETS: '${vault.properties.vaultUri}secrets/${vaultEntryNames.BILLING_WEBHOOK_SECRETS}/'
}
