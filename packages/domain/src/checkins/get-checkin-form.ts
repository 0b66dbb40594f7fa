import { fail, ok, type Result } from '../shared/result.ts';
import type { CheckinStore } from './ports.ts';
import type { FormWithVersion } from './forms.ts';

/** A form with one version's schema (the current one unless `version` is given) and the list of its versions. */
export async function getCheckinForm(deps: { store: CheckinStore }, formId: string, version: number | null): Promise<Result<FormWithVersion, 'CHECKIN.FORM_NOT_FOUND' | 'CHECKIN.FORM_VERSION_NOT_FOUND'>> {
  const form = await deps.store.findForm(formId);
  if (!form) return fail('CHECKIN.FORM_NOT_FOUND');
  const v = await deps.store.formVersion(formId, version ?? form.currentVersion);
  if (!v) return fail('CHECKIN.FORM_VERSION_NOT_FOUND', { params: { contentVersion: version ?? form.currentVersion } });
  return ok({ form, version: v, versions: await deps.store.formVersions(formId) });
}
