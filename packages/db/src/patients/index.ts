export * from './patient-repository.ts';
export * from './invite-ledger.ts';
export * from './audit-trail.ts';
