import * as v from 'valibot';
import { FormSchema, MAX_INT32, multiLine, singleLine, type CheckinForm, type FormWithVersion } from '@korevitta/domain';
import { toPage } from '@korevitta/platform';
import { ContentVersion, Id, Instant, pageOf } from '../shared-schemas.ts';

/** Request and response schemas of the check-in form endpoints (strict: unknown fields are a 400). */
export const FormName = singleLine(120);
const Name = FormName;
const Description = v.optional(v.nullable(multiLine(1000)));

export const CreateFormBody = v.strictObject({ name: Name, description: Description, schema: FormSchema });
export const PublishVersionBody = v.strictObject({ schema: FormSchema });
/** `contentVersion`: which immutable version of the form to show (default: the current one). */
export const FormQuery = v.strictObject({ contentVersion: v.optional(v.pipe(ContentVersion, v.maxValue(MAX_INT32))) });

export const FormItem = v.strictObject({
  id: Id,
  name: Name,
  description: v.nullable(multiLine(1000)),
  /** The form's current (latest) immutable content version. */
  contentVersion: ContentVersion,
  createdAt: Instant,
  updatedAt: Instant,
});
export const FormPage = pageOf(FormItem);
export const FormDetail = v.strictObject({
  ...FormItem.entries,
  /** The content version whose schema this answer shows (the current one unless ?contentVersion= asks for another). */
  shownContentVersion: ContentVersion,
  schema: FormSchema,
  versions: v.pipe(v.array(v.strictObject({ contentVersion: ContentVersion, createdAt: Instant })), v.maxLength(1000)),
});

export const toFormItem = (f: CheckinForm): v.InferOutput<typeof FormItem> => ({
  id: f.id, name: f.name, description: f.description, contentVersion: f.currentVersion, createdAt: f.createdAt.toISOString(), updatedAt: f.updatedAt.toISOString(),
});
export const toFormPage = (rows: CheckinForm[], limit: number) => toPage(rows, limit, toFormItem, (f) => ({ k: f.createdAt.toISOString(), id: f.id }));
export const toFormDetail = (f: FormWithVersion): v.InferOutput<typeof FormDetail> => ({
  ...toFormItem(f.form), shownContentVersion: f.version.version, schema: f.version.schema, versions: f.versions.map((x) => ({ contentVersion: x.version, createdAt: x.createdAt.toISOString() })),
});

export const formNotFound = { 404: { description: 'No such check-in form among yours' } } as const;
