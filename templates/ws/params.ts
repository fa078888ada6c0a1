/**
 * Keeps a subscription's subscribe parameters in step with `update_subscription`, so that a resubscribe (after a
 * reconnect or a gap) asks for the markets the subscription has now, not the ones it started with.
 *
 * Kalshi's update adds or removes markets named by ticker (`market_ticker` / `market_tickers`) or by id
 * (`market_id` / `market_ids`); its `ok` reply may list the full result (`msg.market_tickers` / `msg.market_ids`),
 * which then wins over the local computation.
 */
const MARKET_KEYS = [
  ['market_ticker', 'market_tickers'],
  ['market_id', 'market_ids'],
] as const;

export function applyMarketUpdate(
  params: Readonly<Record<string, unknown>>,
  update: Readonly<Record<string, unknown>>,
  reply: unknown,
): Record<string, unknown> {
  const next: Record<string, unknown> = { ...params };
  const acked = reply && typeof reply === 'object' ? (reply as { msg?: unknown }).msg : undefined;
  for (const [single, list] of MARKET_KEYS) {
    const changed = [...asList(update[single]), ...asList(update[list])];
    const current = [...asList(params[single]), ...asList(params[list])];
    // Keys neither the subscription nor the update uses stay absent (ticker and id filters exclude each other).
    if (!changed.length && !current.length) continue;
    const full = acked && typeof acked === 'object' ? (acked as Record<string, unknown>)[list] : undefined;
    const result = Array.isArray(full)
      ? full.filter((v): v is string => typeof v === 'string')
      : update.action === 'delete_markets'
        ? current.filter((v) => !changed.includes(v))
        : [...new Set([...current, ...changed])];
    delete next[single];
    next[list] = result;
  }
  return next;
}

function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
