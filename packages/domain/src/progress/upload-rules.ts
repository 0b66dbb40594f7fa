/**
 * What each upload purpose accepts: the declared content types, the size cap, who may ask, and whether it names
 * a patient. A declared type is checked again at confirmation against the file's first bytes (its magic number),
 * never trusted from a header. SVG is never accepted (it can carry script).
 */
export const UPLOAD_PURPOSES = ['progress_photo', 'lab_exam', 'logo'] as const;
export type UploadPurpose = (typeof UPLOAD_PURPOSES)[number];

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;
export const UPLOAD_CONTENT_TYPES = [...IMAGE_TYPES, 'application/pdf'] as const;
export type UploadContentType = (typeof UPLOAD_CONTENT_TYPES)[number];

const MB = 1024 * 1024;

export interface UploadRule {
  types: readonly UploadContentType[];
  maxBytes: number;
  roles: readonly ('professional' | 'patient')[];
  /** A photo and an exam belong to a patient; a logo to the practice. */
  patient: 'required' | 'absent';
}

export const UPLOAD_RULES: Record<UploadPurpose, UploadRule> = {
  progress_photo: { types: IMAGE_TYPES, maxBytes: 15 * MB, roles: ['professional', 'patient'], patient: 'required' },
  lab_exam: { types: ['application/pdf', ...IMAGE_TYPES], maxBytes: 15 * MB, roles: ['professional', 'patient'], patient: 'required' },
  logo: { types: ['image/png'], maxBytes: 1 * MB, roles: ['professional'], patient: 'absent' },
};

/** Upload URLs requested per user per rolling day (TEST-CATALOG 17). */
export const UPLOADS_PER_DAY = 50;
/** How long an upload URL can be used. */
export const UPLOAD_URL_TTL_MS = 10 * 60_000;
/** How long a read URL handed out with a photo or an exam lives. */
export const READ_URL_TTL_MS = 15 * 60_000;
/** An upload not confirmed within this is removed with its blob by the retention job. */
export const UNCONFIRMED_UPLOAD_TTL_MS = 24 * 3_600_000;

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const HEIF_BRANDS = ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'];

/** Bytes a magic-number check needs. */
export const SNIFF_BYTES = 16;

/** The content type the first bytes of a file show, or null when none of the accepted ones. */
export function sniffContentType(bytes: Uint8Array): UploadContentType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('ftyp'), 4) && HEIF_BRANDS.some((b) => startsWith(bytes, ascii(b), 8))) return 'image/heic';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  return null;
}
