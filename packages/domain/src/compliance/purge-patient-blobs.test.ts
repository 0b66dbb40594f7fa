import { describe, expect, it } from 'vitest';
import type { BlobContainer, BlobStore } from '../progress/blob-port.ts';
import { patientBlobPrefix, purgePatientBlobs } from './purge-patient-blobs.ts';

const pro = '0193a3b4-1a2b-7c3d-8e4f-5a6b7c8d9e0f';
const patient = '0193a3b4-1a2b-7c3d-8e4f-5a6b7c8d9e10';

describe('purgePatientBlobs', () => {
  it('when it runs, then it deletes the patient folder in every container and counts what went', async () => {
    const calls: [BlobContainer, string][] = [];
    const blobs = { deleteUnder: async (c: BlobContainer, prefix: string) => { calls.push([c, prefix]); return c === 'photos' ? 2 : 1; } } as unknown as BlobStore;
    expect(await purgePatientBlobs({ blobs }, { professionalId: pro, patientId: patient })).toBe(5);
    // exports too: a patient export's ZIP sits in the patient's folder (ADR 0021).
    expect(calls).toEqual([['uploads', `${pro}/${patient}/`], ['photos', `${pro}/${patient}/`], ['exports', `${pro}/${patient}/`], ['documents', `${pro}/${patient}/`]]);
  });

  it('when an id is empty or not a uuid, then it refuses rather than purge a whole tenant', () => {
    expect(() => patientBlobPrefix({ professionalId: pro, patientId: '' })).toThrow();
    expect(() => patientBlobPrefix({ professionalId: pro, patientId: '../x' })).toThrow();
  });
});
