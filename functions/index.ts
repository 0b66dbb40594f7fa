/**
 * The production entry (package.json "main" → dist/index.js) and the one table of functions. Importing a
 * function file registers it with Azure (a no-op outside the Functions host); the local host reads the
 * same table, so no function can be served by one and forgotten by the other.
 */
import azf from '@azure/functions';
import { createRuntime, getRuntime, inFunctionsHost, loadConfig, publishFunctionTable, setRuntimeFactory, type FunctionDefinition } from '@korevitta/platform';

import health from './http/platform/health.ts';
import healthReady from './http/platform/health-ready.ts';
import jwks from './http/platform/jwks.ts';
import openidConfiguration from './http/platform/openid-configuration.ts';
import openapiDocument from './http/platform/openapi-document.ts';
import docsPage from './http/platform/docs-page.ts';
import docsScript from './http/platform/docs-script.ts';
import register from './http/auth/register.ts';
import login from './http/auth/login.ts';
import refresh from './http/auth/refresh.ts';
import logout from './http/auth/logout.ts';
import forgotPassword from './http/auth/forgot-password.ts';
import resetPassword from './http/auth/reset-password.ts';
import acceptInvite from './http/auth/accept-invite.ts';
import getMe from './http/me/get-me.ts';
import updateMe from './http/me/update-me.ts';
import changeMyPassword from './http/me/change-my-password.ts';
import listPatients from './http/patients/list-patients.ts';
import createPatient from './http/patients/create-patient.ts';
import getPatient from './http/patients/get-patient.ts';
import updatePatient from './http/patients/update-patient.ts';
import deletePatient from './http/patients/delete-patient.ts';
import invitePatient from './http/patients/invite-patient.ts';
import getPatientRisk from './http/patients/get-patient-risk.ts';
import listAuditLog from './http/audit/list-audit-log.ts';
import { protocolFunctions } from './http/protocols/index.ts';
import { communicationFunctions } from './http/communication/index.ts';
import { checkinFunctions } from './http/checkins/index.ts';
import checkMissedCheckins from './timer/check-missed-checkins.ts';
import purgeRetention from './timer/purge-retention.ts';
import billingReconcile from './timer/billing-reconcile.ts';
import getMeDaily from './http/daily/get-me-daily.ts';
import completeTask from './http/daily/complete-task.ts';
import uncompleteTask from './http/daily/uncomplete-task.ts';
import logWaterIntake from './http/daily/log-water-intake.ts';
import getPatientAdherence from './http/daily/get-patient-adherence.ts';
import generateDailyTasks from './timer/generate-daily-tasks.ts';
import listMailbox from './http/dev/list-mailbox.ts';
import getMail from './http/dev/get-mail.ts';
import criticalQueue from './queue/critical-queue.ts';
import defaultQueue from './queue/default-queue.ts';
import bulkQueue from './queue/bulk-queue.ts';
import relayOutbox from './timer/relay-outbox.ts';
import createPartitions from './timer/create-partitions.ts';
import recalculateRiskNightly from './timer/recalculate-risk-nightly.ts';
import { progressFunctions } from './http/progress/index.ts';
import listPatientAccessLog from './http/compliance/list-patient-access-log.ts';
import drainAccessLog from './timer/drain-access-log.ts';
import getDashboard from './http/analytics/get-dashboard.ts';
import requestAnalyticsRefresh from './timer/request-analytics-refresh.ts';
import anonymizePatient from './http/compliance/anonymize-patient.ts';
import getBranding from './http/branding/get-branding.ts';
import putBranding from './http/branding/put-branding.ts';
import getSubscription from './http/subscription/get-subscription.ts';
import receiveBillingWebhook from './http/billing/receive-billing-webhook.ts';
import createSubscriptionCheckout from './http/subscription/create-subscription-checkout.ts';
import createSubscriptionPortal from './http/subscription/create-subscription-portal.ts';
import sendBillingEvent from './http/dev/send-billing-event.ts';

export const allFunctions: readonly FunctionDefinition[] = [
  health,
  healthReady,
  jwks,
  openidConfiguration,
  openapiDocument,
  docsPage,
  docsScript,
  register,
  login,
  refresh,
  logout,
  forgotPassword,
  resetPassword,
  acceptInvite,
  getMe,
  updateMe,
  changeMyPassword,
  listPatients,
  createPatient,
  getPatient,
  updatePatient,
  deletePatient,
  invitePatient,
  getPatientRisk,
  listAuditLog,
  ...protocolFunctions,
  ...communicationFunctions,
  ...checkinFunctions,
  getMeDaily,
  completeTask,
  uncompleteTask,
  logWaterIntake,
  getPatientAdherence,
  listMailbox,
  getMail,
  criticalQueue,
  defaultQueue,
  bulkQueue,
  relayOutbox,
  createPartitions,
  generateDailyTasks,
  checkMissedCheckins,
  purgeRetention,
  billingReconcile,
  recalculateRiskNightly,
  ...progressFunctions,
  listPatientAccessLog,
  drainAccessLog,
  getDashboard,
  requestAnalyticsRefresh,
  anonymizePatient,
  getBranding,
  putBranding,
  getSubscription,
  receiveBillingWebhook,
  createSubscriptionCheckout,
  createSubscriptionPortal,
  sendBillingEvent,
];

publishFunctionTable(allFunctions);
setRuntimeFactory(() => createRuntime(loadConfig()));

if (inFunctionsHost()) {
  azf.app.hook.appTerminate(async () => {
    const rt = await getRuntime().catch(() => null);
    await rt?.close();
  });
}
