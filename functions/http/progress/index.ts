import type { FunctionDefinition } from '@korevitta/platform';
import recordMeasurement from './record-measurement.ts';
import listMeasurements from './list-measurements.ts';
import getMeasurement from './get-measurement.ts';

/** The progress and biomarkers endpoints (API.md "Progress and biomarkers"). */
export const progressFunctions: readonly FunctionDefinition[] = [
  recordMeasurement,
  listMeasurements,
  getMeasurement,
];
