/**
 * Keeps a subscription's subscribe parameters in step with `update_subscription`, so that a resubscribe (after a
 * reconnect or a gap) asks for what the subscription has now, not what it started with.
 *
 * Kalshi's updates add or remove items of a list parameter (`add_markets` / `delete_markets` with `market_tickers`
 * or `market_ids`; `subscribe_indices` / `unsubscribe_indices` with `index_ids`), naming one item by the singular key
 * (`market_ticker`) or several by its plural (`market_tickers`). Other actions (`get_snapshot`, `indexlist`) only ask
 * for something and change nothing. An `ok` reply may list the full result (`msg.market_tickers`), which then wins
 * over the local computation.
 */
const ADDS = /^(add|subscribe)(_|$)/;
const REMOVES = /^(delete|remove|unsubscribe)(_|$)/;
/** Keys of an update that address the subscription or say what to do, not what it covers. */
const CONTROL_KEYS = new Set(['action', 'sid', 'sids']);

export function applySubscriptionUpdate(
  params: Readonly<Record<string, unknown>>,
  update: Readonly<Record<string, unknown>>,
  reply: unknown,
): Record<string, unknown> {
  const action = typeof update.action === 'string' ? update.action : '';
  const adds = ADDS.test(action);
  if (!adds && !REMOVES.test(action)) return { ...params };
  const next: Record<string, unknown> = { ...params };
  const acked = reply && typeof reply === 'object' ? (reply as { msg?: unknown }).msg : undefined;
  // A list key, or a single item whose key (or its plural) the subscription already has; flags like
  // `send_initial_snapshot` are neither.
  const lists = new Set<string>();
  for (const [key, value] of Object.entries(update)) {
    if (CONTROL_KEYS.has(key)) continue;
    if (Array.isArray(value)) lists.add(key);
    else if (typeof value === 'string' && (key in params || `${key}s` in params)) lists.add(`${key}s`);
  }
  for (const list of lists) {
    const single = list.slice(0, -1);
    const changed = [...asList(update[single]), ...asList(update[list])];
    const current = [...asList(params[single]), ...asList(params[list])];
    if (!changed.length && !current.length) continue;
    const full = acked && typeof acked === 'object' ? (acked as Record<string, unknown>)[list] : undefined;
    const result = Array.isArray(full)
      ? full.filter((v): v is string => typeof v === 'string')
      : adds
        ? [...new Set([...current, ...changed])]
        : current.filter((v) => !changed.includes(v));
    delete next[single];
    next[list] = result;
  }
  return next;
}

function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Whether two sets of subscribe parameters ask for the same thing (they are JSON, and sent as such). */
export function sameParams(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
