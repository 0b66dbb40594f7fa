import * as v from 'valibot';
import { multiLine, singleLine, token, type Branding } from '@korevitta/domain';
import type { BrandingView } from '@korevitta/platform';
import { Id, Instant, Revision } from '../shared-schemas.ts';

/** `#RRGGBB`; answered upper-case. */
const HexColor = v.pipe(token(/^#[0-9A-Fa-f]{6}$/, 7, 'hex_color'), v.description('#RRGGBB'));
const DisplayName = v.pipe(singleLine(80), v.description('The name patients see in the app and in e-mails'));
const EmailSignature = v.pipe(multiLine(500), v.description('Closing lines of every e-mail to your patients (plain text, up to 10 lines)'));

export const PutBrandingBody = v.strictObject({
  displayName: DisplayName,
  primaryColor: v.pipe(HexColor, v.description('Fills buttons under white text: contrast with white must reach 4.5:1 (WCAG AA)')),
  accentColor: v.pipe(HexColor, v.description('Links and headings on white: contrast with white must reach 4.5:1 (WCAG AA)')),
  logoUploadId: v.optional(v.nullable(v.pipe(Id, v.description('A confirmed upload of purpose `logo`'))), null),
  emailSignature: v.optional(v.nullable(EmailSignature), null),
});

export const BrandingBody = v.strictObject({
  displayName: DisplayName,
  primaryColor: HexColor,
  accentColor: HexColor,
  logoUploadId: v.nullable(Id),
  /** A short-lived read URL of the logo, when there is one. */
  logoUrl: v.nullable(v.pipe(v.string(), v.maxLength(2000), v.url())),
  emailSignature: v.nullable(EmailSignature),
  /** 0 while the practice shows the default KoreVitta branding (never saved). */
  revision: Revision,
  updatedAt: v.nullable(Instant),
});

export const toBrandingBody = ({ branding: b, logoUrl }: BrandingView): v.InferOutput<typeof BrandingBody> => ({
  displayName: b.displayName,
  primaryColor: b.primaryColor,
  accentColor: b.accentColor,
  logoUploadId: b.logoUploadId,
  logoUrl,
  emailSignature: b.emailSignature,
  revision: b.revision,
  updatedAt: b.updatedAt?.toISOString() ?? null,
});

export type { Branding };
