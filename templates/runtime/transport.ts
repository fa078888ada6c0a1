/** One HTTP exchange as the core sees it. Bodies are strings: every Kalshi body is JSON. */
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** The caller's signal: abort the exchange and throw its reason. */
  signal?: AbortSignal;
  /** Per-attempt limit in ms; 0 or absent: none. Past it, throw TransportTimeoutError. */
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
 * abort, timeout); any status, including 4xx/5xx, is a normal return. Inject your own for proxies, tests or
 * recording. Every transport enforces `request.timeout` itself, so the core creates no timer or AbortSignal per
 * attempt (on Node that costs a noticeable share of throughput); `withTimeout` does it for a fetch-like transport.
 */
export interface Transport {
  (request: HttpRequest): Promise<HttpResponse>;
}

/** Thrown by a transport when `request.timeout` passes; the core reports a TimeoutError. */
export class TransportTimeoutError extends Error {
  override name = 'TransportTimeoutError';
}

/**
 * Runs `send` with one AbortSignal that fires on the caller's signal and after `request.timeout`, and turns the
 * timeout into a TransportTimeoutError: the timeout handling of transports whose client takes an AbortSignal.
 */
export async function withTimeout<T>(request: HttpRequest, send: (signal?: AbortSignal) => Promise<T>): Promise<T> {
  const { signal, timeout = 0 } = request;
  if (!(timeout > 0)) return send(signal);
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal!.reason);
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort);
  const timer = setTimeout(
    () => controller.abort(new TransportTimeoutError(`no answer within ${timeout} ms`)),
    timeout,
  );
  try {
    return await send(controller.signal);
  } catch (err) {
    throw controller.signal.reason ?? err;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** The WHATWG fetch transport: browsers, edge runtimes, Deno, Bun, and Node when undici is not wanted. */
export function fetchTransport(fetchImpl: typeof fetch = globalThis.fetch): Transport {
  return (request) =>
    withTimeout(request, async (signal) => {
      const { method, headers, body } = request;
      const response = await fetchImpl(request.url, { method, headers, body, signal });
      const out: Record<string, string> = {};
      response.headers.forEach((value, key) => (out[key] = value));
      return { status: response.status, headers: out, body: await response.text() };
    });
}
