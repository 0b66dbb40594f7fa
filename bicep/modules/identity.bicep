// A user-assigned identity. User-assigned (not system-assigned) so that its role assignments exist before the
// resource that uses it: Key Vault references, the identity-based AzureWebJobsStorage and API Management's Key
// Vault named value resolve on the very first start instead of failing until RBAC catches up.
param name string
param location string
param tags object

@description('GitHub Actions OIDC subjects that may sign in as this identity, e.g. repo:<owner>/<repo>:environment:staging.')
param federatedSubjects array = []

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

// Federated credentials of one identity cannot be written concurrently.
@batchSize(1)
resource githubCredentials 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = [for (subject, i) in federatedSubjects: {
  parent: identity
  name: 'github-${i}'
  properties: {
    issuer: 'https://token.actions.githubusercontent.com'
    subject: subject
    audiences: [
      'api://AzureADTokenExchange'
    ]
  }
}]

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
