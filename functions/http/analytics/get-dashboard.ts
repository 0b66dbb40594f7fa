import * as v from 'valibot';
import { singleLine, token, type Dashboard } from '@korevitta/domain';
import { fromDomainError, readDashboard, registerHttp } from '@korevitta/platform';
import { Count, Id, Instant } from '../shared-schemas.ts';

const Rate = v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(1)));
const AtRisk = v.strictObject({
  patientId: Id,
  name: singleLine(200),
  score: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100))),
  band: v.nullable(v.picklist(['low', 'moderate', 'high'])),
  /** The factor that contributes most to the score (as in GET /v1/patients/{id}/risk). */
  topFactor: v.nullable(token(/^[a-z0-9_]{1,40}$/, 40, 'slug')),
});
export const DashboardBody = v.strictObject({
  /** When the view was last computed (it is refreshed every 15 minutes); null before the first refresh. */
  computedAt: v.nullable(Instant),
  patients: v.strictObject({ total: Count, active: Count, atRisk: Count, paused: Count, archived: Count }),
  /** Up to ten at-risk patients, highest score first. */
  atRisk: v.pipe(v.array(AtRisk), v.maxLength(10)),
  checkins: v.strictObject({ awaitingReview: Count, oldestAwaitingSince: v.nullable(Instant), oldestWaitHours: v.nullable(Count) }),
  /** Completed tasks / tasks over complete days before the refresh (null without tasks); trend: last 7 days against the 7 before. */
  adherence: v.strictObject({ last7DaysRate: Rate, previous7DaysRate: Rate, last30DaysRate: Rate, trend: v.nullable(v.picklist(['up', 'down', 'flat'])) }),
  /** Followed patients (active or at risk) with no activity for 7 and for 14 days. */
  silentPatients: v.strictObject({ days7: Count, days14: Count }),
});

const toBody = (d: Dashboard): v.InferOutput<typeof DashboardBody> => ({
  computedAt: d.refreshedAt?.toISOString() ?? null,
  patients: d.patients,
  atRisk: d.atRisk,
  checkins: { awaitingReview: d.awaitingReview, oldestAwaitingSince: d.oldestAwaitingAt?.toISOString() ?? null, oldestWaitHours: d.oldestWaitHours },
  adherence: { last7DaysRate: d.adherence7d, previous7DaysRate: d.adherencePrevious7d, last30DaysRate: d.adherence30d, trend: d.adherenceTrend },
  silentPatients: d.silent,
});

export default registerHttp({
  name: 'dashboard-get',
  operationId: 'getDashboard',
  method: 'GET',
  route: 'v1/dashboard',
  summary: "The professional's day: patients by status, the at-risk ones, check-ins awaiting review, adherence and silent patients (from mv_patient_dashboard)",
  description: 'Eventually consistent: served from a materialized view refreshed every 15 minutes; `computedAt` says how fresh it is.',
  tag: 'Branding, subscription, analytics, compliance',
  auth: ['professional'],
  responses: { 200: { description: 'The dashboard', schema: DashboardBody }, 403: { description: 'Professionals only' } },
  handler: async ({ auth, rt, locale, requestId }) => {
    const result = await readDashboard(rt, auth);
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    return { status: 200, body: toBody(result.value) };
  },
});
