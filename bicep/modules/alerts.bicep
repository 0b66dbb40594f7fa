// Alerts (docs/OPERATIONS.md explains each one and its runbook):
//   - a dead-lettered message on any queue (DLQ depth > 0): someone must look at it;
//   - queue backlog: active messages above a threshold for 15 minutes (a stuck or failing consumer);
//   - HTTP 5xx rate above a percentage of requests over 15 minutes;
//   - HTTP p95 latency above the architecture's floor (DESIGN.md §9: p95 < 300 ms).
// Request telemetry is never sampled (host.json excludes Request from sampling), so counts are exact.
param namePrefix string
param location string
param tags object
param serviceBusNamespaceId string
param queueNames array
param applicationInsightsId string

@description('E-mail addresses that receive the alerts.')
param alertEmailAddresses array

@minValue(1)
param queueBacklogThreshold int = 1000

@description('Alert when more than this percentage of requests answer 5xx.')
param http5xxPercentThreshold int = 2

@description('Alert when p95 request duration exceeds this many milliseconds.')
param p95LatencyThresholdMs int = 300

@description('Minimum requests in the window before the rate and latency alerts evaluate.')
param minimumRequests int = 50

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${namePrefix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: take(replace(namePrefix, '-', ''), 12)
    enabled: true
    emailReceivers: [for (address, i) in alertEmailAddresses: {
      name: 'email-${i}'
      emailAddress: address
      useCommonAlertSchema: true
    }]
  }
}

resource deadLetterAlerts 'Microsoft.Insights/metricAlerts@2018-03-01' = [for queueName in queueNames: {
  name: 'alert-${namePrefix}-dlq-${queueName}'
  location: 'global'
  tags: tags
  properties: {
    description: 'Messages in the dead-letter queue of ${queueName}. Runbook: docs/OPERATIONS.md section 6'
    severity: queueName == 'critical' ? 1 : 2
    enabled: true
    scopes: [
      serviceBusNamespaceId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dead-lettered'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: [
                queueName
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}]

resource backlogAlerts 'Microsoft.Insights/metricAlerts@2018-03-01' = [for queueName in queueNames: {
  name: 'alert-${namePrefix}-backlog-${queueName}'
  location: 'global'
  tags: tags
  properties: {
    description: 'More than ${queueBacklogThreshold} active messages in ${queueName} for 15 minutes. Runbook: docs/OPERATIONS.md section 7, Queue backlog'
    severity: 2
    enabled: true
    scopes: [
      serviceBusNamespaceId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'active-messages'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'ActiveMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: [
                queueName
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: queueBacklogThreshold
          timeAggregation: 'Minimum'
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroup.id
      }
    ]
  }
}]

resource http5xxAlert 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: 'alert-${namePrefix}-http-5xx-rate'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'HTTP 5xx rate above ${http5xxPercentThreshold}%'
    description: 'Share of requests answering 5xx over 15 minutes. Runbook: docs/OPERATIONS.md section 7, HTTP 5xx rate'
    severity: 1
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: 'requests | summarize total = count(), failed = countif(toint(resultCode) >= 500) | where total >= ${minimumRequests} | extend failedPercent = 100.0 * failed / total | where failedPercent > ${http5xxPercentThreshold}'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}

resource p95LatencyAlert 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: 'alert-${namePrefix}-http-p95-latency'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'HTTP p95 latency above ${p95LatencyThresholdMs} ms'
    description: 'p95 request duration over 15 minutes. Runbook: docs/OPERATIONS.md section 7, HTTP latency'
    severity: 2
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: 'requests | summarize total = count(), p95 = percentile(duration, 95) | where total >= ${minimumRequests} and p95 > ${p95LatencyThresholdMs}'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}
