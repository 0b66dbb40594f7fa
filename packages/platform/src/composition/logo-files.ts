import type { Tx } from '@korevitta/db';
import type { LogoFiles } from '@korevitta/domain';

/** Bytes a practice stores (issue 10: the sum of its confirmed uploads' content_length). */
export interface StorageUsage { bytesUsed(tx: Tx, professionalId: string): Promise<number> }

/**
 * The LogoFiles port until issue 10's uploads land on main: there is no upload to point at, so every logo id
 * is refused as not found (422 on /body/logoUploadId) and no logo is shown. Wiring: replace with an adapter
 * over the uploads table (purpose `logo`, no patient, confirmed) and its read URL.
 */
export const noLogoFiles: LogoFiles = {
  check: async () => 'not_found',
  url: async () => null,
};
