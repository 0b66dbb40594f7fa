import { expect } from 'vitest';
import type { TestHost } from '../support/test-host.ts';
import { createInvitedPatient, createProfessional, login, STRONG_PASSWORD } from '../support/factories.ts';
import { BOLA_ENTRIES, type BolaWorld } from '../security/bola-entries.ts';

/**
 * How the negative fuzzer calls each operation of the document (TEST-CATALOG 27): as whom, and with which
 * of the seeded world's ids in its path, so that requests get past authentication and reach the handler.
 * The coverage test fails for an operation without a profile; adding one is a line:
 *   updateMe: pro,                                   // a professional calls it
 *   getUpload: on(both, { uploadId: 'uploadId' }),   // ids by path parameter name → world key
 * A path parameter without an entry takes the world id of the same name (`patientId` → the patient).
 */
export type Caller = 'professional' | 'patient' | 'sessionToEnd';
export interface FuzzProfile {
  /** Who calls it (one drawn per request); empty for public operations. */
  as: readonly Caller[];
  /** Path parameter → world id key, where the parameter's own name is not the right object. */
  ids?: Readonly<Record<string, string>>;
}

const pro: FuzzProfile = { as: ['professional'] };
const patient: FuzzProfile = { as: ['patient'] };
const both: FuzzProfile = { as: ['professional', 'patient'] };
const open: FuzzProfile = { as: [] };
const on = (profile: FuzzProfile, ids: Record<string, string>): FuzzProfile => ({ ...profile, ids });

/** Operations tagged so are local-only tools, not fuzzed. */
export const UNFUZZED_TAGS: readonly string[] = ['Local development'];

export const FUZZ_PROFILES: Readonly<Record<string, FuzzProfile>> = {
  health: open,
  healthReady: open,
  jwks: open,
  openidConfiguration: open,
  register: open,
  login: open,
  refresh: open,
  logout: { as: ['sessionToEnd'] },
  forgotPassword: open,
  resetPassword: open,
  acceptInvite: open,
  getMe: both,
  listPatients: pro,
  createPatient: pro,
  getPatient: pro,
  // Writes that would end the patient's own access go to patients of their own.
  updatePatient: on(pro, { patientId: 'patientToEdit' }),
  deletePatient: on(pro, { patientId: 'patientToDelete' }),
  invitePatient: on(pro, { patientId: 'patientToEdit' }),
  getPatientRisk: pro,
  listAuditLog: pro,
  listProtocols: pro,
  createProtocol: pro,
  getProtocol: both,
  updateProtocol: pro,
  activateProtocol: pro,
  archiveProtocol: on(pro, { protocolId: 'protocolToArchive' }),
  listProtocolVersions: pro,
  diffProtocolVersions: pro,
  listProtocolTemplates: pro,
  createProtocolTemplate: pro,
  applyProtocolTemplate: pro,
  listThreads: both,
  createThread: both,
  listThreadMessages: both,
  createThreadMessage: both,
  readThread: both,
  getNotificationPreferences: both,
  updateNotificationPreferences: both,
  listCheckinForms: pro,
  createCheckinForm: pro,
  getCheckinForm: pro,
  createCheckinFormVersion: pro,
  getCheckinSchedule: pro,
  putCheckinSchedule: pro,
  listCheckins: pro,
  listMyCheckins: patient,
  getCheckin: both,
  submitCheckin: patient,
  reviewCheckin: pro,
  getMeDaily: patient,
  completeTask: patient,
  uncompleteTask: patient,
  logWaterIntake: patient,
  getPatientAdherence: pro,
  // Account changes need the current password, which the fuzzer never knows: a 403 (or 429 once throttled).
  updateMe: both,
  changeMyPassword: both,
  recordMeasurement: both,
  listMeasurements: both,
  getMeasurement: both,
  requestUpload: both,
  confirmPhoto: both,
  listPhotos: both,
  deletePhoto: both,
  listBiomarkers: both,
  recordLabPanel: pro,
  listLabResults: both,
  listPatientAccessLog: pro,
  getDashboard: pro,
  listProtocolEffectiveness: pro,
  // The confirmation must repeat the path's id; a spare patient in case a case ever matches it.
  anonymizePatient: on(pro, { patientId: 'patientToEdit' }),
  // Valid requests soon meet the daily quota (429); both are problems the fuzzer accepts.
  requestDataExport: both,
  getDataExport: both,
  getBranding: pro,
  putBranding: pro,
  getSubscription: pro,
  // Raw bytes under the provider's signature: every fuzzed request lacks it and must be a 400 problem.
  receiveBillingWebhook: open,
  createSubscriptionCheckout: pro,
  createSubscriptionPortal: pro,
};

export interface FuzzWorld { tokens: Record<Caller, string>; ids: Record<string, string> }

/**
 * A professional and their patient (with a login) owning one of every object the routes take (the BOLA
 * matrix's fixtures: protocol, template, daily task, thread, form, check-in), plus objects the destructive
 * operations may spend, and a session of its own for logout.
 */
export async function seedFuzzWorld(h: TestHost): Promise<FuzzWorld> {
  const professional = await createProfessional(h, { name: 'Dra. Fuzz' });
  const invited = await createInvitedPatient(h, professional.professionalId);
  const accepted = await h.api.post('/v1/invites/accept', { token: invited.token, password: STRONG_PASSWORD });
  expect(accepted.status).toBe(201);
  const world: BolaWorld = { professional, ids: { patientId: invited.patientId }, h };
  for (const entry of Object.values(BOLA_ENTRIES)) await entry.prepare?.(world);
  const auth = { token: professional.accessToken };
  for (const key of ['patientToEdit', 'patientToDelete']) {
    const res = await h.api.post('/v1/patients', { name: `Paciente ${key}`, email: `${key}-${invited.patientId.slice(0, 8)}@example.com` }, auth);
    expect(res.status).toBe(201);
    world.ids[key] = res.body.id;
  }
  const spare = await h.api.post(`/v1/patients/${invited.patientId}/protocols`, { name: 'Plano B', content: { hydration: { dailyGoalMl: 1500 } } }, auth);
  expect(spare.status).toBe(201);
  world.ids.protocolToArchive = spare.body.id;
  const session = await login(h, professional.email, professional.password);
  expect(session.status).toBe(200);
  return { tokens: { professional: professional.accessToken, patient: accepted.body.accessToken, sessionToEnd: session.body.accessToken }, ids: world.ids };
}
