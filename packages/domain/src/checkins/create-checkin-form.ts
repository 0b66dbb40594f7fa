import type { FormSchema } from './form-schema.ts';
import type { CheckinActor, CheckinForm } from './types.ts';
import type { FormDeps, FormWithVersion } from './forms.ts';

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
