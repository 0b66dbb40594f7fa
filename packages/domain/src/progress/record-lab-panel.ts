import { fail, invalid, ok, type Result } from '../shared/result.ts';
import { localDate } from '../daily/calendar.ts';
import { accessiblePatient } from './access.ts';
import type { LabDeps, LabPanelRecord } from './lab-ports.ts';
import type { ProgressCaller } from './ports.ts';
import { claimUpload } from './uploads.ts';
import { isStrippableImage } from './generate-thumbnail.ts';
import { type LabError, type LabPanelInput, type LabPanelView, canonicalValues, panelView } from './lab-results.ts';

/**
 * Records a lab panel for a patient (the professional for its own, the patient for itself): values in any
 * accepted unit, stored canonical with the original kept. An exam file, if attached, must be this patient's
 * `lab_exam` upload and pass the same checks as a photo (arrived, within the cap, magic number of the declared
 * type); it is then kept in the `documents` container, which nobody writes again, and the upload blob goes. A PDF
 * is copied as sent; a JPEG, PNG or WebP photo of a report is re-encoded without its metadata first (EXIF and GPS say
 * where and with what it was taken), and one that does not decode is refused like a content mismatch. HEIC cannot be
 * decoded here (ADR 0017) and is kept as sent.
 */
export async function recordLabPanel(deps: LabDeps, caller: ProgressCaller, input: LabPanelInput): Promise<Result<LabPanelView, LabError>> {
  const patient = await accessiblePatient(deps.store, caller, input.patientId);
  if (!patient) return fail('PATIENT.NOT_FOUND');
  if (input.collectedOn > localDate(deps.now, patient.timezone)) return invalid({ pointer: '/body/collectedOn', code: 'in_future' });
  const catalog = await deps.catalog.load();
  const checked = canonicalValues(catalog, input.values);
  if ('problems' in checked) return invalid(...checked.problems);
  let exam: { blob: string; contentType: string; uploadId: string } | null = null;
  if (input.examUploadId !== null) {
    if (!deps.blobs) return fail('UPLOAD.NOT_FOUND');
    const claimed = await claimUpload({ store: deps.store, blobs: deps.blobs, entitlements: deps.entitlements, now: deps.now }, { uploadId: input.examUploadId, patientId: patient.id, professionalId: patient.professionalId, purpose: 'lab_exam' });
    if (!claimed.ok) return claimed;
    const upload = claimed.value;
    const from = { container: 'uploads' as const, name: upload.blobName };
    const to = { container: 'documents' as const, name: upload.blobName };
    if (isStrippableImage(upload.contentType)) {
      const original = await deps.blobs.read(from);
      const stripped = original ? await deps.images.stripMetadata(original, upload.contentType) : null;
      if (!stripped) {
        // As a content mismatch in claimUpload: the file goes and the upload is rejected.
        await deps.blobs.delete(from);
        await deps.store.markUpload(upload.id, 'rejected', deps.now);
        return fail('UPLOAD.CONTENT_MISMATCH', { params: { declared: upload.contentType } });
      }
      await deps.blobs.write(to, stripped, upload.contentType);
    } else {
      await deps.blobs.copy(from, to);
    }
    exam = { blob: upload.blobName, contentType: upload.contentType, uploadId: upload.id };
  }
  const id = deps.newId();
  const panel: LabPanelRecord = {
    id, patientId: patient.id, collectedOn: input.collectedOn, laboratory: input.laboratory, examBlob: exam?.blob ?? null, documentContentType: exam?.contentType ?? null,
    recordedBy: caller.role, createdAt: deps.now, values: checked.values,
  };
  await deps.store.insertPanel({ ...panel, professionalId: patient.professionalId, uploadId: exam?.uploadId ?? null, recordedBy: { role: caller.role, userId: caller.userId }, catalogVersion: catalog.version });
  await deps.audit.record({ action: 'lab_panel.recorded', entityType: 'lab_panel', entityId: id, changes: { collectedOn: { after: input.collectedOn }, biomarkerCount: { after: checked.values.length } } });
  // The upload blob is removed once the copy is referenced; a failure here leaves it to the 24 h retention.
  if (exam && deps.blobs) await deps.blobs.delete({ container: 'uploads', name: exam.blob });
  return ok(await panelView(deps, catalog, patient, panel));
}
