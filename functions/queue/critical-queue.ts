import { createQueueDispatcher, registerQueue } from '@korevitta/platform';
import { consumersFor } from './consumers/index.ts';

export default registerQueue({
  name: 'queue-critical',
  queue: 'critical',
  handler: createQueueDispatcher(consumersFor('critical')),
});
