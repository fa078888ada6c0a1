import { StructureKind, VariableDeclarationKind, type StatementStructures } from 'ts-morph';
import { NameAllocator, propertyKey, renameNote } from '../model/names.ts';
import type { ApiModel, OperationModel, ParameterModel, TypeModel } from '../model/types.ts';
import { decimalStringImport, docComment, docText, renderType, typeDocs } from './typescript.ts';

/** How the emitted code refers to one operation: the names and types the facade and entry points reuse. */
export interface OperationSignature {
  op: OperationModel;
  paramsType: string;
  /** The success body type (`void` when there is none). */
  responseType: string;
  /** Whether `params` may be omitted (no required parameter or body field). */
  paramsOptional: boolean;
  returnType: string;
  optionsType: string;
  docs: string;
}

export interface OperationPlan {
  signatures: OperationSignature[];
  responseAliases: Map<OperationModel, TypeModel>;
}

const plans = new WeakMap<ApiModel, OperationPlan>();

/**
 * Plans names for every operation's params and response types, avoiding clashes with schema names. The operations
 * file, the client facade and the WebSocket model's reserved names all read one plan per model.
 */
export function planOperations(model: ApiModel): OperationPlan {
  let plan = plans.get(model);
  if (!plan) plans.set(model, (plan = makePlan(model)));
  return plan;
}

function makePlan(model: ApiModel): OperationPlan {
  const names = new NameAllocator(model.schemas.map((s) => s.name));
  const responseAliases = new Map<OperationModel, TypeModel>();
  const signatures = model.operations.map((op) => {
    const paramsType = names.claim(`${op.typeStem}Params`);
    let response = 'void';
    if (op.success.type?.kind === 'ref') response = op.success.type.name;
    else if (op.success.type) {
      response = names.claim(`${op.typeStem}Response`);
      responseAliases.set(op, op.success.type);
    }
    const paramsOptional = !op.parameters.some((p) => p.required) && !op.requestBody?.required;
    const paginated = op.pagination !== undefined;
    return {
      op,
      paramsType,
      responseType: response,
      paramsOptional,
      returnType: paginated
        ? `PagePromise<${response}, ${JSON.stringify(op.pagination!.itemFields[0])}>`
        : `ApiPromise<${response}>`,
      optionsType: paginated ? 'PageOptions' : 'RequestOptions',
      docs: operationDocs(op),
    };
  });
  return { signatures, responseAliases };
}

/** `operations.ts`: one params type, one descriptor and one standalone, tree-shakeable function per operation. */
export function operationStructures(model: ApiModel): StatementStructures[] {
  const { signatures, responseAliases } = planOperations(model);
  const body: StatementStructures[] = [];
  for (const sig of signatures) {
    const { op } = sig;
    body.push(paramsStructure(op, sig.paramsType));
    const alias = responseAliases.get(op);
    if (alias) {
      body.push({
        kind: StructureKind.TypeAlias,
        name: sig.responseType,
        isExported: true,
        docs: [`Success body of {@link ${op.name}}.`],
        type: renderType(alias),
      });
    }
    body.push({
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [{ name: descriptorName(op), type: 'OperationSpec', initializer: renderDescriptor(op) }],
    });
    body.push({
      kind: StructureKind.Function,
      name: op.name,
      isExported: true,
      docs: [sig.docs],
      parameters: [
        { name: 'client', type: 'KalshiCore' },
        { name: 'params', type: sig.paramsType, initializer: sig.paramsOptional ? '{}' : undefined },
        { name: 'options', type: sig.optionsType, hasQuestionToken: true },
      ],
      returnType: sig.returnType,
      statements: op.pagination
        ? `return paginate(client, ${descriptorName(op)}, params, options);`
        : `return client.request(${descriptorName(op)}, params, options);`,
    });
  }

  // Import exactly the schema types the file mentions, so the output has no unused imports.
  const typeTexts = body.map((st) =>
    st.kind === StructureKind.TypeAlias ? st.type : st.kind === StructureKind.Function ? st.returnType : '',
  );
  const mentioned = new Set(String(typeTexts.join(' ')).match(/[A-Za-z_$][\w$]*/g));
  const schemaImports = model.schemas.map((s) => s.name).filter((name) => mentioned.has(name));
  const imports: StatementStructures[] = [
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: './runtime/core.js',
      namedImports: ['ApiPromise', 'KalshiCore', 'OperationSpec', 'RequestOptions'],
    },
  ];
  if (signatures.some((s) => s.op.pagination)) {
    imports.push({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: './runtime/pagination.js',
      namedImports: ['paginate', { name: 'PageOptions', isTypeOnly: true }, { name: 'PagePromise', isTypeOnly: true }],
    });
  }
  imports.push(...decimalStringImport(signatures.flatMap(({ op }) => operationTypes(op))));
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

