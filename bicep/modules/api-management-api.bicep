// The KoreVitta API in API Management: imported from the OpenAPI document the build writes (dist/openapi.json,
// the document GET /v1/openapi.json serves), with the API-scope policy of bicep/gateway/api-policy.xml.
// Deployed by deploy-environment.yml after the function package, so the gateway never routes to an operation
// the running code does not have yet; main.bicep includes it too when given a document (what-if on PRs).
//
// Re-importing replaces the operations with the document's; the policy sits on the API, so it covers every
// operation, including new ones: validate-jwt applies unless bicep/gateway/public-operations.json names it.
param apimName string

@description('The OpenAPI 3.1 document (dist/openapi.json), passed as -p openApiDocument=@dist/openapi.json.')
param openApiDocument object

param backendId string

@description('JWT issuer (iss) and audience (aud) of our access tokens: the same values as the app settings.')
param jwtIssuer string
param jwtAudience string

@description('Browser origins allowed by CORS: the same list as the app setting CORS_ALLOWED_ORIGINS.')
param corsAllowedOrigins array

@allowed([
  'Consumption'
  'BasicV2'
])
param skuName string

@minValue(1)
param callsPerMinutePerClient int
@minValue(1)
param callsPerMinutePerSubject int
@minValue(1)
param credentialCallsPerMinutePerClient int

var publicOperations = loadJsonContent('../gateway/public-operations.json').operations
var publicOperationList = '|${join(map(items(publicOperations), op => op.key), '|')}|'
var credentialOperationList = '|${join(map(filter(items(publicOperations), op => op.value == 'credentials'), op => op.key), '|')}|'
var webhookOperationList = '|${join(map(filter(items(publicOperations), op => op.value == 'webhook'), op => op.key), '|')}|'
// Public routes the OpenAPI document leaves out (the document itself and its reference page).
var documentOperations = filter(items(publicOperations), op => op.value == 'document')

var issuerBase = endsWith(jwtIssuer, '/') ? take(jwtIssuer, length(jwtIssuer) - 1) : jwtIssuer
var withRateLimits = skuName != 'Consumption'
var rateLimitPerClient = withRateLimits ? replace(replace(loadTextContent('../gateway/rate-limit-per-client.xml'), '__CALLS_PER_CLIENT__', string(callsPerMinutePerClient)), '__CREDENTIAL_CALLS_PER_CLIENT__', string(credentialCallsPerMinutePerClient)) : ''
var rateLimitPerSubject = withRateLimits ? replace(loadTextContent('../gateway/rate-limit-per-subject.xml'), '__CALLS_PER_SUBJECT__', string(callsPerMinutePerSubject)) : ''

var policyWithFragments = replace(replace(loadTextContent('../gateway/api-policy.xml'), '__RATE_LIMIT_PER_CLIENT__', rateLimitPerClient), '__RATE_LIMIT_PER_SUBJECT__', rateLimitPerSubject)
var placeholders = {
  __CORS_ORIGINS__: join(map(corsAllowedOrigins, origin => '<origin>${origin}</origin>'), '')
  __CORS_ORIGIN_LIST__: '|${join(corsAllowedOrigins, '|')}|'
  __PUBLIC_OPERATIONS__: publicOperationList
  __CREDENTIAL_OPERATIONS__: credentialOperationList
  __WEBHOOK_OPERATIONS__: webhookOperationList
  __OPENID_CONFIGURATION_URL__: '${issuerBase}/.well-known/openid-configuration'
  __JWT_ISSUER__: jwtIssuer
  __JWT_AUDIENCE__: jwtAudience
  __BACKEND_ID__: backendId
}
var policy = reduce(items(placeholders), policyWithFragments, (text, placeholder) => replace(string(text), placeholder.key, placeholder.value))

resource service 'Microsoft.ApiManagement/service@2024-05-01' existing = {
  name: apimName
}

resource api 'Microsoft.ApiManagement/service/apis@2024-05-01' = {
  parent: service
  name: 'korevitta'
  properties: {
    displayName: 'KoreVitta API'
    description: 'The KoreVitta API for professionals and their patients.'
    apiType: 'http'
    // Empty suffix: the gateway's paths are the document's (/v1/..., /health, /.well-known/...).
    path: ''
    protocols: [
      'https'
    ]
    // Callers authenticate with our access tokens, not API Management subscription keys.
    subscriptionRequired: false
    format: 'openapi+json'
    value: string(openApiDocument)
    // Required query parameters stay query parameters, so each operation's URL template is the document's path.
    translateRequiredQueryParameters: 'query'
  }
}

resource hiddenPublicOperations 'Microsoft.ApiManagement/service/apis/operations@2024-05-01' = [for op in documentOperations: {
  parent: api
  name: toLower(replace(replace(replace(op.key, ' /', '-'), '/', '-'), '.', '-'))
  properties: {
    displayName: op.key
    method: split(op.key, ' ')[0]
    urlTemplate: split(op.key, ' ')[1]
  }
}]

resource apiPolicy 'Microsoft.ApiManagement/service/apis/policies@2024-05-01' = {
  parent: api
  name: 'policy'
  properties: {
    format: 'rawxml'
    value: policy
  }
  dependsOn: [
    hiddenPublicOperations
  ]
}

output apiId string = api.id
output publicOperations array = map(items(publicOperations), op => op.key)
