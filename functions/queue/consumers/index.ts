/**
 * The consumer table: which message types each queue's function handles (one consumer per type and
 * version; see defineConsumer). Queue functions read it through consumersFor.
 */
import type { QueueName } from '@korevitta/domain';
import type { ConsumerDefinition, QueueConsumers } from '@korevitta/platform';
import sendPasswordReset from './send-password-reset.ts';
import sendPatientInvite from './send-patient-invite.ts';
import notifyNewMessage from './notify-new-message.ts';
import recalculateRiskScore from './recalculate-risk-score.ts';
import logRiskStatusChange from './log-risk-status-change.ts';
import advanceCheckin from './advance-checkin.ts';
import sendAccountNotice from './send-account-notice.ts';
import generateThumbnail from './generate-thumbnail.ts';
import refreshAnalyticsView from './refresh-analytics-view.ts';
import applyBillingEvent from './apply-billing-event.ts';
import buildDataExport from './build-data-export.ts';
import reconcileSubscription from './reconcile-subscription.ts';
import purgePatientBlobs from './purge-patient-blobs.ts';

const consumers: Record<QueueName, readonly ConsumerDefinition[]> = {
  critical: [sendPasswordReset as ConsumerDefinition, recalculateRiskScore as ConsumerDefinition, sendAccountNotice as ConsumerDefinition, applyBillingEvent as ConsumerDefinition, reconcileSubscription as ConsumerDefinition],
  default: [sendPatientInvite as ConsumerDefinition, notifyNewMessage as ConsumerDefinition, advanceCheckin as ConsumerDefinition, logRiskStatusChange as ConsumerDefinition],
  bulk: [generateThumbnail as ConsumerDefinition, refreshAnalyticsView as ConsumerDefinition, purgePatientBlobs as ConsumerDefinition, buildDataExport as ConsumerDefinition],
};

export const consumersFor = (queue: QueueName): QueueConsumers => ({ queue, consumers: consumers[queue] });
