import { parentPort, workerData } from 'node:worker_threads';
import { prepareWs, serialize, type WsJobReply, type WsJobRequest, type WsJobStart } from './ws-job.ts';

/** The worker side of ws-job.ts: parses the AsyncAPI spec at once, builds the model when told the reserved names. */
const { location } = workerData as WsJobStart;
const prepared = prepareWs(location);

parentPort!.once('message', ({ reservedNames }: WsJobRequest) => {
  // Every failure, the parse's included, becomes the reply: nothing is left to reject unseen.
  void prepared
    .then((build): WsJobReply => ({ model: build({ reservedNames }) }))
    .catch((error: unknown): WsJobReply => ({ error: serialize(error) }))
    .then((reply) => parentPort!.postMessage(reply));
});
