import type { Product } from '../../templates/runtime/product.ts';

/**
 * A product for tests of the runtime on its own: both kinds of credentials, and hosts no test reaches (each passes
 * its own URLs and `env: {}`).
 */
export const TEST_PRODUCT: Product<'production' | 'demo'> = {
  name: 'Test API',
  environments: {
    production: { rest: 'https://api.test.example/trade-api/v2', ws: 'wss://api.test.example/trade-api/ws/v2' },
    demo: { rest: 'https://demo.test.example/trade-api/v2', ws: 'wss://demo.test.example/trade-api/ws/v2' },
  },
  envPrefix: 'KALSHI',
  credentials: ['signed', 'bearer'],
};
