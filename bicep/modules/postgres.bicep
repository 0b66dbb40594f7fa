// PostgreSQL Flexible Server 16 with the application database.
//
// Network: public access is *enabled with no firewall rule* (so it admits nobody), and the Function App
// reaches the server through a private endpoint in the VNet. The deploy workflow opens a firewall rule for
// its own runner IP only while `npm run db:migrate` runs, then deletes it (docs/OPERATIONS.md). Pure
// private access (VNet injection) would need a self-hosted runner inside the VNet to run migrations; the
// switch is `publicNetworkAccess: 'Disabled'` once such a runner exists.
//
// Authentication: Microsoft Entra ID only, password auth off, no administrator password anywhere (ADR 0010).
// The server's Entra administrator is the migration identity: the deploy workflow signs in as it, runs the
// migrations (as korevitta_owner) and `npm run db:runtime-login`, which maps the Function App's identity to the
// app login korevitta_api (member of korevitta_app and korevitta_system, NOINHERIT, owns nothing).
param name string
param location string
param tags object
param logAnalyticsWorkspaceId string

@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param skuTier string
param skuName string
param storageSizeGB int
@description('Zone-redundant HA (a standby in another zone). Not available on Burstable.')
param highAvailability bool
@minValue(7)
@maxValue(35)
param backupRetentionDays int
@description('Geo-redundant backups; can only be chosen when the server is created.')
param geoRedundantBackup bool
@description('The Entra administrator: the migration identity (object id and display name).')
param entraAdminObjectId string
param entraAdminName string
param databaseName string
param privateEndpointSubnetId string
param privateDnsZoneId string

@allowed([
  'Enabled'
  'Disabled'
])
param publicNetworkAccess string = 'Enabled'

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: '16'
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: subscription().tenantId
    }
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: backupRetentionDays
      geoRedundantBackup: geoRedundantBackup ? 'Enabled' : 'Disabled'
    }
    highAvailability: {
      mode: highAvailability ? 'ZoneRedundant' : 'Disabled'
    }
    network: {
      publicNetworkAccess: publicNetworkAccess
    }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// Server parameters. One at a time: parallel configuration writes fail with ServerIsBusy.
var serverParameters = [
  {
    name: 'require_secure_transport'
    value: 'on'
  }
  {
    name: 'log_min_duration_statement'
    value: '500'
  }
  // Slow-statement logs never carry bind parameters: they would be health data (LGPD Art. 11).
  {
    name: 'log_parameter_max_length'
    value: '0'
  }
  {
    name: 'log_parameter_max_length_on_error'
    value: '0'
  }
  {
    name: 'idle_in_transaction_session_timeout'
    value: '60000'
  }
]

@batchSize(1)
resource configurations 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = [for p in serverParameters: {
  parent: server
  name: p.name
  properties: {
    value: p.value
    source: 'user-override'
  }
  dependsOn: [
    database
  ]
}]

// After the parameters: an administrator write while a configuration write runs fails with ServerIsBusy.
resource entraAdmin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = {
  parent: server
  name: entraAdminObjectId
  properties: {
    principalName: entraAdminName
    principalType: 'ServicePrincipal'
    tenantId: subscription().tenantId
  }
  dependsOn: [
    configurations
  ]
}

resource privateEndpoint 'Microsoft.Network/privateEndpoints@2023-11-01' = {
  name: 'pe-${name}'
  location: location
  tags: tags
  properties: {
    subnet: {
      id: privateEndpointSubnetId
    }
    privateLinkServiceConnections: [
      {
        name: 'postgres'
        properties: {
          privateLinkServiceId: server.id
          groupIds: [
            'postgresqlServer'
          ]
        }
      }
    ]
  }
}

resource privateDnsZoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2023-11-01' = {
  parent: privateEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'postgres'
        properties: {
          privateDnsZoneId: privateDnsZoneId
        }
      }
    ]
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: server
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

output id string = server.id
output name string = server.name
output fullyQualifiedDomainName string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
output entraAdminName string = entraAdmin.properties.principalName
