import * as v from 'valibot';
import { DATA_EXPORT_REQUESTED } from '@korevitta/domain';
import { BUILD_DATA_EXPORT_CONSUMER, defineConsumer, runDataExportBuild } from '@korevitta/platform';

/**
 * `compliance.data_export_requested` v1 (bulk) → the export's ZIP on Blob Storage (job `build_data_export`, ADR 0021).
 * Idempotent on redelivery: a ready export is skipped; an interrupted one is rebuilt over its one blob name.
 */
export default defineConsumer({
  type: DATA_EXPORT_REQUESTED,
  version: 1,
  consumer: BUILD_DATA_EXPORT_CONSUMER,
  payload: v.strictObject({ exportId: v.pipe(v.string(), v.uuid()) }),
  handle: async ({ exportId }, { rt, now, log }) => {
    const outcome = await runDataExportBuild(rt, exportId, now);
    log.info('compliance.data_export_built', { outcome });
  },
});
