import * as v from 'valibot';
import { fieldMessage, integer, singleLine } from '@korevitta/domain';
import { Email, Password, PersonName } from '../auth/schemas.ts';
import { Id, Locale, Role, Timezone } from '../shared-schemas.ts';
import { BrandingBody } from '../branding/schemas.ts';

/** The caller's profile (GET and PATCH /v1/me), with the account's revision (also its ETag). */
export const Profile = v.strictObject({
  user: v.strictObject({ id: Id, email: Email, role: Role, locale: Locale }),
  professional: v.strictObject({ id: Id, name: PersonName, displayName: v.nullable(singleLine(200)) }),
  patient: v.nullable(v.strictObject({ id: Id, name: PersonName, timezone: Timezone })),
  revision: integer(1, 2_147_483_647),
});

/** GET /v1/me: the profile and the practice's white label (a patient sees its professional's; KoreVitta's default until one is saved). PATCH answers the profile alone. */
export const Me = v.strictObject({
  ...Profile.entries,
  branding: v.pick(BrandingBody, ['displayName', 'primaryColor', 'accentColor', 'logoUrl', 'emailSignature']),
});

export const UpdateMeBody = v.pipe(
  v.strictObject({
    email: v.optional(v.pipe(Email, v.description('A new sign-in e-mail: needs currentPassword; the old address is told.'))),
    locale: v.optional(Locale),
    currentPassword: v.optional(v.pipe(Password, v.description('Required to change the e-mail; checked whenever sent.'))),
  }),
  v.check((b) => b.email !== undefined || b.locale !== undefined, fieldMessage('empty_update')),
);

export const ChangePasswordBody = v.strictObject({
  currentPassword: Password,
  newPassword: Password,
});

export const reauthResponses = {
  403: { description: 'Current password missing (AUTH.REAUTHENTICATION_REQUIRED) or wrong (AUTH.CURRENT_PASSWORD_INVALID); nothing changed' },
  429: { description: 'Too many wrong current passwords (problem+json, Retry-After)' },
} as const;
