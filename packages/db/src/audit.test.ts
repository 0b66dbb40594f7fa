import { describe, expect, it } from 'vitest';
import { MASKED_VALUE, maskChanges } from './audit.ts';

describe('maskChanges (what the audit trail keeps of a change)', () => {
  it('when health values or secrets change, then the trail says which changed and keeps the shape, never the value', () => {
    expect(maskChanges({
      notes: { before: 'asma', after: 'asma leve' },
      content: { after: { hydration: { dailyGoalMl: 2000 } } },
      reviewNotes: { after: 'ótima semana' },
      amountMl: { after: 300 },
      weightKg: { before: 80, after: null },
      passwordHash: { after: '$argon2id$…' },
    })).toEqual({
      notes: { before: MASKED_VALUE, after: MASKED_VALUE },
      content: { after: MASKED_VALUE },
      reviewNotes: { after: MASKED_VALUE },
      amountMl: { after: MASKED_VALUE },
      weightKg: { before: MASKED_VALUE, after: null },
      passwordHash: { after: MASKED_VALUE },
    });
  });

  it('when names, contact details, states and numbers of versions change, then the values are kept', () => {
    const changes = {
      name: { before: 'Ana', after: 'Ana B' }, email: { after: 'ana@example.com' }, status: { before: 'active', after: 'paused' },
      contentVersion: { before: 1, after: 2 }, revision: { before: 3, after: 4 }, timezone: { after: 'America/Manaus' },
    };
    expect(maskChanges(changes)).toEqual(changes);
  });
});
