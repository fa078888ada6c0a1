import { randomUUID } from 'node:crypto';
import { join, relative } from 'node:path';
import { ModuleKind, ModuleResolutionKind, Project, ScriptTarget, ts } from 'ts-morph';
import { REPO_ROOT } from './defaults.ts';
import { CodegenError } from './errors.ts';

/** How generated code is checked: strict, ESM for Node, with DOM types for the browser half of the runtime. */
export const SDK_COMPILER_OPTIONS = {
  target: ScriptTarget.ES2022,
  module: ModuleKind.NodeNext,
  moduleResolution: ModuleResolutionKind.NodeNext,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: ['node'],
  strict: true,
  skipLibCheck: true,
};

/**
 * Type-checks the generated sources under `strict` and compiles them to ESM JavaScript with `.d.ts`. Sources stay
 * in memory, placed under the repository so that `undici`, `ws` and `@types/node` resolve from its node_modules.
 */
export function compile(sources: Map<string, string>): Map<string, string> {
  const root = join(REPO_ROOT, `.codegen-build-${randomUUID()}`);
  const project = new Project({
    skipAddingFilesFromTsConfig: true,
    compilerOptions: {
      ...SDK_COMPILER_OPTIONS,
      declaration: true,
      noEmitOnError: true,
      rootDir: join(root, 'src'),
      outDir: join(root, 'dist'),
      newLine: ts.NewLineKind.LineFeed,
    },
  });
  for (const [path, text] of sources) {
    if (path.endsWith('.ts')) project.createSourceFile(join(root, 'src', path), text);
  }
  const diagnostics = project.getPreEmitDiagnostics();
  if (diagnostics.length) {
    const shown = diagnostics
      .slice(0, Number(process.env.CODEGEN_MAX_DIAGNOSTICS ?? 5))
      .map((d) => {
        const file = d.getSourceFile();
        const where = file ? `${relative(root, file.getFilePath())}:${d.getLineNumber() ?? '?'}` : '';
        const message = ts.flattenDiagnosticMessageText(d.compilerObject.messageText, '\n').split('\n')[0];
        return `${where} ${message}`;
      })
      .join('; ');
    throw new CodegenError(
      `the generated SDK does not type-check (${diagnostics.length} errors; a generator bug or an unsupported spec construct): ${shown}`,
    );
  }
  const output = new Map<string, string>();
  for (const file of project.emitToMemory().getFiles())
    output.set(relative(join(root, 'dist'), file.filePath), file.text);
  return output;
}
