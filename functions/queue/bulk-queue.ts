import { createQueueDispatcher, registerQueue } from '@korevitta/platform';
import { consumersFor } from './consumers/index.ts';

export default registerQueue({
  name: 'queue-bulk',
  queue: 'bulk',
  handler: createQueueDispatcher(consumersFor('bulk')),
});
