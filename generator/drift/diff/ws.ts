import { channelLocation, errorCodeLocation, messageLocation } from '../surface/locations.ts';
import { unionKeys } from '../surface/sorted.ts';
import type { Role, WsChannelSurface, WsMessageSurface, WsSurface } from '../surface/types.ts';
import type { Change } from './change.ts';
import { diffFieldMaps } from './fields.ts';
import type { SchemaLookups } from './references.ts';
import { diffSchemas } from './schemas.ts';
import { diffServers } from './servers.ts';

/** API changes between two WebSocket surfaces: messages, channels, error codes and schemas. */
export function diffWs(from: WsSurface, to: WsSurface, schemas: SchemaLookups): Change[] {
  return [
    ...diffServers(from.servers, to.servers),
    ...diffMessages(from.messages, to.messages, schemas),
    ...diffChannels(from.channels, to.channels),
    ...diffErrorCodes(from.errorCodes, to.errorCodes),
    ...diffSchemas(from.schemas, to.schemas, schemas),
  ];
}

function diffMessages(
  from: Record<string, WsMessageSurface>,
  to: Record<string, WsMessageSurface>,
  schemas: SchemaLookups,
): Change[] {
  const changes: Change[] = [];
  for (const key of unionKeys(from, to)) {
    const [before, after] = [from[key], to[key]];
    const location = messageLocation(key);
    if (!before) {
      changes.push({
        kind: 'ws.message-added',
        location,
        breaking: false,
        message: `${after!.direction} message "${after!.name}" added`,
      });
    } else if (!after) {
      changes.push({
        kind: 'ws.message-removed',
        location,
        breaking: true,
        message: `${before.direction} message "${before.name}" removed`,
      });
    } else {
      changes.push(...diffMessage(key, before, after, schemas));
    }
  }
  return changes;
}

function diffMessage(key: string, before: WsMessageSurface, after: WsMessageSurface, schemas: SchemaLookups): Change[] {
  const location = messageLocation(key);
  const changes: Change[] = [];
  const identity = (m: WsMessageSurface) =>
    `${m.direction} message "${m.name}" (${m.contentType}${m.discriminator ? `, ${m.discriminator}` : ''})`;
  if (identity(before) !== identity(after)) {
    changes.push({
      kind: 'ws.message-changed',
      location,
      breaking: true,
      message: `changed from ${identity(before)} to ${identity(after)}`,
    });
  }
  const roles = new Set<Role>([before, after].map((m) => (m.direction === 'client' ? 'request' : 'response')));
  changes.push(
    ...diffFieldMaps(before.fields, after.fields, {
      locate: (path) => messageLocation(key, path),
      rolesOf: () => roles,
      familyOf: () => 'payload',
      schemas,
    }),
  );
  return changes;
}

function diffChannels(from: Record<string, WsChannelSurface>, to: Record<string, WsChannelSurface>): Change[] {
  const changes: Change[] = [];
  for (const name of unionKeys(from, to)) {
    const [before, after] = [from[name], to[name]];
    const location = channelLocation(name);
    if (!before) {
      changes.push({
        kind: 'ws.channel-added',
        location,
        breaking: false,
        message: `channel added (messages: ${after!.messages.join(', ') || 'none'})`,
      });
      continue;
    }
    if (!after) {
      changes.push({ kind: 'ws.channel-removed', location, breaking: true, message: 'channel removed' });
      continue;
    }
    if (before.address !== after.address) {
      changes.push({
        kind: 'ws.channel-changed',
        location,
        breaking: false,
        message: `channel address changed from "${before.address}" to "${after.address}"`,
      });
    }
    const gone = before.messages.filter((m) => !after.messages.includes(m));
    const fresh = after.messages.filter((m) => !before.messages.includes(m));
    if (gone.length)
      changes.push({
        kind: 'ws.channel-message-removed',
        location,
        breaking: true,
        message: `channel no longer carries ${gone.join(', ')}`,
      });
    if (fresh.length)
      changes.push({
        kind: 'ws.channel-message-added',
        location,
        breaking: false,
        message: `channel now also carries ${fresh.join(', ')}`,
      });
  }
  return changes;
}

function diffErrorCodes(from: Record<string, string>, to: Record<string, string>): Change[] {
  const changes: Change[] = [];
  for (const code of unionKeys(from, to)) {
    const [before, after] = [from[code], to[code]];
    const location = errorCodeLocation(code);
    if (before === undefined)
      changes.push({
        kind: 'ws.error-code-added',
        location,
        breaking: false,
        message: `error code added ("${after}")`,
      });
    else if (after === undefined)
      changes.push({
        kind: 'ws.error-code-removed',
        location,
        breaking: true,
        message: `error code removed (was "${before}")`,
      });
    else if (before !== after)
      changes.push({
        kind: 'ws.error-code-changed',
        location,
        breaking: false,
        message: `error code renamed from "${before}" to "${after}"`,
      });
  }
  return changes;
}
