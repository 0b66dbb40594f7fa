/** The check-in functions, for functions/index.ts and for tests. */
import listCheckinForms from './list-checkin-forms.ts';
import createCheckinForm from './create-checkin-form.ts';
import getCheckinForm from './get-checkin-form.ts';
import createCheckinFormVersion from './create-checkin-form-version.ts';
import getCheckinSchedule from './get-checkin-schedule.ts';
import putCheckinSchedule from './put-checkin-schedule.ts';
import listCheckins from './list-checkins.ts';
import listMyCheckins from './list-my-checkins.ts';
import getCheckin from './get-checkin.ts';
import submitCheckin from './submit-checkin.ts';
import reviewCheckin from './review-checkin.ts';

export const checkinFunctions = [
  listCheckinForms, createCheckinForm, getCheckinForm, createCheckinFormVersion, getCheckinSchedule, putCheckinSchedule,
  listCheckins, listMyCheckins, getCheckin, submitCheckin, reviewCheckin,
] as const;
