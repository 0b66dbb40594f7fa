/** The database's view of an authenticated caller (the tenant context withTenant sets). */
export const tenantOf = (a: { userId: string; role: 'professional' | 'patient'; professionalId: string; patientId: string | null }) => ({
  userId: a.userId,
  role: a.role,
  professionalId: a.professionalId,
  patientId: a.patientId,
});
