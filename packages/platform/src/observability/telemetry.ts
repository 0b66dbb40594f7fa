import type { Config } from '../config.ts';

let started = false;

/**
 * OpenTelemetry export to Application Insights when a connection string is configured (production).
 * Locally nothing is required: spans go to the no-op tracer of @opentelemetry/api.
 */
export async function startTelemetry(config: Config): Promise<void> {
  if (started || !config.appInsightsConnectionString) return;
  started = true;
  const { useAzureMonitor } = await import('@azure/monitor-opentelemetry');
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString: config.appInsightsConnectionString },
    samplingRatio: 1,
    enableLiveMetrics: false,
  });
}
