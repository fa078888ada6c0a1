import { objectProperties, resolveRef, type TypeTable } from './type-queries.ts';
import type { AccountLimitsModel, OperationModel, TypeModel } from './types.ts';

/**
 * The operations a rate limiter reads an account's limits from, found by the shape of what they return (the fields
 * the runtime's `accountRateLimits` reads), never by their names: a GET that needs no parameters and answers with
 * `read` and `write` buckets (`refill_rate`, `bucket_capacity`), and one that answers with `default_cost` and an
 * `endpoint_costs` array. The first of each in the spec's order is taken; without a limits operation there is none.
 */
export function findAccountLimits(
  operations: readonly OperationModel[],
  types: TypeTable,
): AccountLimitsModel | undefined {
  const candidates = operations.filter(
    (op) =>
      op.method === 'GET' &&
      !op.deprecated &&
      op.success.type !== undefined &&
      !op.parameters.some((p) => p.required) &&
      !op.requestBody?.required,
  );
  const limits = candidates.find((op) => hasFields(op.success.type!, types, LIMITS));
  if (!limits) return undefined;
  const costs = candidates.find((op) => hasFields(op.success.type!, types, COSTS));
  return { limits: limits.operationId, ...(costs && { costs: costs.operationId }) };
}

type Shape = Readonly<Record<string, (t: TypeModel, types: TypeTable) => boolean>>;

const isNumber = (t: TypeModel, types: TypeTable) => resolveRef(t, types).kind === 'number';
const isArray = (t: TypeModel, types: TypeTable) => resolveRef(t, types).kind === 'array';
const BUCKET: Shape = { refill_rate: isNumber, bucket_capacity: isNumber };
const LIMITS: Shape = {
  read: (t, types) => hasFields(t, types, BUCKET),
  write: (t, types) => hasFields(t, types, BUCKET),
};
const COSTS: Shape = { default_cost: isNumber, endpoint_costs: isArray };

/** Whether `t` is an object whose required properties include every field of `shape`, each of its kind. */
function hasFields(t: TypeModel, types: TypeTable, shape: Shape): boolean {
  const properties = objectProperties(t, types);
  if (!properties) return false;
  return Object.entries(shape).every(([name, fits]) => {
    const property = properties.find((p) => p.name === name);
    return property !== undefined && property.required && fits(property.type, types);
  });
}
