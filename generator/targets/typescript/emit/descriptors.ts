import type { OperationSpec, PaginationSpec } from '../../../../templates/runtime/core.ts';
import { PAGINATION_DEFAULTS, QUERY_PARAM_DEFAULTS } from '../../../../templates/runtime/defaults.ts';
import type { QueryParamSpec } from '../../../../templates/runtime/query.ts';
import type { SamplePaging } from '../../../../templates/testing/sample-exchange.ts';
import type { ChannelDescriptor, ErrorCodeInfo, WsProtocol } from '../../../../templates/ws/protocol.ts';
import { isQueryStyle } from '../../../model/openapi.ts';
import { resolveRef, type TypeTable } from '../../../model/type-queries.ts';
import type { OperationModel, ParameterModel, WsModel } from '../../../model/types.ts';

/*
 * What the generated code tells the runtime, built as values of the runtime's own types (imported from templates/),
 * so that the compiler checks the generator against what the runtime reads; emitters write them with printLiteral.
 */

/**
 * An operation's descriptor: only what the runtime needs, in a stable key order. What equals the runtime's default
 * is left out (every byte of it is in users' bundles), as are empty lists.
 */
export function operationSpec(op: OperationModel): OperationSpec {
  const query = op.parameters.filter((p) => p.in === 'query').map(queryParam);
  const headers = op.parameters.filter((p) => p.in === 'header').map((p) => p.name);
  const required = op.parameters.filter((p) => p.required).map((p) => p.name);
  const body = op.requestBody;
  if (body?.required && !body.fields) required.push('body');
  return {
    id: op.operationId,
    method: op.method,
    path: op.path,
    // Signed is the common case, written `true` (as short as it gets in every bundle).
    auth: op.auth === 'signed' ? true : op.auth,
    query: nonEmpty(query),
    headers: nonEmpty(headers),
    required: nonEmpty(required),
    // A spread body lists the params that are not body fields, so the runtime needs no parsing or cache to split them.
    body: body && (body.fields ? op.parameters.map((p) => p.name) : 'whole'),
    // A whole body that is not required is simply left out; only a spread one needs telling.
    optionalBody: (body?.fields && !body.required) || undefined,
    idempotencyKey: op.idempotencyKey,
    cost: op.rateLimit?.cost,
    perItem: op.rateLimit?.perItem,
    paginate: op.pagination && paginationSpec(op.pagination),
  };
}

function queryParam(p: ParameterModel): string | QueryParamSpec {
  if (p.style === QUERY_PARAM_DEFAULTS.style && p.explode === QUERY_PARAM_DEFAULTS.explode) return p.name;
  // The model refuses any other style when it reads the spec.
  if (!isQueryStyle(p.style)) throw new Error(`query parameter ${p.name}: style ${p.style} reached the emitter`);
  return { name: p.name, style: p.style, explode: p.explode };
}

function paginationSpec(pagination: NonNullable<OperationModel['pagination']>): PaginationSpec {
  const { cursorParam, cursorField, itemFields } = pagination;
  return {
    cursorParam: cursorParam === PAGINATION_DEFAULTS.cursorParam ? undefined : cursorParam,
    cursorField: cursorField === PAGINATION_DEFAULTS.cursorField ? undefined : cursorField,
    items: itemFields,
  };
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length ? list : undefined;
}

/**
 * The query parameter list operations take their page size from, by the common convention (as `cursor` is for
 * the cursor): honoured when it is an integer parameter.
 */
const PAGE_SIZE_PARAMETER = 'limit';

/** How the mock exchange pages a list operation's samples: by its cursor, and its page size when it has one. */
export function samplePaging(op: OperationModel, types: TypeTable): SamplePaging {
  const { cursorParam, cursorField, itemFields } = op.pagination!;
  const paging = { cursorParam, cursorField, items: itemFields };
  const limit = op.parameters.find((p) => p.in === 'query' && p.name === PAGE_SIZE_PARAMETER);
  if (!limit) return paging;
  const limitType = resolveRef(limit.type, types);
  if (limitType.kind !== 'number' || !limitType.integer) return paging;
  const fallback = [limit.type.default, limitType.default].find((value) => typeof value === 'number');
  return { ...paging, limitParam: limit.name, defaultLimit: fallback };
}

/** What the WebSocket runtime is given about the spec (`WS_PROTOCOL`): the model's channels, types and errors. */
export function wsProtocol(model: WsModel): WsProtocol & {
  channels: Record<string, ChannelDescriptor>;
  errorCodes: Record<number, ErrorCodeInfo>;
} {
  const server = model.messages.filter((m) => m.direction === 'server' && m.discriminator);
  return {
    channels: Object.fromEntries(
      model.channels.flatMap(({ name, subscription }) => {
        if (!subscription) return [];
        const { messageTypes, snapshotTypes, sequenced, overflow } = subscription;
        return [[name, { messageTypes, snapshotTypes, sequenced, overflow } satisfies ChannelDescriptor]];
      }),
    ),
    serverMessageTypes: [...new Set(server.flatMap((m) => m.discriminator!.values))],
    errorCodes: Object.fromEntries(
      model.errorCodes.map((e) => [e.code, { name: e.name, description: e.description } satisfies ErrorCodeInfo]),
    ),
  };
}
