import type { WsModel } from '../../model/types.ts';
import { channelLocation, errorCodeLocation, INFO_LOCATION, messageLocation } from './locations.ts';
import { addFingerprint, ShapeFlattener } from './shape.ts';
import { schemaSurfaces } from './schemas.ts';
import { sortedRecord, sortedUnique } from './sorted.ts';
import type { Role, WsChannelSurface, WsMessageSurface, WsSurface } from './types.ts';

/** The normalised surface of a WebSocket API, from its model. */
export function wsSurface(model: WsModel): WsSurface {
  const documentation: Record<string, string> = {};
  const directRefs: Record<Role, Set<string>> = { request: new Set(), response: new Set() };

  const messages: Record<string, WsMessageSurface> = {};
  for (const m of model.messages) {
    const payload = new ShapeFlattener(documentation, (key) => messageLocation(m.key, key));
    payload.add(m.payload, '', { doc: [m.title, m.summary, m.description] });
    const role: Role = m.direction === 'client' ? 'request' : 'response';
    for (const name of payload.refs) directRefs[role].add(name);
    messages[m.key] = {
      name: m.name,
      direction: m.direction,
      contentType: m.contentType,
      ...(m.discriminator
        ? { discriminator: `${m.discriminator.field}=${sortedUnique(m.discriminator.values).join('|')}` }
        : {}),
      fields: sortedRecord(payload.fields),
    };
  }

  const channels: Record<string, WsChannelSurface> = {};
  for (const c of model.channels) {
    channels[c.name] = { address: c.address, messages: sortedUnique(c.messages) };
    addFingerprint(documentation, channelLocation(c.name), c.title, c.description);
  }

  const errorCodes: Record<string, string> = {};
  for (const e of model.errorCodes) {
    errorCodes[String(e.code)] = e.name;
    addFingerprint(documentation, errorCodeLocation(e.code), e.description);
  }
  addFingerprint(documentation, INFO_LOCATION, model.description);

  return {
    servers: sortedUnique(model.servers),
    messages: sortedRecord(messages),
    channels: sortedRecord(channels),
    schemas: schemaSurfaces(model.schemas, documentation, directRefs),
    errorCodes: sortedRecord(errorCodes),
    documentation: sortedRecord(documentation),
  };
}
