import type { Config } from '../config.ts';
import type { Logger } from '../observability/logger.ts';
import { tokenPassword } from './token-password.ts';

/**
 * The `password` function for openDatabase: with DATABASE_AUTH=entra, an Entra ID token of this process's
 * identity (DefaultAzureCredential: the managed identity named by AZURE_CLIENT_ID in Azure, `az login` on a
 * laptop); otherwise none, and the URL's password applies. @azure/identity loads only when it is needed.
 */
export async function databasePasswordFor(database: Config['database'], log: Logger): Promise<{ password?: () => Promise<string>; onPasswordError?: (error: unknown) => void }> {
  if (database.auth !== 'entra') return {};
  const { DefaultAzureCredential } = await import('@azure/identity');
  return {
    password: tokenPassword(new DefaultAzureCredential()),
    onPasswordError: (error) => log.error('database login token unavailable', { error: error instanceof Error ? error.message : 'error' }),
  };
}
