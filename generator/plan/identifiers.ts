/**
 * What an identifier may be in the emitted JavaScript and TypeScript, and how a name from a spec becomes one. The
 * naming stage decides every emitted name with these rules, so a name means the same thing everywhere.
 */

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await arguments eval'
  ).split(' '),
);

/**
 * Names a function or client method must not take although JavaScript allows them: a module or an object with a
 * `then` member is a thenable, so `await import('kalshi-sdk')`, or an async function returning the client, would
 * call it as if it were a promise's.
 */
const THENABLE = new Set(['then']);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED.has(name);
}

function words(name: string): string[] {
  return name.split(/[^A-Za-z0-9]+/).filter(Boolean);
}

/** `market_lifecycle_v2` → `MarketLifecycleV2`; `GetRFQs` stays `GetRFQs`. */
export function pascalCase(name: string): string {
  const result = words(name)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
  if (!result) return '_';
  return /^[0-9]/.test(result) ? `_${result}` : result;
}

/** `orderbook_delta` → `ORDERBOOK_DELTA`, `marketLifecycleV2` → `MARKET_LIFECYCLE_V2`: the name of a constant. */
export function constantCase(name: string): string {
  const result = words(name)
    .flatMap((w) => w.split(/(?<=[a-z0-9])(?=[A-Z])/))
    .map((w) => w.toUpperCase())
    .join('_');
  if (!result) return '_';
  return /^[0-9]/.test(result) ? `_${result}` : result;
}

/** `GetMarkets` → `getMarkets`, `RFQCreate` → `rfqCreate`, `get-markets` → `getMarkets`. */
export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  const leadingCaps = /^[A-Z]+(?=[A-Z][a-z]|[0-9]|$)/.exec(pascal)?.[0];
  return leadingCaps
    ? leadingCaps.toLowerCase() + pascal.slice(leadingCaps.length)
    : pascal[0]!.toLowerCase() + pascal.slice(1);
}

/**
 * The name of a function or method from a spec's name: camelCase, with a trailing `_` where JavaScript reserves the
 * word or a member of that name would make its module or object a thenable; `note` says why, for its JSDoc.
 */
export function functionName(specName: string): { name: string; note?: string } {
  const wanted = camelCase(specName);
  if (THENABLE.has(wanted)) {
    const name = `${wanted}_`;
    return {
      name,
      note: `Named \`${name}\`, not \`${wanted}\`: a module or client with a \`${wanted}\` member would be taken for a promise.`,
    };
  }
  if (RESERVED.has(wanted))
    return { name: `${wanted}_`, note: `Named \`${wanted}_\`, not \`${wanted}\`: \`${wanted}\` is a reserved word.` };
  return { name: wanted };
}

/** A property key as it must be written in TypeScript source. */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}
