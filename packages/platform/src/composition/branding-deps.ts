import { createBrandingStore, createPatientAuditTrail, createProfileReader, createUploadStore, readMailBranding, withTenant, type Tx } from '@korevitta/db';
import { getBranding, getMe, logoReadUrl, putBranding, uploadBlob, type Branding, type BrandingDeps, type BrandingInput, type Profile } from '@korevitta/domain';
import type { AuthContext } from '../functions/definitions.ts';
import type { Runtime } from '../runtime.ts';
import { tenantOf } from '../auth/tenant-of.ts';
import { LOGO_CID, type MailBrand } from '../mail/layout.ts';
import { entitlementReader } from './entitlements.ts';

/** A branding as the API shows it: the saved one, or the default (revision 0), with the logo's read URL. */
export interface BrandingView { branding: Branding; logoUrl: string | null }

function brandingDeps(rt: Runtime, tx: Tx, ctx: { auth: AuthContext; requestId: string; now: Date }): BrandingDeps {
  return {
    brandings: createBrandingStore(tx),
    uploads: createUploadStore(tx),
    blobs: rt.blobs,
    entitlements: entitlementReader(tx),
    audit: createPatientAuditTrail(tx, { professionalId: ctx.auth.professionalId, actor: { userId: ctx.auth.userId, role: ctx.auth.role }, requestId: ctx.requestId, now: ctx.now }),
    now: ctx.now,
  };
}

const view = async (deps: BrandingDeps, branding: Branding): Promise<BrandingView> => ({ branding, logoUrl: await logoReadUrl(deps, branding.logoUploadId) });

/** GET /v1/branding and /v1/me: the caller's practice's branding (a patient reads its professional's). */
export function readBranding(rt: Runtime, auth: AuthContext, requestId: string): Promise<BrandingView> {
  return withTenant(rt.db, tenantOf(auth), async (tx) => {
    const deps = brandingDeps(rt, tx, { auth, requestId, now: rt.clock.now() });
    return view(deps, await getBranding(deps, auth.professionalId));
  });
}

/**
 * GET /v1/me in ONE tenant transaction (issue 9): the profile and the practice's branding are asked for
 * together, so postgres.js pipelines both reads in one round trip. The branding is read even when the
 * profile turns out to be gone (the answer is then the profile's error and the branding is dropped).
 */
export function readMe(rt: Runtime, auth: AuthContext, requestId: string) {
  return withTenant(rt.db, tenantOf(auth), async (tx) => {
    const deps = brandingDeps(rt, tx, { auth, requestId, now: rt.clock.now() });
    const [me, branding] = await Promise.all([
      getMe({ profiles: createProfileReader(tx) }, auth),
      getBranding(deps, auth.professionalId).then((b) => view(deps, b)),
    ]);
    return me.ok ? { ok: true as const, value: { profile: me.value as Profile, branding } } : me;
  });
}

/** PUT /v1/branding in one tenant transaction. */
export function saveBranding(rt: Runtime, auth: AuthContext, input: { requestId: string; branding: BrandingInput; ifMatch: readonly number[] | null }) {
  return withTenant(rt.db, tenantOf(auth), async (tx) => {
    const deps = brandingDeps(rt, tx, { auth, requestId: input.requestId, now: rt.clock.now() });
    const result = await putBranding(deps, { professionalId: auth.professionalId, userId: auth.userId, branding: input.branding, expectedRevisions: input.ifMatch });
    if (!result.ok) return result;
    return { ok: true as const, value: { ...(await view(deps, result.value.branding)), created: result.value.created } };
  });
}

/**
 * The branding a mail to one of the practice's patients carries, read in the consumer's system transaction;
 * null when the practice still has the default look (the mail then looks like KoreVitta's). The logo travels
 * inside the mail (an inline `cid:` part), never as a URL: a mail is kept for years, a read URL must not be.
 */
export async function mailBrandOf(rt: Runtime, tx: Tx, professionalId: string): Promise<MailBrand | null> {
  const b = await readMailBranding(tx, professionalId);
  if (!b) return null;
  const upload = b.logoUploadId && rt.blobs ? await createUploadStore(tx).upload(b.logoUploadId) : null;
  const bytes = upload && upload.storedBytes !== null ? await rt.blobs?.read(uploadBlob(upload)) : null;
  const logo = bytes ? { cid: LOGO_CID, contentType: 'image/png' as const, content: bytes } : null;
  return { name: b.displayName, primaryColor: b.primaryColor, accentColor: b.accentColor, logo, signature: b.emailSignature };
}
