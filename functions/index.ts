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
import listProtocols from './http/protocols/list-protocols.ts';
import createProtocol from './http/protocols/create-protocol.ts';
import getProtocol from './http/protocols/get-protocol.ts';
import updateProtocol from './http/protocols/update-protocol.ts';
import activateProtocol from './http/protocols/activate-protocol.ts';
import archiveProtocol from './http/protocols/archive-protocol.ts';
import listProtocolVersions from './http/protocols/list-protocol-versions.ts';
import diffProtocolVersions from './http/protocols/diff-protocol-versions.ts';
import listProtocolTemplates from './http/protocols/list-protocol-templates.ts';
import createProtocolTemplate from './http/protocols/create-protocol-template.ts';
import applyProtocolTemplate from './http/protocols/apply-protocol-template.ts';
import listThreads from './http/communication/list-threads.ts';
import createThread from './http/communication/create-thread.ts';
import listThreadMessages from './http/communication/list-thread-messages.ts';
import createThreadMessage from './http/communication/create-thread-message.ts';
import readThread from './http/communication/read-thread.ts';
import getNotificationPreferences from './http/communication/get-notification-preferences.ts';
import updateNotificationPreferences from './http/communication/update-notification-preferences.ts';
import listCheckinForms from './http/checkins/list-checkin-forms.ts';
import createCheckinForm from './http/checkins/create-checkin-form.ts';
import getCheckinForm from './http/checkins/get-checkin-form.ts';
import createCheckinFormVersion from './http/checkins/create-checkin-form-version.ts';
import getCheckinSchedule from './http/checkins/get-checkin-schedule.ts';
import putCheckinSchedule from './http/checkins/put-checkin-schedule.ts';
import listCheckins from './http/checkins/list-checkins.ts';
import listMyCheckins from './http/checkins/list-my-checkins.ts';
import getCheckin from './http/checkins/get-checkin.ts';
import submitCheckin from './http/checkins/submit-checkin.ts';
import reviewCheckin from './http/checkins/review-checkin.ts';
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
import recordMeasurement from './http/progress/record-measurement.ts';
import listMeasurements from './http/progress/list-measurements.ts';
import getMeasurement from './http/progress/get-measurement.ts';
import requestUpload from './http/progress/request-upload.ts';
import confirmPhoto from './http/progress/confirm-photo.ts';
import listPhotos from './http/progress/list-photos.ts';
import deletePhoto from './http/progress/delete-photo.ts';
import listBiomarkers from './http/progress/list-biomarkers.ts';
import recordLabPanel from './http/progress/record-lab-panel.ts';
import listLabResults from './http/progress/list-lab-results.ts';
import listPatientAccessLog from './http/compliance/list-patient-access-log.ts';
import drainAccessLog from './timer/drain-access-log.ts';
import getDashboard from './http/analytics/get-dashboard.ts';
import listProtocolEffectiveness from './http/analytics/list-protocol-effectiveness.ts';
import requestAnalyticsRefresh from './timer/request-analytics-refresh.ts';
import anonymizePatient from './http/compliance/anonymize-patient.ts';
import requestDataExport from './http/compliance/request-data-export.ts';
import getDataExport from './http/compliance/get-data-export.ts';
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
  listProtocols,
  createProtocol,
  getProtocol,
  updateProtocol,
  activateProtocol,
  archiveProtocol,
  listProtocolVersions,
  diffProtocolVersions,
  listProtocolTemplates,
  createProtocolTemplate,
  applyProtocolTemplate,
  listThreads,
  createThread,
  listThreadMessages,
  createThreadMessage,
  readThread,
  getNotificationPreferences,
  updateNotificationPreferences,
  listCheckinForms,
  createCheckinForm,
  getCheckinForm,
  createCheckinFormVersion,
  getCheckinSchedule,
  putCheckinSchedule,
  listCheckins,
  listMyCheckins,
  getCheckin,
  submitCheckin,
  reviewCheckin,
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
  recordMeasurement,
  listMeasurements,
  getMeasurement,
  requestUpload,
  confirmPhoto,
  listPhotos,
  deletePhoto,
  listBiomarkers,
  recordLabPanel,
  listLabResults,
  listPatientAccessLog,
  drainAccessLog,
  getDashboard,
  listProtocolEffectiveness,
  requestAnalyticsRefresh,
  // Before the anonymisation: the authorization matrix runs the table in order, and an anonymised patient has no session.
  requestDataExport,
  getDataExport,
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
