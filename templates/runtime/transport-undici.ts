import { request, type Dispatcher } from 'undici';
import { TransportTimeoutError, type HttpRequest, type HttpResponse, type Transport } from './transport.js';

/**
 * Node transport on undici's `request` API: about three times the throughput of Node's global fetch on
 * loopback, because it skips the WHATWG Request/Response/stream machinery. Keep-alive comes from the dispatcher.
 *
 * It enforces the per-attempt timeout (to within TICK_MS) through a minimal event source undici accepts as its
 * abort signal: a WHATWG AbortSignal, or a timer, per request costs several microseconds to create and wire up, a
 * large share of a loopback request.
 */
export function undiciTransport(dispatcher?: Dispatcher): Transport {
  return async ({ method, url, headers, body, signal, timeout = 0 }: HttpRequest): Promise<HttpResponse> => {
    if (signal?.aborted) throw signal.reason;
    const deadline =
      timeout > 0 || signal ? new Deadline(timeout > 0 ? Date.now() + timeout : Infinity, signal) : undefined;
    try {
      const response = await request(url, {
        method: method as Dispatcher.HttpMethod,
        headers,
        body,
        signal: deadline,
        dispatcher,
      });
      const text = await response.body.text();
      const out: Record<string, string> = {};
      for (const key in response.headers) {
        const value = response.headers[key];
        if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: response.statusCode, headers: out, body: text };
    } catch (err) {
      // The reason is the caller's, or the deadline's TransportTimeoutError.
      throw deadline?.reason ?? err;
    } finally {
      deadline?.dispose();
    }
  };
}

/** How often in-flight deadlines are checked: timeouts fire up to this late. */
const TICK_MS = 10;
const inFlight = new Set<Deadline>();
let ticker: ReturnType<typeof setInterval> | undefined;

function tick(): void {
  const now = Date.now();
  for (const deadline of inFlight) if (now >= deadline.at) deadline.fire(new TransportTimeoutError('deadline passed'));
  if (!inFlight.size) {
    clearInterval(ticker);
    ticker = undefined;
  }
}

/**
 * One attempt's deadline and the caller's signal, as the minimal EventTarget undici accepts for `signal`
 * (`addEventListener`/`removeEventListener` for its one listener, `aborted`, `reason`). Deadlines are checked by
 * one shared ticker rather than a timer each: a timer and an EventEmitter per request cost about 8% of loopback
 * throughput at 16 in flight. It listens to the caller's signal itself (`handleEvent`), so no closure is made.
 */
class Deadline {
  aborted = false;
  reason: unknown;
  #listener: (() => void) | undefined;

  constructor(
    readonly at: number,
    readonly signal: AbortSignal | undefined,
  ) {
    if (at < Infinity) {
      inFlight.add(this);
      (ticker ??= setInterval(tick, TICK_MS)).unref?.();
    }
    signal?.addEventListener('abort', this);
  }

  addEventListener(_event: 'abort', listener: () => void): void {
    this.#listener = listener;
  }

  removeEventListener(): void {
    this.#listener = undefined;
  }

  handleEvent(): void {
    this.fire(this.signal!.reason);
  }

  dispose(): void {
    inFlight.delete(this);
    this.signal?.removeEventListener('abort', this);
  }

  fire(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.dispose();
    this.#listener?.();
  }
}
