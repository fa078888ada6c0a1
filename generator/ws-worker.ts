import { parentPort, workerData } from 'node:worker_threads';
import { prepareWs, serialize, type WsJobReply, type WsJobRequest, type WsJobStart } from './ws-job.ts';

/** The worker side of ws-job.ts: parses the AsyncAPI spec at once, builds the model when told the reserved names. */
const { location } = workerData as WsJobStart;
const prepared = prepareWs(location);

parentPort!.once('message', async ({ reservedNames }: WsJobRequest) => {
  let reply: WsJobReply;
  try {
    reply = { model: (await prepared)({ reservedNames }) };
  } catch (error) {
    reply = { error: serialize(error) };
  }
  parentPort!.postMessage(reply);
});
