import { Scope, StructureKind, type MethodDeclarationStructure, type StatementStructures } from 'ts-morph';
import type { ApiModel } from '../../../model/types.ts';
import type { RestNames } from '../../../plan/index.ts';
import { operationSignatures, runtimeImport } from './operations.ts';

/**
 * `client.ts`: the facade (`KalshiClientBase` for the root product). Every operation is a method named like its standalone function
 * (flat, no tag groups: operationIds are unique and stable, tags are not), delegating to that function.
 */
export function clientStructures(model: ApiModel, rest: RestNames): StatementStructures[] {
  const signatures = operationSignatures(model, rest);
  const needsPaging = signatures.some((s) => s.op.pagination);
  const typeImports = [...new Set(signatures.map((s) => s.names.params))];
  const responseImports = [...new Set(signatures.map((s) => s.responseType).filter((t) => t !== 'void'))];
  const schemaNames = new Set(model.schemas.map((s) => rest.schema(s.specName)));
  const limits = accountRateLimitsMethod(model, rest);
  return [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: rest.specifier('runtime/core.ts'),
      namedImports: [
        runtimeImport(rest, 'KalshiCore'),
        ...(signatures.some((s) => !s.op.pagination) || limits
          ? ['ApiPromise', 'RequestOptions'].map((name) => ({ ...runtimeImport(rest, name), isTypeOnly: true }))
          : []),
      ],
    },
    ...(limits
      ? [
          {
            kind: StructureKind.ImportDeclaration as const,
            moduleSpecifier: rest.specifier('runtime/rate-limit.ts'),
            namedImports: [
              runtimeImport(rest, 'accountRateLimits'),
              { ...runtimeImport(rest, 'RateLimits'), isTypeOnly: true },
            ],
          },
        ]
      : []),
    ...(needsPaging
      ? [
          {
            kind: StructureKind.ImportDeclaration as const,
            isTypeOnly: true,
            moduleSpecifier: rest.specifier('runtime/pagination.ts'),
            namedImports: ['PageOptions', 'PagePromise'].map((name) => runtimeImport(rest, name)),
          },
        ]
      : []),
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: './operations.js',
      namedImports: [
        ...signatures.map((s) => s.names.function),
        ...typeImports.map((name) => ({ name, isTypeOnly: true })),
        ...responseImports.filter((n) => !schemaNames.has(n)).map((name) => ({ name, isTypeOnly: true })),
      ],
    },
    ...(responseImports.some((n) => schemaNames.has(n))
      ? [
          {
            kind: StructureKind.ImportDeclaration as const,
            isTypeOnly: true,
            moduleSpecifier: './types.js',
            namedImports: responseImports.filter((n) => schemaNames.has(n)),
          },
        ]
      : []),
    {
      kind: StructureKind.Class,
      name: rest.clientBase,
      isExported: true,
      extends: rest.runtime('KalshiCore'),
      docs: [
        `Every operation of ${model.spec.title} ${model.spec.version} as a method. Construct the client from the package entry point, which supplies the platform (Node or browser).`,
      ],
      methods: [
        ...(limits ? [limits] : []),
        ...signatures.map((sig): MethodDeclarationStructure => ({
          kind: StructureKind.Method,
          name: sig.names.method,
          scope: Scope.Public,
          docs: [sig.names.methodNote ? `${sig.docs}\n\n${sig.names.methodNote}` : sig.docs],
          parameters: [
            { name: 'params', type: sig.names.params, hasQuestionToken: sig.paramsOptional },
            { name: 'options', type: sig.optionsType, hasQuestionToken: true },
          ],
          returnType: sig.returnType,
          statements: `return ${sig.names.function}(this, params, options);`,
        })),
      ],
    },
  ];
}

/**
 * `accountRateLimits()`, which `createAccountRateLimiter(client)` calls: the answers of the operations the model found
 * by their shapes (findAccountLimits), as the runtime's RateLimits. Only the facade has it, so the smallest bundles
 * (a core and the functions imported) carry neither operation.
 */
function accountRateLimitsMethod(model: ApiModel, rest: RestNames): MethodDeclarationStructure | undefined {
  const found = model.accountLimits;
  if (!found || !rest.accountRateLimits) return undefined;
  const call = (operationId: string) => `this.${rest.operation(operationId).method}({}, options)`;
  const args = [call(found.limits), ...(found.costs ? [call(found.costs)] : [])];
  const from = [found.limits, ...(found.costs ? [found.costs] : [])].join(' and ');
  return {
    kind: StructureKind.Method,
    name: rest.accountRateLimits,
    scope: Scope.Public,
    docs: [
      `The account's rate limits, from ${from}: what \`createAccountRateLimiter(client)\` and \`limiter.configureFromAccount(client)\` read.`,
    ],
    parameters: [{ name: 'options', type: rest.runtime('RequestOptions'), hasQuestionToken: true }],
    returnType: `Promise<${rest.runtime('RateLimits')}>`,
    statements: `return ${rest.runtime('accountRateLimits')}(${args.join(', ')});`,
  };
}
