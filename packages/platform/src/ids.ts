import { uuidv7 } from 'uuidv7';

/** Every id this service mints: UUIDv7 (time-ordered, so new rows land at the end of their indexes). */
export const ids = { newId: () => uuidv7() };
