import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { ProtocolContent } from './content.ts';
import { canRead, decideActivation, decideArchive, decideEdit, sameContent, supersede } from './lifecycle.ts';
import type { Protocol } from './types.ts';

const content = v.parse(ProtocolContent, { hydration: { dailyGoalMl: 2000 } });
const other = v.parse(ProtocolContent, { hydration: { dailyGoalMl: 2500 } });
const t0 = new Date('2026-11-01T10:00:00Z');
const now = new Date('2026-11-02T10:00:00Z');
const given = (over: Partial<Protocol> = {}): Protocol => ({
  id: 'p1', professionalId: 'pro', patientId: 'pat', name: 'Plano', status: 'draft', content, currentVersion: 0, rowVersion: 3, templateId: null,
  activatedAt: null, archivedAt: null, createdAt: t0, updatedAt: t0, ...over,
});
const active = () => given({ status: 'active', currentVersion: 2, activatedAt: t0 });

describe('protocol lifecycle: edits', () => {
  it('when a draft gets new content, then the content is rewritten, no version is made and the row version moves', () => {
    const r = decideEdit(given(), { expectedRowVersion: [3], content: other, now });
    expect(r).toEqual({ ok: true, value: { kind: 'draft_updated', next: given({ content: other, rowVersion: 4, updatedAt: now }) } });
  });

  it('when the active protocol gets new content, then version N+1 is decided', () => {
    const r = decideEdit(active(), { expectedRowVersion: [3], content: other, now });
    expect(r.ok && r.value.kind === 'new_version' && [r.value.version, r.value.next.currentVersion, r.value.next.rowVersion]).toEqual([3, 3, 4]);
  });

  it('when the active protocol is only renamed, then no new version is made', () => {
    const r = decideEdit(active(), { expectedRowVersion: [3], name: 'Novo nome', now });
    expect(r.ok && r.value.kind).toBe('active_renamed');
    expect(r.ok && r.value.kind === 'active_renamed' && r.value.next.currentVersion).toBe(2);
  });

  it('when the edit changes nothing (same content, keys in another order), then it is unchanged', () => {
    const sameReordered = v.parse(ProtocolContent, { hydration: { dailyGoalMl: 2000 } });
    expect(decideEdit(active(), { expectedRowVersion: [3], content: sameReordered, name: 'Plano', now })).toEqual({ ok: true, value: { kind: 'unchanged' } });
  });

  it.each([
    ['a stale row version', given(), 2, 'RESOURCE.PRECONDITION_FAILED'],
    ['an archived protocol', given({ status: 'archived', archivedAt: t0 }), 3, 'PROTOCOL.ARCHIVED'],
  ] as const)('when editing %s, then it fails', (_label, p, expected, code) => {
    const r = decideEdit(p, { expectedRowVersion: [expected], content: other, now });
    expect(r.ok ? null : r.error.code).toBe(code);
  });

  it('when If-Match is * (null), then any row version is accepted', () => {
    expect(decideEdit(given(), { expectedRowVersion: null, content: other, now }).ok).toBe(true);
  });
});

describe('protocol lifecycle: activation and archive', () => {
  it('when a draft is activated, then it becomes active with version 1 and the activation time', () => {
    const r = decideActivation(given(), { expectedRowVersion: null, now });
    expect(r).toEqual({ ok: true, value: { version: 1, next: given({ status: 'active', currentVersion: 1, activatedAt: now, rowVersion: 4, updatedAt: now }) } });
  });

  it.each([
    ['active', active(), 'PROTOCOL.ALREADY_ACTIVE'],
    ['archived', given({ status: 'archived', archivedAt: t0 }), 'PROTOCOL.ARCHIVED'],
  ] as const)('when an %s protocol is activated, then it is refused (no way back)', (_l, p, code) => {
    const r = decideActivation(p, { expectedRowVersion: null, now });
    expect(r.ok ? null : r.error.code).toBe(code);
  });

  it('when another protocol is activated, then the previous active one is archived at that moment', () => {
    expect(supersede(active(), now)).toMatchObject({ status: 'archived', archivedAt: now, rowVersion: 4, currentVersion: 2 });
  });

  it('when a draft or the active protocol is archived, then it is final; archiving again is refused', () => {
    const fromDraft = decideArchive(given(), { expectedRowVersion: [3], now });
    expect(fromDraft.ok && [fromDraft.value.next.status, fromDraft.value.wasActive]).toEqual(['archived', false]);
    const fromActive = decideArchive(active(), { expectedRowVersion: null, now });
    expect(fromActive.ok && fromActive.value.wasActive).toBe(true);
    const again = decideArchive(given({ status: 'archived', archivedAt: t0 }), { expectedRowVersion: null, now });
    expect(again.ok ? null : again.error.code).toBe('PROTOCOL.ARCHIVED');
  });
});

describe('protocol visibility', () => {
  it.each([
    ['a professional, a draft', given(), { role: 'professional', patientId: null }, true],
    ['its patient, the active one', active(), { role: 'patient', patientId: 'pat' }, true],
    ['its patient, a draft', given(), { role: 'patient', patientId: 'pat' }, false],
    ['another patient, the active one', active(), { role: 'patient', patientId: 'other' }, false],
  ] as const)('when %s, then readable = %s', (_l, p, caller, expected) => {
    expect(canRead(p, caller)).toBe(expected);
  });

  it('when two contents differ only in key order, then they are the same', () => {
    expect(sameContent({ hydration: { dailyGoalMl: 1000 } }, JSON.parse('{"hydration":{"dailyGoalMl":1000}}'))).toBe(true);
  });
});
