/** The WebSocket runtime's public API, re-exported by the generated `ws.ts`. */
export { KalshiWebSocketBase } from './client.js';
export type { KalshiWebSocketOptions, UnhandledFrame, WsClientEvents, WsStats } from './client.js';
export type { ReconnectOptions } from './backoff.js';
export {
  SubscriptionOverflowError,
  WsClosedError,
  WsCommandError,
  WsConnectionError,
  WsTimeoutError,
} from './errors.js';
export {
  BINARY_BOOK_SHAPE,
  COUNT_DECIMALS,
  OrderBook,
  OrderBookError,
  OrderBooks,
  PRICE_DECIMALS,
  formatPrice,
} from './orderbook.js';
export type {
  BookField,
  BookShape,
  BookSide,
  OrderBookLevel,
  OrderBookSnapshotMessage,
  OrderBookDeltaMessage,
} from './orderbook.js';
export type {
  ChannelDescriptor,
  MessageListener,
  MessageOfType,
  MessageType,
  OverflowPolicy,
  SubscribeParams,
  UpdateSubscriptionParams,
  WsProtocol,
} from './protocol.js';
export { Subscription } from './subscription.js';
export type { GapEvent, SubscriptionEvents, SubscriptionOptions, SubscriptionState } from './subscription.js';
