import type { FunctionDefinition } from '@korevitta/platform';
import recordMeasurement from './record-measurement.ts';
import listMeasurements from './list-measurements.ts';
import getMeasurement from './get-measurement.ts';
import requestUpload from './request-upload.ts';
import confirmPhoto from './confirm-photo.ts';
import listPhotos from './list-photos.ts';
import deletePhoto from './delete-photo.ts';
import listBiomarkers from './list-biomarkers.ts';
import recordLabPanel from './record-lab-panel.ts';
import listLabResults from './list-lab-results.ts';

/** The progress and biomarkers endpoints (API.md "Progress and biomarkers"). */
export const progressFunctions: readonly FunctionDefinition[] = [
  recordMeasurement,
  listMeasurements,
  getMeasurement,
  requestUpload,
  confirmPhoto,
  listPhotos,
  deletePhoto,
  listBiomarkers,
  recordLabPanel,
  listLabResults,
];
