import type { FunctionDefinition } from './definitions.ts';

let table: readonly FunctionDefinition[] = [];

/** functions/index.ts publishes its table here, so the OpenAPI function can read it without importing the table (a cycle). */
export function publishFunctionTable(defs: readonly FunctionDefinition[]): void {
  table = defs;
}

export function functionTable(): readonly FunctionDefinition[] {
  return table;
}
