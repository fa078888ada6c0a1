import { StructureKind, VariableDeclarationKind, type StatementStructures } from 'ts-morph';
import { propertyKey } from '../../../plan/identifiers.ts';
import type { OperationNames, RestNames } from '../../../plan/index.ts';
import type { ApiModel, OperationModel, ParameterModel, TypeModel } from '../../../model/types.ts';
import { operationSpec } from './descriptors.ts';
import { printLiteral } from './literal.ts';
import { decimalStringImport, docComment, docText, renderType, typeDocs, type TypeNames } from './typescript.ts';

/** How the emitted code refers to one operation: the names and types the facade and entry points reuse. */
export interface OperationSignature {
  op: OperationModel;
  names: OperationNames;
  /** The success body type (`void` when there is none). */
  responseType: string;
  /** Whether `params` may be omitted (no required parameter or body field). */
  paramsOptional: boolean;
  returnType: string;
  optionsType: string;
  docs: string;
}

/** How the REST modules write types: with the REST schemas' names and their local name of `DecimalString`. */
export function restTypeNames(rest: RestNames): TypeNames {
  return {
    ref: (t) => rest.schema(t.schema),
    decimalString: rest.runtime('DecimalString'),
    specifier: rest.specifier,
  };
}

/** Each operation's signature, as the operations file, the client facade and the mock exchange write it. */
export function operationSignatures(model: ApiModel, rest: RestNames): OperationSignature[] {
  return model.operations.map((op) => {
    const names = rest.operation(op.operationId);
    const response = names.response ?? (op.success.type?.kind === 'ref' ? rest.schema(op.success.type.schema) : 'void');
    const paramsOptional = !op.parameters.some((p) => p.required) && !op.requestBody?.required;
    const paginated = op.pagination !== undefined;
    return {
      op,
      names,
      responseType: response,
      paramsOptional,
      returnType: paginated
        ? `${rest.runtime('PagePromise')}<${response}, ${JSON.stringify(op.pagination!.itemFields[0])}>`
        : `${rest.runtime('ApiPromise')}<${response}>`,
      optionsType: rest.runtime(paginated ? 'PageOptions' : 'RequestOptions'),
      docs: operationDocs(op, names),
    };
  });
}

/** `operations.ts`: one params type, one descriptor and one standalone, tree-shakeable function per operation. */
export function operationStructures(model: ApiModel, rest: RestNames): StatementStructures[] {
  const signatures = operationSignatures(model, rest);
  const names = restTypeNames(rest);
  const runtime = (name: string) => rest.runtime(name);
  const body: StatementStructures[] = [];
  for (const sig of signatures) {
    const { op } = sig;
    body.push(paramsStructure(op, sig.names, names));
    if (sig.names.response) {
      body.push({
        kind: StructureKind.TypeAlias,
        name: sig.names.response,
        isExported: true,
        docs: [`Success body of {@link ${sig.names.function}}.`],
        type: renderType(op.success.type!, names),
      });
    }
    body.push({
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [
        { name: sig.names.descriptor, type: runtime('OperationSpec'), initializer: printLiteral(operationSpec(op)) },
      ],
    });
    body.push({
      kind: StructureKind.Function,
      name: sig.names.function,
      isExported: true,
      docs: [sig.docs],
      parameters: [
        { name: 'client', type: runtime('KalshiCore') },
        { name: 'params', type: sig.names.params, initializer: sig.paramsOptional ? '{}' : undefined },
        { name: 'options', type: sig.optionsType, hasQuestionToken: true },
      ],
      returnType: sig.returnType,
      statements: op.pagination
        ? `return ${runtime('paginate')}(client, ${sig.names.descriptor}, params, options);`
        : `return client.request(${sig.names.descriptor}, params, options);`,
    });
  }

  // Import exactly the schema types the file mentions, so the output has no unused imports.
  const typeTexts = body.map((st) =>
    st.kind === StructureKind.TypeAlias ? st.type : st.kind === StructureKind.Function ? st.returnType : '',
  );
  const mentioned = new Set(String(typeTexts.join(' ')).match(/[A-Za-z_$][\w$]*/g));
  const schemaImports = model.schemas.map((s) => rest.schema(s.specName)).filter((name) => mentioned.has(name));
  const imports: StatementStructures[] = [
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: rest.specifier('runtime/core.ts'),
      namedImports: ['ApiPromise', 'KalshiCore', 'OperationSpec', 'RequestOptions'].map((name) =>
        runtimeImport(rest, name),
      ),
    },
  ];
  if (signatures.some((s) => s.op.pagination)) {
    imports.push({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: rest.specifier('runtime/pagination.ts'),
      namedImports: [
        runtimeImport(rest, 'paginate'),
        { ...runtimeImport(rest, 'PageOptions'), isTypeOnly: true },
        { ...runtimeImport(rest, 'PagePromise'), isTypeOnly: true },
      ],
    });
  }
  imports.push(
    ...decimalStringImport(
      signatures.flatMap(({ op }) => operationTypes(op)),
      names,
    ),
  );
  if (schemaImports.length) {
    imports.push({
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: './types.js',
      namedImports: schemaImports,
    });
  }
  return [...imports, ...body];
}

