import type { ProtocolContent } from './content.ts';
import { canonicalJson } from './lifecycle.ts';

/**
 * A structured diff between two protocol contents (beyond the seed): per component, the component's own
 * fields (nutrition daily targets, hydration goal) and its keyed items (meals, sessions, supplements)
 * added, removed or changed, with the changed fields as paths (`time`, `dose`, `exercises[0].loadKg`).
 * Items are matched by their stable `key`; unkeyed nested lists (meal items, exercises) by position.
 */
export const COMPONENTS = ['nutrition', 'training', 'supplementation', 'hydration'] as const;
export type ComponentName = (typeof COMPONENTS)[number];
export type ChangeKind = 'added' | 'removed' | 'changed';

/** A JSON value as stored; absent on one side is `null`. */
export interface FieldChange { field: string; from: unknown; to: unknown }
export interface ItemChange { key: string; name: string; change: ChangeKind; fields: FieldChange[] }
export interface ComponentDiff { component: ComponentName; change: ChangeKind; fields: FieldChange[]; items: ItemChange[] }
export interface ContentDiff { components: ComponentDiff[] }

interface Keyed { key: string; name: string }
const ITEMS: Record<ComponentName, string | null> = { nutrition: 'meals', training: 'sessions', supplementation: 'items', hydration: null };

export function diffContent(from: ProtocolContent, to: ProtocolContent): ContentDiff {
  const components: ComponentDiff[] = [];
  for (const component of COMPONENTS) {
    const a: unknown = from[component];
    const b: unknown = to[component];
    if (a === undefined && b === undefined) continue;
    const change: ChangeKind = a === undefined ? 'added' : b === undefined ? 'removed' : 'changed';
    const itemsKey = ITEMS[component];
    const fields = fieldChanges(omit(a, itemsKey), omit(b, itemsKey), '');
    const items = itemsKey ? itemChanges(keyedList(a, itemsKey), keyedList(b, itemsKey)) : [];
    if (change === 'changed' && fields.length === 0 && items.length === 0) continue;
    components.push({ component, change, fields, items });
  }
  return { components };
}

function itemChanges(before: Keyed[], after: Keyed[]): ItemChange[] {
  const out: ItemChange[] = [];
  const afterByKey = new Map(after.map((i) => [i.key, i]));
  const beforeByKey = new Map(before.map((i) => [i.key, i]));
  for (const item of before) {
    const next = afterByKey.get(item.key);
    if (!next) out.push({ key: item.key, name: item.name, change: 'removed', fields: fieldChanges(item, undefined, '') });
    else {
      const fields = fieldChanges(item, next, '');
      if (fields.length > 0) out.push({ key: item.key, name: next.name, change: 'changed', fields });
    }
  }
  for (const item of after) {
    if (!beforeByKey.has(item.key)) out.push({ key: item.key, name: item.name, change: 'added', fields: fieldChanges(undefined, item, '') });
  }
  return out;
}

/** Leaf-level changes between two JSON values; objects recurse by key, lists of objects by position. */
export function fieldChanges(a: unknown, b: unknown, path: string): FieldChange[] {
  if (isRecord(a) || isRecord(b)) {
    if ((a === undefined || isRecord(a)) && (b === undefined || isRecord(b))) {
      const keys = [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])].filter((k) => k !== 'key');
      return keys.flatMap((k) => fieldChanges(a?.[k], b?.[k], path ? `${path}.${k}` : k));
    }
  } else if (isRecordList(a) && isRecordList(b)) {
    const length = Math.max(a.length, b.length);
    return Array.from({ length }, (_, i) => fieldChanges(a[i], b[i], `${path}[${i}]`)).flat();
  }
  if (canonicalJson(a ?? null) === canonicalJson(b ?? null)) return [];
  return [{ field: path, from: a ?? null, to: b ?? null }];
}

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
const isRecordList = (x: unknown): x is Record<string, unknown>[] => Array.isArray(x) && x.every(isRecord);

function omit(value: unknown, key: string | null): unknown {
  if (!isRecord(value) || key === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
}

function keyedList(component: unknown, key: string): Keyed[] {
  if (!isRecord(component)) return [];
  const list = component[key];
  if (!Array.isArray(list)) return [];
  return list.filter((i): i is Keyed => isRecord(i) && typeof i.key === 'string' && typeof i.name === 'string');
}
