import { ConfigError } from './errors.js';

/**
 * Bearer credentials, for operations whose security scheme is HTTP `bearer` with the format
 * `<admin_user_id>:<access_token>`: every such request sends `Authorization: Bearer <admin_user_id>:<access_token>`,
 * the same value each time (no signing). The token is a replayable secret, so it is sent only to operations that
 * ask for it, kept in the client's private state, and never shown to hooks, errors or recordings.
 */

export const AUTHORIZATION_HEADER = 'authorization';

/** How to give the client bearer credentials; ends the messages of errors about missing or malformed ones. */
export const BEARER_HINT = 'pass adminUserId and accessToken, or set KALSHI_ADMIN_USER_ID and KALSHI_ACCESS_TOKEN';

export interface BearerOptions {
  /** The admin user id, the part of the bearer token before the colon. Env: KALSHI_ADMIN_USER_ID. */
  adminUserId?: string;
  /** The access token, the part after the colon. Env: KALSHI_ACCESS_TOKEN. Never logged. */
  accessToken?: string;
}

/** Each part of the credentials: its option, and the environment variable read when the option is absent. */
const PARTS = [
  { option: 'adminUserId', variable: 'KALSHI_ADMIN_USER_ID' },
  { option: 'accessToken', variable: 'KALSHI_ACCESS_TOKEN' },
] as const;

/**
 * The Authorization header's value from options, else the environment (each part on its own), or undefined when
 * neither part is given. Throws ConfigError naming the part and what is wrong with it, never its value: a
 * mistyped part may hold the token.
 */
export function resolveBearer(options: BearerOptions, env: Record<string, string | undefined>): string | undefined {
  const values: unknown[] = PARTS.map(({ option, variable }) => options[option] ?? env[variable]);
  if (values.every((value) => value === undefined)) return undefined;
  PARTS.forEach(({ option, variable }, i) => {
    const problem = partProblem(values[i], option === 'adminUserId');
    // A part from the environment is named by its variable, so the message says where to look.
    const name = options[option] === undefined && values[i] !== undefined ? variable : option;
    if (problem) throw new ConfigError(`bearer credentials: ${name} ${problem}; ${BEARER_HINT}`);
  });
  return `Bearer ${values.join(':')}`;
}

/** What makes one part unusable in the header, or undefined when it is fine. */
function partProblem(value: unknown, beforeColon: boolean): string | undefined {
  if (value === undefined) return 'is missing';
  if (typeof value !== 'string') return `must be a string, not a ${typeof value}`;
  if (value === '') return 'is empty';
  if (/^bearer\s/i.test(value)) return 'starts with "Bearer ": give the token alone, the client adds the scheme';
  if (/\s/.test(value)) return 'contains whitespace';
  if (/[^\x21-\x7e]/.test(value)) return 'contains a character that is not printable ASCII';
  if (beforeColon && value.includes(':'))
    return 'contains ":" (give the part before the colon as adminUserId and the part after it as accessToken)';
  return undefined;
}
