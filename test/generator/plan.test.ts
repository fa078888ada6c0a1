import { describe, expect, it } from 'vitest';
import { buildWsModel } from '../../generator/model/asyncapi.ts';
import { wsNamesFor } from '../helpers/plan.ts';
import { syntheticSpec } from '../ws/synthetic-spec.ts';

describe('WebSocket names', () => {
  it('names the objects directly in each payload after the payload and the property, clear of other names', async () => {
    const model = await buildWsModel(
      syntheticSpec((doc) => {
        doc.components.schemas.headlinePayloadMsg = { type: 'string' };
        doc.components.schemas.Subscription.properties.items = {
          type: 'array',
          items: { type: 'object', properties: { sid: { type: 'integer' } } },
        };
      }),
    );
    const names = wsNamesFor(model);
    const members = (declaration: { schema: string } | { message: string }) =>
      names.members(declaration).map((m) => `${m.property}${m.items ? '[]' : ''} ${m.name}`);
    // The inline subscribe command: `SubscribeParams` is a runtime export.
    expect(members({ message: 'subscribe' })).toEqual(['params SubscribeParams2']);
    expect(members({ schema: 'Subscription' })).toEqual(['msg Subscription2Msg', 'items[] Subscription2ItemsItem']);
    // Merged from its allOf: the object is its own.
    expect(members({ schema: 'tickSnapshotPayload' })).toEqual(['msg TickSnapshotPayloadMsg']);
    expect(members({ schema: 'headlinePayload' })).toEqual(['msg HeadlinePayloadMsg2']);
  });
});
