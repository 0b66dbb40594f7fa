/**
 * Values interpolated into e-mails come from users (names) or from our own code (links). Names are
 * reduced to one clean line before they reach either part: no control characters, no line breaks that
 * could fake extra paragraphs, no bidirectional overrides that could disguise a link; then HTML-escaped
 * in the HTML part.
 */
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const CONTROL_OR_BIDI = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;
const MAX_NAME_LENGTH = 120;

export function oneLine(value: string, maxLength = MAX_NAME_LENGTH): string {
  const clean = value.replace(CONTROL_OR_BIDI, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 1).trimEnd()}…` : clean;
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/** Links in our mails are built by our code; anything but http(s) is a bug, never rendered. */
export function safeLink(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('mail link is not an absolute URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('mail link must be http(s)');
  return parsed.href;
}
