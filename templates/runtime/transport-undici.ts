import { request, type Dispatcher } from 'undici';
import type { Transport } from './transport.js';

/**
 * Node transport on undici's `request` API: about three times the throughput of Node's global fetch on
 * loopback, because it skips the WHATWG Request/Response/stream machinery. Keep-alive comes from the dispatcher.
 */
export function undiciTransport(dispatcher?: Dispatcher): Transport {
  return async ({ method, url, headers, body, signal }) => {
    const response = await request(url, { method: method as Dispatcher.HttpMethod, headers, body, signal, dispatcher });
    const text = await response.body.text();
    const out: Record<string, string> = {};
    for (const key in response.headers) {
      const value = response.headers[key];
      if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { status: response.statusCode, headers: out, body: text };
  };
}
