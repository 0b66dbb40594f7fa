import type { ThreadContextType } from './types.ts';

export type CreateThreadError = 'REQUEST.VALIDATION' | 'PATIENT.NOT_FOUND' | 'THREAD.CONTEXT_NOT_ALLOWED' | 'THREAD.CONTEXT_NOT_FOUND';

export interface CreateThreadInput { patientId?: string | undefined; contextType: ThreadContextType; contextId?: string | null | undefined; subject?: string | null | undefined }
