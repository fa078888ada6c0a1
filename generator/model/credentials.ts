import { SpecError, joinPointer } from '../errors.ts';
import type { OperationCredential, SecuritySchemeModel } from './types.ts';

/**
 * What credentials an operation takes, from its security requirements (alternatives, any one of which will do) and
 * the spec's schemes. The runtime has two: Kalshi's signed KALSHI-ACCESS-* headers, which the spec declares as
 * `apiKey` schemes, and an `http` `bearer` token. The first requirement made only of those decides; an empty
 * requirement beside it makes the credential optional (sent when the client has it). A requirement naming a scheme
 * the spec does not declare is an error, and so is an operation that can only be called with a kind of scheme the
 * runtime cannot send.
 */
export function operationCredential(
  security: readonly (readonly string[])[],
  schemes: readonly SecuritySchemeModel[],
  file: string,
  pointer: string,
): OperationCredential | undefined {
  const byName = new Map(schemes.map((s) => [s.name, s]));
  const kinds = security.map((requirement) =>
    requirement.map((name) => {
      const scheme = byName.get(name);
      if (!scheme)
        throw new SpecError(
          file,
          joinPointer(pointer, 'security'),
          `security scheme "${name}" is not declared under components/securitySchemes`,
        );
      return schemeCredential(scheme);
    }),
  );
  const usable = kinds.find((k) => k.length > 0 && k.every((c) => c !== undefined));
  if (!usable) {
    if (kinds.length > 0 && kinds.every((k) => k.length > 0)) {
      const names = security.flat().map((name) => `"${name}" (${describe(byName.get(name)!)})`);
      throw new SpecError(
        file,
        joinPointer(pointer, 'security'),
        `no security requirement the SDK can meet: ${[...new Set(names)].join(', ')}; it sends Kalshi's signed ` +
          'apiKey headers or an http bearer token',
      );
    }
    return undefined;
  }
  const credential = usable.includes('bearer') ? 'bearer' : 'signed';
  const optional = kinds.some((k) => k.length === 0);
  // An anonymous alternative beside a bearer token sends nothing: a replayable secret only goes where required.
  if (optional) return credential === 'signed' ? 'optional' : undefined;
  return credential;
}

function schemeCredential(scheme: SecuritySchemeModel): 'signed' | 'bearer' | undefined {
  if (scheme.type === 'apiKey' && scheme.in === 'header') return 'signed';
  if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer') return 'bearer';
  return undefined;
}

function describe(scheme: SecuritySchemeModel): string {
  return [scheme.type, scheme.scheme ?? scheme.in].filter(Boolean).join(' ');
}
