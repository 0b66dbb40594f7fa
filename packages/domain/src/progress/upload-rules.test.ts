import { describe, expect, it } from 'vitest';
import { sniffContentType, UPLOAD_RULES } from './upload-rules.ts';

const bytes = (...parts: (number[] | string)[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('upload rules', () => {
  it('when the first bytes are read, then each accepted type is recognised by its magic number', () => {
    expect(sniffContentType(bytes([0xff, 0xd8, 0xff, 0xe1]))).toBe('image/jpeg');
    expect(sniffContentType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffContentType(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffContentType(bytes([0, 0, 0, 24], 'ftypheic'))).toBe('image/heic');
    expect(sniffContentType(bytes([0, 0, 0, 24], 'ftypmif1'))).toBe('image/heic');
    expect(sniffContentType(bytes('%PDF-1.7'))).toBe('application/pdf');
  });

  it('when the bytes are something else (SVG, HTML, a video, too short), then no type', () => {
    expect(sniffContentType(bytes('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeNull();
    expect(sniffContentType(bytes('<!doctype html>'))).toBeNull();
    expect(sniffContentType(bytes([0, 0, 0, 24], 'ftypmp42'))).toBeNull();
    expect(sniffContentType(bytes([0xff, 0xd8]))).toBeNull();
    expect(sniffContentType(new Uint8Array())).toBeNull();
  });

  it('when purposes are compared, then photos take images only, exams also PDF, a logo only PNG up to 1 MB and never from a patient', () => {
    expect(UPLOAD_RULES.progress_photo.types).not.toContain('application/pdf');
    expect(UPLOAD_RULES.lab_exam.types).toContain('application/pdf');
    expect(UPLOAD_RULES.logo).toMatchObject({ types: ['image/png'], maxBytes: 1024 * 1024, roles: ['professional'], patient: 'absent' });
    for (const rule of Object.values(UPLOAD_RULES)) expect(rule.types).not.toContain('image/svg+xml');
    expect(UPLOAD_RULES.progress_photo.maxBytes).toBe(15 * 1024 * 1024);
  });
});
