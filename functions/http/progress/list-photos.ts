import * as v from 'valibot';
import { listPhotos } from '@korevitta/domain';
import { decodeCursor, encodeCursor, fromDomainError, PageQuery, progressCallerOf, registerHttp, withUploads } from '@korevitta/platform';
import { Instant } from '../shared-schemas.ts';
import { PatientParams } from './measurement-schemas.ts';
import { PhotoPage, photoResponses, Pose, toPhoto } from './photo-schemas.ts';

const Query = v.strictObject({ pose: v.optional(Pose), from: v.optional(Instant), to: v.optional(Instant), ...PageQuery });
const Key = v.strictObject({ takenAt: v.pipe(v.string(), v.isoTimestamp()), id: v.pipe(v.string(), v.uuid()) });

export default registerHttp({
  name: 'photos-list',
  operationId: 'listPhotos',
  method: 'GET',
  route: 'v1/patients/{patientId}/photos',
  summary: 'Progress photos newest first (by takenAt), with short-lived read URLs; `?pose=front&limit=2` gives a side-by-side pair',
  tag: 'Progress and biomarkers',
  auth: ['professional', 'patient'],
  params: PatientParams,
  query: Query,
  responses: { 200: { description: 'One page of photos', schema: PhotoPage }, ...photoResponses },
  handler: async ({ params, query, auth, rt, locale, requestId }) => {
    const key = decodeCursor(query.cursor, Key);
    const result = await withUploads(rt, { auth, requestId, now: rt.clock.now() }, (deps) => listPhotos(deps, progressCallerOf(auth), {
      patientId: params.patientId, pose: query.pose ?? null, from: query.from ? new Date(query.from) : null, to: query.to ? new Date(query.to) : null,
      after: key ? { takenAt: new Date(key.takenAt), id: key.id } : null, limit: query.limit,
    }), { kind: 'photos', patientIdOf: () => params.patientId });
    if (!result.ok) return fromDomainError(result.error, locale, requestId);
    const page = result.value.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor = result.value.length > query.limit && last ? encodeCursor({ takenAt: last.takenAt.toISOString(), id: last.id }) : null;
    return { status: 200, body: { items: page.map(toPhoto), nextCursor }, headers: { 'cache-control': 'no-store' } };
  },
});
