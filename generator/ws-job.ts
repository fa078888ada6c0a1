import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CodegenError, SpecError } from './errors.ts';
import { loadSpec } from './load/index.ts';
import { buildWsModel } from './model/asyncapi.ts';
import type { WsModel } from './model/types.ts';

/**
 * The WebSocket half of a generation: reading the AsyncAPI spec and modelling it. @asyncapi/parser's validation is
 * the slowest single step of a generation, so the built generator (bin/codegen.js runs dist/) does it on a worker
 * thread while the main thread does the REST half. Run from the TypeScript sources (tests, tsx) it runs in-process.
 */
export interface WsJob {
  /** The model, as soon as it is built: it names nothing, so it needs nothing from the REST half. */
  model(): Promise<WsModel>;
  /** Stops the work; a generation calls it whatever happens so that no worker outlives it. */
  dispose(): void;
}

/** The built worker script, next to the built generator; absent when running from sources. */
const WORKER_SCRIPT = new URL('./ws-worker.mjs', import.meta.url);

export function startWsJob(location: string): WsJob {
  return WORKER_SCRIPT.protocol === 'file:' && existsSync(fileURLToPath(WORKER_SCRIPT))
    ? workerJob(location)
    : inProcessJob(location);
}

/** Reads the spec and builds its model. */
export function readWsModel(location: string): Promise<WsModel> {
  return loadSpec(location).then(buildWsModel);
}

function inProcessJob(location: string): WsJob {
  const model = readWsModel(location);
  // Its failure waits for model() rather than surfacing as unhandled.
  model.catch(() => {});
  return { model: () => model, dispose() {} };
}

function workerJob(location: string): WsJob {
  const worker = new Worker(WORKER_SCRIPT, { workerData: { location } satisfies WsJobStart });
  // Listened for at once: the reply may come before anyone asks for it.
  const model = new Promise<WsModel>((resolve, reject) => {
    worker.once('message', (reply: WsJobReply) =>
      'model' in reply ? resolve(reply.model) : reject(revive(reply.error)),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new CodegenError(`the WebSocket worker stopped (exit code ${code})`)));
  });
  model.catch(() => {});
  return { model: () => model, dispose: () => void worker.terminate() };
}

export interface WsJobStart {
  location: string;
}
export type WsJobReply = { model: WsModel } | { error: SerializedError };

/** Errors cross the thread boundary as data; the main thread rebuilds the generator's own kinds so they print alike. */
type SerializedError =
  | { kind: 'spec'; file: string; pointer: string; problem: string }
  | { kind: 'codegen'; message: string }
  | { kind: 'other'; message: string; stack?: string };

export function serialize(error: unknown): SerializedError {
  if (error instanceof SpecError)
    return { kind: 'spec', file: error.file, pointer: error.pointer, problem: error.problem };
  if (error instanceof CodegenError) return { kind: 'codegen', message: error.message };
  const e = error instanceof Error ? error : new Error(String(error));
  return { kind: 'other', message: e.message, stack: e.stack };
}

function revive(error: SerializedError): Error {
  if (error.kind === 'spec') return new SpecError(error.file, error.pointer, error.problem);
  if (error.kind === 'codegen') return new CodegenError(error.message);
  return Object.assign(new Error(error.message), { stack: error.stack });
}
