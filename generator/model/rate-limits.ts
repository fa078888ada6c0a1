/**
 * What the spec says about an operation's cost in Kalshi's token rate limits. Kalshi documents a non-default cost in
 * the operation's prose ("**Rate limit:** 2 tokens per request", in its description or the docs site's `x-mint`
 * note), and bills a batch endpoint (operationId `Batch…`) per item of the array in its body. The runtime charges the
 * default cost where the spec says nothing, and takes current costs from Kalshi when asked (GetAccountEndpointCosts).
 */
export interface RateLimitCost {
  /** Tokens per call, or per item of a batch. */
  cost?: number;
  /** The body arrays whose items a batch is billed by. */
  perItem?: string[];
}

const DOCUMENTED_COST = /\bRate limit\W{0,6}(\d+(?:\.\d+)?) tokens?\b/i;

export function rateLimitCost(
  operationId: string,
  documentation: readonly unknown[],
  bodyArrayFields: readonly string[],
): RateLimitCost {
  const result: RateLimitCost = {};
  for (const text of documentation) {
    const match = typeof text === 'string' ? DOCUMENTED_COST.exec(text) : null;
    if (match) {
      result.cost = Number(match[1]);
      break;
    }
  }
  // A batch may take its items in more than one array (a deprecated `ids` beside `orders`): every item is billed.
  if (/^batch/i.test(operationId) && bodyArrayFields.length) result.perItem = [...bodyArrayFields];
  return result;
}
