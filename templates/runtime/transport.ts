/** One HTTP exchange as the core sees it. Bodies are strings: every Kalshi body is JSON. */
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Per-attempt limit in ms, set by the core only for transports that declare `enforcesTimeout`. */
  timeout?: number;
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
export interface Transport {
  (request: HttpRequest): Promise<HttpResponse>;
  /**
   * True when the transport enforces `request.timeout` itself, throwing TransportTimeoutError. The core then passes
   * only the caller's signal instead of creating an AbortSignal per attempt, which costs a noticeable share of
   * throughput on Node. Other transports get the core's own timer and signal.
   */
  readonly enforcesTimeout?: boolean;
}

/** Thrown by a transport that enforces `request.timeout` when the limit passes; the core reports a TimeoutError. */
export class TransportTimeoutError extends Error {
  override name = 'TransportTimeoutError';
}

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
