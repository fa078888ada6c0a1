/** The platform-neutral public runtime API, re-exported by every entry point of the SDK. */
export { ApiPromise, KalshiCore } from './core.js';
export type {
  ApiResponse,
  ClientOptions,
  Hooks,
  OperationSpec,
  RateLimiter,
  RequestInfo,
  RequestOptions,
  ResponseInfo,
} from './core.js';
export type { ConnectionOptions } from './config.js';
export type { Credential, EnvironmentUrls, Product } from './product.js';
export * from './errors.js';
export * from './fixed-point.js';
export * from './pagination.js';
export * from './rate-limit.js';
export { TransportTimeoutError, fetchTransport, withTimeout } from './transport.js';
export type { HttpRequest, HttpResponse, Transport } from './transport.js';
export { ACCESS_KEY_HEADER, ACCESS_SIGNATURE_HEADER, ACCESS_TIMESTAMP_HEADER, signRequest } from './signer.js';
export type { Signer } from './signer.js';
export type { Platform } from './platform.js';
export { WebCryptoSigner } from './signer-web.js';
