import { EventEmitter } from 'node:events';
import { request, type Dispatcher } from 'undici';
import { TransportTimeoutError, type HttpRequest, type HttpResponse, type Transport } from './transport.js';

/**
 * Node transport on undici's `request` API: about three times the throughput of Node's global fetch on
 * loopback, because it skips the WHATWG Request/Response/stream machinery. Keep-alive comes from the dispatcher.
 *
 * It enforces the core's per-attempt timeout itself, through an EventEmitter that undici accepts as its abort
 * signal: a WHATWG AbortSignal per request costs several microseconds to create and wire up, a large share of a
 * loopback request.
 */
export function undiciTransport(dispatcher?: Dispatcher): Transport {
  const send = async ({ method, url, headers, body, signal, timeout }: HttpRequest): Promise<HttpResponse> => {
    // undici cannot ask an EventEmitter whether it already fired, so an aborted signal must stop us here.
    if (signal?.aborted) throw signal.reason;
    const abort = timeout || signal ? new Deadline(timeout, signal) : undefined;
    try {
      const response = await request(url, {
        method: method as Dispatcher.HttpMethod,
        headers,
        body,
        signal: abort?.emitter,
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

/** Emits `abort` when the timeout passes or the caller's signal aborts. */
class Deadline {
  readonly emitter = new EventEmitter();
  timedOut = false;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = () => this.emitter.emit('abort');

  constructor(timeout: number | undefined, signal: AbortSignal | undefined) {
    if (timeout && timeout > 0) {
      this.#timer = setTimeout(() => {
        this.timedOut = true;
        this.emitter.emit('abort');
      }, timeout);
    }
    this.#signal = signal;
    signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#signal?.removeEventListener('abort', this.#onAbort);
  }
}
