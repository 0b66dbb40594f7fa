/**
 * `npm run dead-letters -- list [queue]` and `npm run dead-letters -- replay <queue> <id>`: the operator's
 * view of dead-lettered messages (TEST-CATALOG 36). Local driver: the local queue's dead-letter state.
 * Service Bus driver: the poison-message records the dispatcher keeps (the broker's own DLQ is inspected
 * with the Azure tools, see docs/OPERATIONS.md). Prints ids, types and reasons, never payloads.
 */
import path from 'node:path';
import type { QueueName } from '@korevitta/domain';
import { migrate, openDatabase } from '@korevitta/db';
import { loadConfig } from '../config.ts';
import { createRuntime } from '../create-runtime.ts';
import { databasePasswordFor } from '../database/database-password.ts';
import { createLogger } from '../observability/logger.ts';
import { listDeadLetterRecords, resubmitDeadLetterRecord } from '../queue/dead-letter-record.ts';

const QUEUES: readonly QueueName[] = ['critical', 'default', 'bulk'];
const isQueue = (q: string | undefined): q is QueueName => QUEUES.includes(q as QueueName);

async function main(): Promise<number> {
  const [command, queueArg, id] = process.argv.slice(2);
  const config = { ...loadConfig(), logLevel: 'silent' as const };
  const db = await openDatabase({
    url: config.database.url,
    dataDir: config.database.url ? undefined : path.join(path.resolve(config.database.dataDir), 'pglite'),
    poolMax: 1,
    ...(await databasePasswordFor(config.database, createLogger('error'))),
  });
  // The embedded database migrates itself, as `npm start` does; a real one is migrated by its deploy step.
  if (!config.database.url) await migrate(db.migrationTarget);
  const rt = await createRuntime(config, { db });
  try {
    if (command === 'list') {
      for (const queue of queueArg ? [queueArg] : QUEUES) {
        if (!isQueue(queue)) return usage(`unknown queue ${queue}`);
        const rows = rt.localQueue
          ? (await rt.localQueue.peekDeadLetters(queue, { max: 100 })).map((m) => ({ id: String(m.sequenceNumber), messageId: m.messageId, type: `${m.envelope.type}@${m.envelope.version}`, reason: m.reason, description: m.description, deliveries: m.deliveryCount, at: m.deadLetteredAt.toISOString() }))
          : (await listDeadLetterRecords(db, queue)).map((r) => ({ id: r.id, messageId: r.messageId, type: '-', reason: r.reason, description: r.description, deliveries: r.deliveryCount, at: r.deadLetteredAt.toISOString() }));
        console.log(`${queue}: ${rows.length} dead-lettered`);
        for (const r of rows) console.log(`  ${r.id}  ${r.at}  ${r.type}  ${r.reason}${r.description ? ` (${r.description})` : ''}  deliveries=${r.deliveries}  messageId=${r.messageId}`);
      }
      return 0;
    }
    if (command === 'replay') {
      if (!isQueue(queueArg) || !id) return usage('replay needs a queue and an id from `list`');
      const replayed = rt.localQueue
        ? (await rt.localQueue.resubmitDeadLetter(Number(id))) !== null
        : await resubmitDeadLetterRecord({ db, sender: rt.queue, id, now: new Date() });
      console.log(replayed ? `replayed ${id} on ${queueArg}` : `nothing to replay for ${id}`);
      return replayed ? 0 : 1;
    }
    return usage();
  } finally {
    await rt.close();
    await db.close();
  }
}

function usage(problem?: string): number {
  if (problem) console.error(problem);
  console.error('usage: npm run dead-letters -- list [critical|default|bulk]\n       npm run dead-letters -- replay <queue> <id>');
  return 2;
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
