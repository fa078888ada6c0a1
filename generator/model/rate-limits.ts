/**
 * Kalshi's write-limited operations (https://docs.kalshi.com, "Rate limits"): every other operation is a read.
 * Keyed by operationId so a renamed path keeps its cost; batch operations cost per item of their body array.
 * The drift contract tests fail when one of these operationIds disappears from the spec.
 */
export const WRITE_LIMITED_OPERATIONS: Record<string, number | { perItem: number }> = {
  CreateOrder: 1,
  CancelOrder: 1,
  AmendOrder: 1,
  DecreaseOrder: 1,
  BatchCreateOrders: { perItem: 1 },
  BatchCancelOrders: { perItem: 0.2 },
};

/** The rate-limit cost the runtime should charge for an operation, or undefined for reads. */
export function writeCost(
  operationId: string,
  arrayFieldsOfBody: string[],
): number | { field: string; per: number } | undefined {
  const cost = WRITE_LIMITED_OPERATIONS[operationId];
  if (cost === undefined || typeof cost === 'number') return cost;
  // A batch body has one array of items (orders to create, ids or orders to cancel).
  const field = arrayFieldsOfBody[0];
  return field ? { field, per: cost.perItem } : 1;
}
