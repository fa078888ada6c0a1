import { Scope, StructureKind, type StatementStructures } from 'ts-morph';
import type { ApiModel } from '../model/types.ts';
import { planOperations } from './operations.ts';

/** Members of KalshiCore an operation method must not shadow. */
const CORE_MEMBERS = new Set([
  'request',
  'environment',
  'baseUrl',
  'wsUrl',
  'platform',
  'authenticated',
  'signer',
  'constructor',
]);

/** The method name of an operation on the facade (the function name, unless it would shadow a core member). */
export function methodName(name: string): string {
  return CORE_MEMBERS.has(name) ? `${name}Operation` : name;
}

/**
 * `client.ts`: `KalshiClientBase`, the facade. Every operation is a method named like its standalone function
 * (flat, no tag groups: operationIds are unique and stable, tags are not), delegating to that function.
 */
export function clientStructures(model: ApiModel): StatementStructures[] {
  const { signatures } = planOperations(model);
  const needsPaging = signatures.some((s) => s.op.pagination);
  const typeImports = [...new Set(signatures.flatMap((s) => [s.paramsType]))];
  const responseImports = [...new Set(signatures.map((s) => s.responseType).filter((t) => t !== 'void'))];
  const schemaNames = new Set(model.schemas.map((s) => s.name));
  return [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: './runtime/core.js',
      namedImports: [
        'KalshiCore',
        ...(signatures.some((s) => !s.op.pagination)
          ? ['ApiPromise', 'RequestOptions'].map((name) => ({ name, isTypeOnly: true }))
          : []),
      ],
    },
    ...(needsPaging
      ? [
          {
            kind: StructureKind.ImportDeclaration as const,
            isTypeOnly: true,
            moduleSpecifier: './runtime/pagination.js',
            namedImports: ['PageOptions', 'PagePromise'],
          },
        ]
      : []),
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: './operations.js',
      namedImports: [
        ...signatures.map((s) => s.op.name),
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
      name: 'KalshiClientBase',
      isExported: true,
      extends: 'KalshiCore',
      docs: [
        `Every operation of ${model.spec.title} ${model.spec.version} as a method. Construct \`KalshiClient\` from the package entry point, which supplies the platform (Node or browser).`,
      ],
      methods: signatures.map((sig) => ({
        kind: StructureKind.Method,
        name: methodName(sig.op.name),
        scope: Scope.Public,
        docs: [
          methodName(sig.op.name) === sig.op.name
            ? sig.docs
            : `${sig.docs}\n\nNamed \`${methodName(sig.op.name)}\`: \`${sig.op.name}\` is a member of \`KalshiCore\`.`,
        ],
        parameters: [
          { name: 'params', type: sig.paramsType, hasQuestionToken: sig.paramsOptional },
          { name: 'options', type: sig.optionsType, hasQuestionToken: true },
        ],
        returnType: sig.returnType,
        statements: `return ${sig.op.name}(this, params, options);`,
      })),
    },
  ];
}
