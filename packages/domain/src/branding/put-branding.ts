import { fail, ok, type Result } from '../shared/result.ts';
import { checkBrandColours } from './contrast.ts';
import type { BrandingDeps } from './ports.ts';
import { claimLogo, releaseLogo, type LogoError } from './logo.ts';
import { defaultBranding, type Branding, type BrandingInput } from './types.ts';

export type PutBrandingError = 'BRANDING.LOW_CONTRAST' | 'RESOURCE.PRECONDITION_FAILED' | LogoError;

/** The branding the practice shows now: its own, or the default one (revision 0) until it saves one. */
export async function getBranding(deps: Pick<BrandingDeps, 'brandings'>, professionalId: string): Promise<Branding> {
  return (await deps.brandings.find(professionalId)) ?? defaultBranding(professionalId, await deps.brandings.practiceName(professionalId));
}

/**
 * Replaces the practice's branding. Colours a patient could not read (WCAG AA) are refused with one
 * problem per colour; a stale If-Match is a 412; a logo must be one of this practice's `logo` uploads (claimLogo).
 * `created` says whether this was the first save (201) or a change (200).
 */
export async function putBranding(
  deps: BrandingDeps,
  input: { professionalId: string; userId: string; branding: BrandingInput; expectedRevisions: readonly number[] | null },
): Promise<Result<{ branding: Branding; created: boolean }, PutBrandingError>> {
  const colours = { primaryColor: input.branding.primaryColor.toUpperCase(), accentColor: input.branding.accentColor.toUpperCase() };
  const lowContrast = checkBrandColours(colours);
  if (lowContrast.length > 0) {
    const first = lowContrast[0]!.params!;
    return fail('BRANDING.LOW_CONTRAST', { fields: lowContrast, params: { foreground: first.foreground!, background: first.background!, ratio: first.ratio! } });
  }
  const current = await deps.brandings.findForUpdate(input.professionalId);
  const revision = current?.revision ?? 0;
  if (input.expectedRevisions && !input.expectedRevisions.includes(revision)) return fail('RESOURCE.PRECONDITION_FAILED', { params: { revision } });
  const logo = input.branding.logoUploadId;
  const previousLogo = current?.logoUploadId ?? null;
  if (logo && logo !== previousLogo) {
    const claimed = await claimLogo(deps, { professionalId: input.professionalId, uploadId: logo, replacing: previousLogo });
    if (!claimed.ok) return claimed;
  }
  const next: Branding = {
    professionalId: input.professionalId,
    displayName: input.branding.displayName.trim(),
    ...colours,
    logoUploadId: logo,
    emailSignature: input.branding.emailSignature,
    revision: revision + 1,
    updatedAt: deps.now,
  };
  const before = current ?? defaultBranding(input.professionalId, null);
  const changes = Object.fromEntries(
    (['displayName', 'primaryColor', 'accentColor', 'logoUploadId', 'emailSignature'] as const)
      .filter((k) => before[k] !== next[k]).map((k) => [k, { before: current ? before[k] : undefined, after: next[k] }]),
  );
  if (current && Object.keys(changes).length === 0) return ok({ branding: current, created: false });
  await deps.brandings.save({ ...next, updatedBy: input.userId, updatedAt: deps.now }, current === null);
  await deps.audit.record({ action: current ? 'branding.updated' : 'branding.created', entityType: 'branding', entityId: input.professionalId, changes });
  if (previousLogo && previousLogo !== logo) await releaseLogo(deps, previousLogo);
  return ok({ branding: next, created: current === null });
}
