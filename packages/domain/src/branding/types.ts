/** A practice's white label: what its patients see in the app and in every e-mail. */
export interface Branding {
  professionalId: string;
  displayName: string;
  primaryColor: string;
  accentColor: string;
  /** An upload with purpose `logo` (issue 10); null until one is set. */
  logoUploadId: string | null;
  emailSignature: string | null;
  /** 0 while the practice still shows the default branding (never saved). */
  revision: number;
  updatedAt: Date | null;
}

export interface BrandingInput {
  displayName: string;
  primaryColor: string;
  accentColor: string;
  logoUploadId: string | null;
  emailSignature: string | null;
}

/** KoreVitta's own branding, shown until a practice saves its own (primary #0B7A5A on white is 5.4:1). */
export const DEFAULT_BRANDING = {
  displayName: 'KoreVitta',
  primaryColor: '#0B7A5A',
  accentColor: '#0B7A5A',
} as const;

export function defaultBranding(professionalId: string, practiceName: string | null): Branding {
  return {
    professionalId,
    displayName: practiceName ?? DEFAULT_BRANDING.displayName,
    primaryColor: DEFAULT_BRANDING.primaryColor,
    accentColor: DEFAULT_BRANDING.accentColor,
    logoUploadId: null,
    emailSignature: null,
    revision: 0,
    updatedAt: null,
  };
}
