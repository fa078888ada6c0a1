import { channelLocation, errorCodeLocation, messageLocation } from '../surface/locations.ts';
import type { Role, WsChannelSurface, WsMessageSurface, WsSurface } from '../surface/types.ts';
import type { Change, ChangeKind } from './change.ts';
import { diffFieldMaps } from './fields.ts';
import { diffElements } from './keyed.ts';
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
  return diffElements(from, to, {
    kinds: ['ws.message-added', 'ws.message-removed'],
    locate: (key) => messageLocation(key),
    added: (_, after) => `${after.direction} message "${after.name}" added`,
    removed: (_, before) => `${before.direction} message "${before.name}" removed`,
    both: (key, before, after) => diffMessage(key, before, after, schemas),
  });
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
  return diffElements(from, to, {
    kinds: ['ws.channel-added', 'ws.channel-removed'],
    locate: channelLocation,
    added: (_, after) => `channel added (messages: ${after.messages.join(', ') || 'none'})`,
    removed: () => 'channel removed',
    both: diffChannel,
  });
}

function diffChannel(name: string, before: WsChannelSurface, after: WsChannelSurface): Change[] {
  const changes: Change[] = [];
  const push = (kind: ChangeKind, breaking: boolean, message: string) =>
    changes.push({ kind, location: channelLocation(name), breaking, message });
  if (before.address !== after.address)
    push('ws.channel-changed', false, `channel address changed from "${before.address}" to "${after.address}"`);
  const gone = before.messages.filter((m) => !after.messages.includes(m));
  const fresh = after.messages.filter((m) => !before.messages.includes(m));
  if (gone.length) push('ws.channel-message-removed', true, `channel no longer carries ${gone.join(', ')}`);
  if (fresh.length) push('ws.channel-message-added', false, `channel now also carries ${fresh.join(', ')}`);
  return changes;
}

function diffErrorCodes(from: Record<string, string>, to: Record<string, string>): Change[] {
  return diffElements(from, to, {
    kinds: ['ws.error-code-added', 'ws.error-code-removed'],
    locate: errorCodeLocation,
    added: (_, after) => `error code added ("${after}")`,
    removed: (_, before) => `error code removed (was "${before}")`,
    both: (code, before, after) =>
      before === after
        ? undefined
        : {
            kind: 'ws.error-code-changed',
            location: errorCodeLocation(code),
            breaking: false,
            message: `error code renamed from "${before}" to "${after}"`,
          },
  });
}
