import * as v from 'valibot';
import { GENERATE_THUMBNAIL } from '@korevitta/domain';
import { defineConsumer, GENERATE_THUMBNAIL_CONSUMER, runGenerateThumbnail } from '@korevitta/platform';

/** `progress.generate_thumbnail` v1 → the stripped display size and thumbnail of a confirmed photo (bulk queue). */
export default defineConsumer({
  type: GENERATE_THUMBNAIL,
  version: 1,
  consumer: GENERATE_THUMBNAIL_CONSUMER,
  payload: v.strictObject({ photoId: v.pipe(v.string(), v.uuid()) }),
  handle: async ({ photoId }, { rt, now, log }) => {
    const outcome = await runGenerateThumbnail(rt, photoId, now);
    log.info('progress.thumbnail', { outcome });
  },
});
