/** A small fetch wrapper for HTTP tests against the local host. */
export interface ApiResponse<T = any> { status: number; headers: Headers; body: T; text: string } // eslint-disable-line @typescript-eslint/no-explicit-any

export interface RequestOptions { token?: string; headers?: Record<string, string>; rawBody?: string }

/** Sees every exchange (the test host validates responses against the OpenAPI document). */
export type ExchangeObserver = (method: string, path: string, res: ApiResponse) => void;

/** Sees every request body a test sends (the test host feeds its passwords and health texts to the log scan). */
export type RequestObserver = (body: unknown) => void;

export function apiClient(baseUrl: string, observe?: ExchangeObserver, observeRequest?: RequestObserver) {
  async function call(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<ApiResponse> {
    observeRequest?.(body ?? opts.rawBody);
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let payload: string | undefined = opts.rawBody;
    if (body !== undefined && payload === undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
    const response = { status: res.status, headers: res.headers, body: parsed, text };
    observe?.(method, path, response);
    return response;
  }
  return {
    get: (path: string, opts?: RequestOptions) => call('GET', path, undefined, opts),
    post: (path: string, body?: unknown, opts?: RequestOptions) => call('POST', path, body, opts),
    put: (path: string, body?: unknown, opts?: RequestOptions) => call('PUT', path, body, opts),
    patch: (path: string, body?: unknown, opts?: RequestOptions) => call('PATCH', path, body, opts),
    delete: (path: string, opts?: RequestOptions) => call('DELETE', path, undefined, opts),
    call,
  };
}
export type ApiClient = ReturnType<typeof apiClient>;
