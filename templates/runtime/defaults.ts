import type { PaginationSpec } from './core.js';
import type { QueryParamSpec } from './query.js';

/*
 * What the runtime assumes where a generated descriptor (an `OperationSpec`) leaves a field out. The generator
 * imports these same values and leaves out exactly what equals them: a default is written once, here.
 */

/** A list operation's cursor goes out in the `cursor` query parameter and comes back in the `cursor` field. */
export const PAGINATION_DEFAULTS = { cursorParam: 'cursor', cursorField: 'cursor' } as const satisfies Required<
  Omit<PaginationSpec, 'items'>
>;

/** A query parameter given by its name alone is written `form`, exploded: OpenAPI's default. */
export const QUERY_PARAM_DEFAULTS = { style: 'form', explode: true } as const satisfies Required<
  Omit<QueryParamSpec, 'name'>
>;
