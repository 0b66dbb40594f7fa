import type { CheckinTimes } from './cadence.ts';
import type { ValidAnswers } from './form-schema.ts';

/** The check-in state machine's vocabulary: statuses, states, events, commands and rejections (state-machine.ts). */
export const CHECKIN_STATUSES = ['scheduled', 'pending', 'late', 'submitted', 'reviewed', 'missed'] as const;
export type CheckinStatus = (typeof CHECKIN_STATUSES)[number];

interface CheckinBase extends CheckinTimes {
  checkinId: string;
  patientId: string;
  formId: string;
  formVersion: number;
}
interface Submission { openedAt: Date; lateAt: Date | null; submittedAt: Date; submittedLate: boolean; answers: ValidAnswers }

export type CheckinState =
  | (CheckinBase & { status: 'scheduled' })
  | (CheckinBase & { status: 'pending'; openedAt: Date })
  | (CheckinBase & { status: 'late'; openedAt: Date; lateAt: Date })
  | (CheckinBase & { status: 'missed'; openedAt: Date; lateAt: Date; missedAt: Date })
  | (CheckinBase & Submission & { status: 'submitted' })
  | (CheckinBase & Submission & { status: 'reviewed'; reviewedAt: Date; reviewerId: string; reviewNotes: string | null });

export type CheckinEvent =
  | { type: 'checkin_opened'; checkinId: string; at: Date }
  | { type: 'checkin_became_late'; checkinId: string; at: Date }
  | { type: 'checkin_missed'; checkinId: string; at: Date }
  | { type: 'checkin_submitted'; checkinId: string; at: Date; late: boolean; formVersion: number; answers: ValidAnswers }
  | { type: 'checkin_reviewed'; checkinId: string; at: Date; reviewerId: string; notes: string | null; timeToReviewMs: number };

export type TimingCommand = { type: 'open' } | { type: 'mark_due' } | { type: 'mark_grace_ended' };
export type CheckinCommand =
  | TimingCommand
  /** The patient's answers, validated against the schema of `formVersion` (see validateResponses). */
  | { type: 'submit'; formVersion: number; answers: ValidAnswers }
  | { type: 'review'; reviewerId: string; notes: string | null };

export type CheckinRejection =
  | 'CHECKIN.TOO_EARLY'
  | 'CHECKIN.NOT_OPEN'
  | 'CHECKIN.ALREADY_SUBMITTED'
  | 'CHECKIN.MISSED'
  | 'CHECKIN.FORM_VERSION_MISMATCH'
  | 'CHECKIN.NOT_SUBMITTED'
  | 'CHECKIN.ALREADY_REVIEWED';
