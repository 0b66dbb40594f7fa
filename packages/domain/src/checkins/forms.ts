import type { CheckinAudit, CheckinStore } from './ports.ts';
import type { CheckinForm, CheckinFormVersion } from './types.ts';

export interface FormWithVersion { form: CheckinForm; version: CheckinFormVersion; versions: { version: number; createdAt: Date }[] }

export interface FormDeps { store: CheckinStore; audit: CheckinAudit; now: Date; newId: () => string }
