import { and, asc, eq, isNull } from 'drizzle-orm';
import { MEASUREMENT_FIELDS, type MeasurementStore, type MeasurementValues } from '@korevitta/domain';
import type { Tx } from '../tenant.ts';
import { bodyMeasurements, patients } from '../schema/index.ts';

/** Body measurements through the caller's RLS: another tenant's patient or rows are simply absent. */
export function createMeasurementStore(tx: Tx): MeasurementStore {
  return {
    async patient(patientId) {
      const [row] = await tx.select({ id: patients.id, professionalId: patients.professionalId, timezone: patients.timezone })
        .from(patients).where(and(eq(patients.id, patientId), isNull(patients.deletedAt))).limit(1);
      return row ?? null;
    },
    async insert(m) {
      await tx.insert(bodyMeasurements).values({
        id: m.id, professionalId: m.professionalId, patientId: m.patientId, measuredOn: m.measuredOn, ...m.values,
        recordedByRole: m.recordedBy.role, recordedByUserId: m.recordedBy.userId, createdAt: m.createdAt, updatedAt: m.createdAt,
      });
    },
    async all(patientId) {
      const rows = await tx.select().from(bodyMeasurements).where(eq(bodyMeasurements.patientId, patientId))
        .orderBy(asc(bodyMeasurements.measuredOn), asc(bodyMeasurements.createdAt)).limit(5000);
      return rows.map((r) => ({
        id: r.id,
        patientId: r.patientId,
        measuredOn: r.measuredOn,
        values: Object.fromEntries(MEASUREMENT_FIELDS.map((f) => [f, r[f] === null ? null : Number(r[f])])) as MeasurementValues,
        recordedBy: { role: r.recordedByRole, userId: r.recordedByUserId },
        createdAt: r.createdAt,
      }));
    },
  };
}
