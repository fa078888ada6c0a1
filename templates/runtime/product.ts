/**
 * What the runtime knows of the Kalshi product a client talks to (the event-contract exchange, Perps, Klear…). The
 * generator emits one per product from its specs; the runtime itself names none.
 */
export interface Product<E extends string = string> {
  /** For messages: `Klear`. */
  readonly name: string;
  /** Each environment's URLs, from the spec's servers; `ws` is '' for a product without a WebSocket API. */
  readonly environments: Readonly<Record<E, EnvironmentUrls>>;
  /** Prefix of the variables that override the URLs: `<envPrefix>_BASE_URL`, `<envPrefix>_WS_URL`. */
  readonly envPrefix: string;
  /**
   * The credentials its operations take, from their security schemes: only these are read from the options and the
   * environment, so a Klear client never parses a PEM and a trading client never reads a bearer token.
   */
  readonly credentials: readonly Credential[];
}

export interface EnvironmentUrls {
  readonly rest: string;
  readonly ws: string;
}

/** `signed`: the KALSHI-ACCESS-* headers, RSA-PSS signed per attempt; `bearer`: `Authorization: Bearer …`. */
export type Credential = 'signed' | 'bearer';