/** The types an operation's params and response types are written with. */
function operationTypes(op: OperationModel): TypeModel[] {
  return [
    ...op.parameters.map((p) => p.type),
    ...(op.requestBody ? [op.requestBody.type] : []),
    ...(op.success.type ? [op.success.type] : []),
  ];
}

/** An import of a runtime export under the module's local name for it (`paginate as runtimePaginate`). */
export function runtimeImport(
  names: { runtime(name: string): string },
  name: string,
): { name: string; alias?: string } {
  const local = names.runtime(name);
  return local === name ? { name } : { name, alias: local };
}

function paramsStructure(op: OperationModel, names: OperationNames, typeNames: TypeNames): StatementStructures {
  const render = (t: TypeModel) => renderType(t, typeNames);
  const members = op.parameters.map(
    (p) => `${docComment(parameterDocs(p))}${propertyKey(p.name)}${p.required ? '' : '?'}: ${render(p.type)};`,
  );
  const body = op.requestBody;
  if (body && !body.fields)
    members.push(`${docComment(['The JSON request body.'])}body${body.required ? '' : '?'}: ${render(body.type)};`);
  const own = members.length ? `{\n${members.join('\n')}\n}` : '';
  const spread = body?.fields ? (body.required ? render(body.type) : `Partial<${render(body.type)}>`) : '';
  const type = [own, spread].filter(Boolean).join(' & ') || 'Record<string, never>';
  return {
    kind: StructureKind.TypeAlias,
    name: names.params,
    isExported: true,
    docs: [
      `Parameters of {@link ${names.function}}${body?.fields ? ': path and query parameters, and the request body fields' : ''}.`,
    ],
    type,
  };
}

function parameterDocs(p: ParameterModel): string[] {
  const lines = [p.description ?? '', ...typeDocs({ ...p.type, description: undefined })];
  if (p.deprecated) lines.push('@deprecated');
  return lines;
}

/** How an operation's doc line names the credentials it takes. */
const AUTH_DOCS = {
  signed: 'requires authentication (signed request)',
  bearer: 'requires authentication (bearer token)',
  optional: 'signed when the client can sign, public otherwise',
  none: 'public, no authentication needed',
} as const;

function operationDocs(op: OperationModel, names: OperationNames): string {
  const auth = AUTH_DOCS[op.auth ?? 'none'];
  const lines = [
    op.summary ?? op.operationId,
    op.description && op.description !== op.summary ? op.description : '',
    `\`${op.method} ${op.path}\` · ${auth} · operationId \`${op.operationId}\``,
    names.functionNote ?? '',
  ];
  if (op.pagination) {
    lines.push(
      `Cursor-paginated: \`await\` it for the first page, \`for await\` over it for every item of \`${op.pagination.itemFields[0]}\`, or use \`.pages()\`.`,
    );
  }
  if (op.deprecated) lines.push('@deprecated');
  return docText(lines);
}
