import { Scope, StructureKind, type StatementStructures } from 'ts-morph';
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
  return [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: rest.specifier('runtime/core.ts'),
      namedImports: [
        runtimeImport(rest, 'KalshiCore'),
        ...(signatures.some((s) => !s.op.pagination)
          ? ['ApiPromise', 'RequestOptions'].map((name) => ({ ...runtimeImport(rest, name), isTypeOnly: true }))
          : []),
      ],
    },
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
      methods: signatures.map((sig) => ({
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
    },
  ];
}
