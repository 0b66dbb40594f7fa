import { fail, type Result } from '../shared/result.ts';
import type { FormSchema } from './form-schema.ts';
import type { CheckinActor } from './types.ts';
import type { FormDeps, FormWithVersion } from './forms.ts';
import { getCheckinForm } from './get-checkin-form.ts';

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
