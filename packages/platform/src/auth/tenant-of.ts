/** The database's view of an authenticated caller (the tenant context withTenant sets). */
export const tenantOf = (a: { userId: string; role: 'professional' | 'patient'; professionalId: string; patientId: string | null; sessionId: string }) => ({
  userId: a.userId,
  role: a.role,
  professionalId: a.professionalId,
  patientId: a.patientId,
  // Every tenant transaction of a request checks the token's session is still live (ADR 0014).
  sessionId: a.sessionId,
});
