/** One HTTP exchange as the core sees it. Bodies are strings: every Kalshi body is JSON. */
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends a request and reads the whole response. Throws only when no HTTP answer arrived (connection error,
 * abort); any status, including 4xx/5xx, is a normal return. Inject your own for proxies, tests or recording.
 */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

/** The WHATWG fetch transport: browsers, edge runtimes, Deno, Bun, and Node when undici is not wanted. */
export function fetchTransport(fetchImpl: typeof fetch = globalThis.fetch): Transport {
  return async (request) => {
    const response = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return { status: response.status, headers, body: await response.text() };
  };
}
