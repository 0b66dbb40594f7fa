import { createQueueDispatcher, registerQueue } from '@korevitta/platform';
import { consumersFor } from './consumers/index.ts';

export default registerQueue({
  name: 'queue-default',
  queue: 'default',
  handler: createQueueDispatcher(consumersFor('default')),
});
