import { readFile, writeFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { AUTHORIZATION_HEADER } from '../runtime/bearer.js';
import { KalshiError } from '../runtime/errors.js';
import { ACCESS_SIGNATURE_HEADER, ACCESS_TIMESTAMP_HEADER } from '../runtime/signer.js';
import { TransportTimeoutError, type HttpRequest, type HttpResponse, type Transport } from '../runtime/transport.js';

/**
 * Record real HTTP exchanges once, replay them in tests without a network. Recordings are indented JSON meant to
 * be read and reviewed: JSON bodies are stored as JSON, and the per-request timestamp and signature headers and a
 * bearer token's Authorization header are replaced by "[redacted]" (they change on every call or are secrets, and
 * are never needed to replay).
 *
 *   const recorder = recordingTransport(undiciTransport());
 *   const client = new KalshiClient({ transport: recorder.transport, ... });
 *   ...
 *   await recorder.save('test/recordings/markets.json');
 *
 *   const client = new KalshiClient({ transport: replayTransport(await loadRecording('test/recordings/markets.json')) });
 */

export const RECORDING_FORMAT = 'kalshi-recording/1';

export interface Recording {
  format: typeof RECORDING_FORMAT;
  exchanges: RecordedExchange[];
}

export interface RecordedExchange {
  request: RecordedRequest;
  /** What came back: a response, or the connection error that happened instead. */
  response?: RecordedResponse;
  error?: { name: string; message: string; code?: string };
}

export interface RecordedRequest {
  method: string;
  url: string;
  /** Lower-case names; ignored headers are stored as "[redacted]". */
  headers: Record<string, string>;
  /** The body parsed as JSON; `bodyText` when it is not JSON. */
  body?: unknown;
  bodyText?: string;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  bodyText?: string;
}

export interface RecordReplayOptions {
  /**
   * Headers that are redacted in recordings and not compared when replaying, besides KALSHI-ACCESS-TIMESTAMP,
   * KALSHI-ACCESS-SIGNATURE and Authorization (always redacted). Add e.g. `kalshi-access-key` to replay with a
   * different key than you recorded with.
   */
  ignoreHeaders?: string[];
}

export const REDACTED = '[redacted]';
const DEFAULT_IGNORED = [ACCESS_TIMESTAMP_HEADER, ACCESS_SIGNATURE_HEADER, AUTHORIZATION_HEADER];

/** No recorded exchange matches a request the code under test made. */
export class ReplayMismatchError extends KalshiError {
  override name = 'ReplayMismatchError';
  constructor(
    readonly request: RecordedRequest,
    readonly detail: string,
  ) {
    super(`no recorded exchange for ${request.method} ${request.url}: ${detail}`);
  }
}

export interface Recorder {
  /** Pass this to the client; it forwards to the real transport and records. */
  readonly transport: Transport;
  /** The exchanges so far. */
  recording(): Recording;
  /** Writes the recording as indented JSON. */
  save(path: string): Promise<void>;
}

export function recordingTransport(inner: Transport, options: RecordReplayOptions = {}): Recorder {
  const ignored = ignoredSet(options);
  const exchanges: RecordedExchange[] = [];
  const recording = (): Recording => ({ format: RECORDING_FORMAT, exchanges: structuredClone(exchanges) });
  const record = async (request: HttpRequest): Promise<HttpResponse> => {
    const exchange: RecordedExchange = { request: recordRequest(request, ignored) };
    exchanges.push(exchange);
    try {
      const response = await inner(request);
      exchange.response = { status: response.status, headers: { ...response.headers }, ...storedBody(response.body) };
      return response;
    } catch (err) {
      const e = err as { name?: string; message?: string; code?: string; cause?: { code?: string } };
      const code = e.code ?? e.cause?.code;
      exchange.error = { name: e.name ?? 'Error', message: e.message ?? String(err), ...(code ? { code } : {}) };
      throw err;
    }
  };
  return {
    // Requests pass through unchanged, so the inner transport enforces the timeout.
    transport: record,
    recording,
    async save(path) {
      await writeFile(path, formatRecording(recording()));
    },
  };
}

/** Indented JSON with a trailing newline, so recordings diff well. */
export function formatRecording(recording: Recording): string {
  return `${JSON.stringify(recording, null, 2)}\n`;
}

export async function loadRecording(path: string): Promise<Recording> {
  return parseRecording(await readFile(path, 'utf8'), path);
}

export function parseRecording(text: string, source = 'recording'): Recording {
  const value = JSON.parse(text) as Partial<Recording>;
  if (value.format !== RECORDING_FORMAT || !Array.isArray(value.exchanges)) {
    throw new KalshiError(`${source} is not a ${RECORDING_FORMAT} recording`);
  }
  return value as Recording;
}

export interface ReplayTransport extends Transport {
  /** Recorded exchanges not replayed yet. */
  remaining(): RecordedExchange[];
}

/**
 * Answers each request with the first unused recorded exchange whose method, URL, body and headers (other than the
 * ignored ones) match. Each exchange is used once, so repeated requests replay their recorded answers in order.
 */
export function replayTransport(recording: Recording, options: RecordReplayOptions = {}): ReplayTransport {
  const ignored = ignoredSet(options);
  const unused = [...recording.exchanges];
  const replay = async (request: HttpRequest): Promise<HttpResponse> => {
    if (request.signal?.aborted) throw request.signal.reason;
    const actual = recordRequest(request, ignored);
    const index = unused.findIndex((e) => mismatch(e.request, actual, ignored) === undefined);
    if (index === -1) {
      const near = unused.find((e) => e.request.method === actual.method && e.request.url === actual.url);
      throw new ReplayMismatchError(
        actual,
        near
          ? (mismatch(near.request, actual, ignored) ?? '')
          : `${unused.length} unused exchanges, none for this method and URL`,
      );
    }
    const [exchange] = unused.splice(index, 1);
    const failure = exchange!.error;
    if (failure)
      throw Object.assign(
        failure.name === 'TransportTimeoutError'
          ? new TransportTimeoutError(failure.message)
          : new Error(failure.message),
        failure,
      );
    const { status, headers, body, bodyText } = exchange!.response!;
    return { status, headers: { ...headers }, body: bodyText ?? (body === undefined ? '' : JSON.stringify(body)) };
  };
  return Object.assign(replay, { remaining: () => [...unused] });
}

function ignoredSet(options: RecordReplayOptions): Set<string> {
  return new Set([...DEFAULT_IGNORED, ...(options.ignoreHeaders ?? [])].map((h) => h.toLowerCase()));
}

function recordRequest(request: HttpRequest, ignored: Set<string>): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const key = name.toLowerCase();
    headers[key] = ignored.has(key) ? REDACTED : value;
  }
  return { method: request.method.toUpperCase(), url: request.url, headers, ...storedBody(request.body) };
}

function storedBody(text: string | undefined): { body?: unknown; bodyText?: string } {
  if (text === undefined || text === '') return {};
  try {
    return { body: JSON.parse(text) };
  } catch {
    return { bodyText: text };
  }
}

/** Why `recorded` does not match `actual`, or undefined when it does. */
function mismatch(recorded: RecordedRequest, actual: RecordedRequest, ignored: Set<string>): string | undefined {
  if (recorded.method !== actual.method) return `method ${actual.method}, recorded ${recorded.method}`;
  if (recorded.url !== actual.url) return `URL differs from recorded ${recorded.url}`;
  const names = new Set([...Object.keys(recorded.headers), ...Object.keys(actual.headers)].map((h) => h.toLowerCase()));
  for (const name of names) {
    if (ignored.has(name)) continue;
    const was = recorded.headers[name];
    const is = actual.headers[name];
    if (was !== is)
      return `header ${name} is ${is === undefined ? 'absent' : JSON.stringify(is)}, recorded ${was === undefined ? 'absent' : JSON.stringify(was)}`;
  }
  if (!isDeepStrictEqual(recorded.body, actual.body) || recorded.bodyText !== actual.bodyText)
    return 'request body differs from the recording';
  return undefined;
}
