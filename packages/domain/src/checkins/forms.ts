import { fail, ok, type Result } from '../shared/result.ts';
import type { CheckinAudit, CheckinStore } from './ports.ts';
import type { FormSchema } from './form-schema.ts';
import type { CheckinActor, CheckinForm, CheckinFormVersion } from './types.ts';

export interface FormWithVersion { form: CheckinForm; version: CheckinFormVersion; versions: { version: number; createdAt: Date }[] }

interface FormDeps { store: CheckinStore; audit: CheckinAudit; now: Date; newId: () => string }

/** A new form template at version 1 (the schema was validated at the edge against FormSchema). */
export async function createCheckinForm(deps: FormDeps, actor: CheckinActor, input: { name: string; description?: string | null | undefined; schema: FormSchema }): Promise<FormWithVersion> {
  const form: CheckinForm = {
    id: deps.newId(),
    professionalId: actor.professionalId,
    name: input.name.trim(),
    description: input.description?.trim() || null,
    currentVersion: 1,
    createdAt: deps.now,
    updatedAt: deps.now,
  };
  await deps.store.insertForm({ ...form, createdBy: actor.userId ?? form.professionalId }, input.schema);
  await deps.audit.record({ action: 'checkin_form.created', entityType: 'checkin_form', entityId: form.id, changes: { contentVersion: { after: 1 } } });
  const version = { formId: form.id, version: 1, schema: input.schema, createdAt: deps.now };
  return { form, version, versions: [{ version: 1, createdAt: deps.now }] };
}

/**
 * Publishes a new version of a form: instances created from now on answer it; existing instances keep the
 * version they were created with, and their responses stay valid against it.
 */
export async function publishCheckinFormVersion(deps: FormDeps, actor: CheckinActor, formId: string, schema: FormSchema): Promise<Result<FormWithVersion, 'CHECKIN.FORM_NOT_FOUND' | 'CHECKIN.FORM_VERSION_NOT_FOUND'>> {
  const form = await deps.store.findForm(formId);
  if (!form) return fail('CHECKIN.FORM_NOT_FOUND');
  const version = await deps.store.publishFormVersion(formId, form.professionalId, schema, actor.userId ?? form.professionalId, deps.now);
  await deps.audit.record({ action: 'checkin_form.version_published', entityType: 'checkin_form', entityId: formId, changes: { contentVersion: { before: form.currentVersion, after: version } } });
  return getCheckinForm(deps, formId, null);
}

/** A form with one version's schema (the current one unless `version` is given) and the list of its versions. */
export async function getCheckinForm(deps: { store: CheckinStore }, formId: string, version: number | null): Promise<Result<FormWithVersion, 'CHECKIN.FORM_NOT_FOUND' | 'CHECKIN.FORM_VERSION_NOT_FOUND'>> {
  const form = await deps.store.findForm(formId);
  if (!form) return fail('CHECKIN.FORM_NOT_FOUND');
  const v = await deps.store.formVersion(formId, version ?? form.currentVersion);
  if (!v) return fail('CHECKIN.FORM_VERSION_NOT_FOUND', { params: { contentVersion: version ?? form.currentVersion } });
  return ok({ form, version: v, versions: await deps.store.formVersions(formId) });
}
