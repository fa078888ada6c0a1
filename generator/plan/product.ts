import { posix } from 'node:path';
import type { ProductConfig } from '../products.ts';
import { camelCase } from './identifiers.ts';

/**
 * The names a product's modules declare themselves, all from its configured prefix (`name` in specs/products.json),
 * so every product follows one rule: `<Name>Client`, `create<Name>Core`, `<Name>WebSocket`.
 */
export function productOwnNames({ name, entry }: Pick<ProductConfig, 'name' | 'entry'>) {
  return {
    /** Its mock exchange's namespace in `kalshi-sdk/testing`, for a product that is not the root's. */
    testingNamespace: camelCase(entry),
    /** The entry's REST client, bound to the platform. */
    client: `${name}Client`,
    /** The entry's client without methods, for the smallest bundles. */
    createCore: `create${name}Core`,
    /** The WebSocket module's client, and the entry's, bound to the platform. */
    webSocket: `${name}WebSocket`,
    /** The WebSocket module's client as the entry points import it, to bind it to the platform. */
    webSocketForPlatform: `${name}WebSocketForPlatform`,
    /** The REST facade the entry's client extends (client.ts). */
    clientBase: `${name}ClientBase`,
    /** The WebSocket module's typed subscription. */
    subscription: `${name}Subscription`,
  } as const;
}

/** What the product module (product.ts) declares: its environments and the runtime's view of the product. */
export const PRODUCT_MODULE_NAMES = {
  environments: 'ENVIRONMENTS',
  environment: 'Environment',
  product: 'PRODUCT',
} as const;

/** The import specifier, in a module of folder `dir` under src/, of the SDK module at `path` (under src/). */
export function moduleSpecifier(dir: string, path: string): string {
  const relative = posix.relative(dir || '.', path).replace(/\.ts$/, '.js');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