export function descriptorName(op: OperationModel): string {
  return `${op.name.replace(/_$/, '')}Operation`;
}

function paramsStructure(op: OperationModel, name: string): StatementStructures {
  const members = op.parameters.map(
    (p) => `${docComment(parameterDocs(p))}${propertyKey(p.name)}${p.required ? '' : '?'}: ${renderType(p.type)};`,
  );
  const body = op.requestBody;
  if (body && !body.fields)
    members.push(`${docComment(['The JSON request body.'])}body${body.required ? '' : '?'}: ${renderType(body.type)};`);
  const own = members.length ? `{\n${members.join('\n')}\n}` : '';
  const spread = body?.fields ? (body.required ? renderType(body.type) : `Partial<${renderType(body.type)}>`) : '';
  const type = [own, spread].filter(Boolean).join(' & ') || 'Record<string, never>';
  return {
    kind: StructureKind.TypeAlias,
    name,
    isExported: true,
    docs: [
      `Parameters of {@link ${op.name}}${body?.fields ? ': path and query parameters, and the request body fields' : ''}.`,
    ],
    type,
  };
}

function parameterDocs(p: ParameterModel): string[] {
  const lines = [p.description ?? '', ...typeDocs({ ...p.type, description: undefined })];
  if (p.deprecated) lines.push('@deprecated');
  return lines;
}

function operationDocs(op: OperationModel): string {
  const auth = op.requiresAuth ? 'requires authentication (signed request)' : 'public, no authentication needed';
  const lines = [
    op.summary ?? op.operationId,
    op.description && op.description !== op.summary ? op.description : '',
    `\`${op.method} ${op.path}\` · ${auth} · operationId \`${op.operationId}\``,
    renameNote(op.name) ?? '',
  ];
  if (op.pagination) {
    lines.push(
      `Cursor-paginated: \`await\` it for the first page, \`for await\` over it for every item of \`${op.pagination.itemFields[0]}\`, or use \`.pages()\`.`,
    );
  }
  if (op.deprecated) lines.push('@deprecated');
  return docText(lines);
}

/** The operation descriptor literal: only what the runtime needs, in a stable key order. */
function renderDescriptor(op: OperationModel): string {
  // Defaults (no auth, the `cursor` parameter and field) are left out: every byte here is in users' bundles.
  const fields: string[] = [
    `id: ${JSON.stringify(op.operationId)}`,
    `method: ${JSON.stringify(op.method)}`,
    `path: ${JSON.stringify(op.path)}`,
  ];
  if (op.requiresAuth) fields.push('auth: true');
  const query = op.parameters.filter((p) => p.in === 'query');
  if (query.length) {
    const entries = query.map((p) =>
      p.style === 'form' && p.explode
        ? JSON.stringify(p.name)
        : `{ name: ${JSON.stringify(p.name)}, style: ${JSON.stringify(p.style)}, explode: ${p.explode} }`,
    );
    fields.push(`query: [${entries.join(', ')}]`);
  }
  const headers = op.parameters.filter((p) => p.in === 'header');
  if (headers.length) fields.push(`headers: [${headers.map((p) => JSON.stringify(p.name)).join(', ')}]`);
  const required = op.parameters.filter((p) => p.required).map((p) => p.name);
  if (op.requestBody?.required && !op.requestBody.fields) required.push('body');
  if (required.length) fields.push(`required: [${required.map((n) => JSON.stringify(n)).join(', ')}]`);
  // A spread body lists the params that are not body fields, so the runtime needs no parsing or cache to split them.
  if (op.requestBody) {
    const others = op.parameters.map((p) => JSON.stringify(p.name));
    fields.push(`body: ${op.requestBody.fields ? `[${others.join(', ')}]` : "'whole'"}`);
    // A whole body that is not required is simply left out; only a spread one needs telling.
    if (op.requestBody.fields && !op.requestBody.required) fields.push('optionalBody: true');
  }
  if (op.idempotencyKey) fields.push(`idempotencyKey: ${JSON.stringify(op.idempotencyKey)}`);
  if (op.rateLimit?.cost !== undefined) fields.push(`cost: ${op.rateLimit.cost}`);
  if (op.rateLimit?.perItem !== undefined) fields.push(`perItem: ${JSON.stringify(op.rateLimit.perItem)}`);
  if (op.pagination) {
    const p = op.pagination;
    const cursor = (['cursorParam', 'cursorField'] as const)
      .filter((key) => p[key] !== 'cursor')
      .map((key) => `${key}: ${JSON.stringify(p[key])}, `);
    fields.push(`paginate: { ${cursor.join('')}items: [${p.itemFields.map((f) => JSON.stringify(f)).join(', ')}] }`);
  }
  return `{ ${fields.join(', ')} }`;
}
