/** Small helpers the HTTP benchmark seeds share (bench/issue3.ts, bench/issue4.ts): calls that must succeed, distinct client addresses, bounded concurrency. */
export interface Res { status: number; body: any } // eslint-disable-line @typescript-eslint/no-explicit-any

export async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  const res = await fetch(url, { method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export const must = (what: string, r: Res, status: number) => { if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`); return r.body; };

/** A fresh X-Forwarded-For address per call (the login throttle counts per address), within 10.<block>.x.y. */
export function ipSequence(block: number): () => string {
  let counter = 0;
  return () => { const i = ++counter; return `10.${block}.${(i >> 8) & 255}.${(i & 255) + 1}`; };
}

/** Runs fn over items with at most `width` in flight. */
export async function pool<T>(items: T[], width: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => { while (next < items.length) { const i = next++; await fn(items[i]!, i); } }));
}

export interface RegisteredProfessional { email: string; professionalId: string }

/** Registers the measured professional (index 0) and `others` more through the API, two at a time. */
export async function registerProfessionals(baseUrl: string, o: { emailPrefix: string; name: string; password: string; others: number }): Promise<{ main: RegisteredProfessional; others: RegisteredProfessional[] }> {
  const register = async (i: number): Promise<RegisteredProfessional> => {
    const email = `${o.emailPrefix}-${i}@example.com`;
    const reg = must(`register ${i}`, await call('POST', `${baseUrl}/v1/auth/register`, { email, password: o.password, name: `${o.name} ${i}` }), 201);
    return { email, professionalId: reg.professionalId as string };
  };
  const main = await register(0);
  const others: RegisteredProfessional[] = [];
  await pool(Array.from({ length: o.others }, (_, i) => i + 1), 2, async (i) => { others.push(await register(i)); });
  return { main, others };
}
