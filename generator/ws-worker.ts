import { parentPort, workerData } from 'node:worker_threads';
import { readWsModel, serialize, type WsJobReply, type WsJobStart } from './ws-job.ts';

/** The worker side of ws-job.ts: reads the AsyncAPI spec and sends back its model, or why there is none. */
const { location } = workerData as WsJobStart;
// Every failure, the parse's included, becomes the reply: nothing is left to reject unseen.
void readWsModel(location)
  .then((model): WsJobReply => ({ model }))
  .catch((error: unknown): WsJobReply => ({ error: serialize(error) }))
  .then((reply) => parentPort!.postMessage(reply));
