import { request, type Dispatcher } from 'undici';
import { TransportTimeoutError, type HttpRequest, type HttpResponse, type Transport } from './transport.js';

/**
 * Node transport on undici's `request` API: about three times the throughput of Node's global fetch on
 * loopback, because it skips the WHATWG Request/Response/stream machinery. Keep-alive comes from the dispatcher.
 *
 * It enforces the core's per-attempt timeout itself (to within TICK_MS), through a minimal event source undici
 * accepts as its abort signal: a WHATWG AbortSignal, or a timer, per request costs several microseconds to create
 * and wire up, a large share of a loopback request.
 */
export function undiciTransport(dispatcher?: Dispatcher): Transport {
  const send = async ({ method, url, headers, body, signal, timeout }: HttpRequest): Promise<HttpResponse> => {
    if (signal?.aborted) throw signal.reason;
    const abort = timeout || signal ? new Deadline(timeout, signal) : undefined;
    try {
      const response = await request(url, {
        method: method as Dispatcher.HttpMethod,
        headers,
        body,
        signal: abort,
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
      if (abort?.timedOut) throw new TransportTimeoutError(`no complete answer within ${timeout} ms`, { cause: err });
      if (signal?.aborted) throw signal.reason;
      throw err;
    } finally {
      abort?.dispose();
    }
  };
  return Object.assign(send, { enforcesTimeout: true });
}

/** How often in-flight deadlines are checked: timeouts fire up to this late. */
const TICK_MS = 10;
const inFlight = new Set<Deadline>();
let ticker: ReturnType<typeof setInterval> | undefined;

function tick(): void {
  const now = Date.now();
  for (const deadline of inFlight) deadline.expireIfDue(now);
  if (inFlight.size === 0) {
    clearInterval(ticker);
    ticker = undefined;
  }
}

/**
 * One attempt's deadline and the caller's signal, as the minimal event source undici accepts for `signal`
 * (`on`/`once`/`removeListener`, `aborted`, `reason`). Deadlines are checked by one shared ticker rather than a
 * timer each: a timer and an EventEmitter per request cost about 8% of loopback throughput at 16 in flight.
 */
class Deadline {
  aborted = false;
  reason: unknown;
  timedOut = false;
  readonly #at: number;
  readonly #signal: AbortSignal | undefined;
  #listener: (() => void) | undefined;
  readonly #onAbort = () => this.#fire(this.#signal!.reason);

  constructor(timeout: number | undefined, signal: AbortSignal | undefined) {
    this.#at = timeout && timeout > 0 ? Date.now() + timeout : Infinity;
    if (this.#at !== Infinity) {
      inFlight.add(this);
      ticker ??= setInterval(tick, TICK_MS);
      ticker.unref?.();
    }
    this.#signal = signal;
    signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  on(_event: 'abort', listener: () => void): this {
    this.#listener = listener;
    return this;
  }

  once(event: 'abort', listener: () => void): this {
    return this.on(event, listener);
  }

  removeListener(_event: 'abort', listener: () => void): this {
    if (this.#listener === listener) this.#listener = undefined;
    return this;
  }

  expireIfDue(now: number): void {
    if (now < this.#at) return;
    this.timedOut = true;
    this.#fire(new TransportTimeoutError('deadline passed'));
  }

  dispose(): void {
    inFlight.delete(this);
    this.#signal?.removeEventListener('abort', this.#onAbort);
  }

  #fire(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.dispose();
    this.#listener?.();
  }
}
