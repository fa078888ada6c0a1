import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { REPO_ROOT } from '../../defaults.ts';
import { CodegenError } from '../../errors.ts';

/**
 * How generated code is checked: strict, ESM for Node, with DOM types for the browser half of the runtime. In
 * tsconfig form, because the native compiler (TypeScript 7) reads a tsconfig file; tests that check snippets
 * in-process with ts-morph convert it with `ts.convertCompilerOptionsFromJson`.
 */
export const SDK_TSCONFIG_OPTIONS = {
  target: 'es2022',
  module: 'nodenext',
  moduleResolution: 'nodenext',
  lib: ['es2022', 'dom'],
  types: ['node'],
  strict: true,
  skipLibCheck: true,
};

/**
 * Type-checks the generated sources under `strict` and compiles them to ESM JavaScript with `.d.ts`, with
 * TypeScript 7's native compiler: it checks and emits the whole SDK in about a sixth of the time the JavaScript
 * compiler takes. The sources are written to a scratch folder under the repository so that `undici`, `ws` and
 * `@types/node` resolve from its node_modules; the scratch folder is removed whatever happens.
 */
export async function compile(sources: Map<string, string>): Promise<Map<string, string>> {
  const root = join(REPO_ROOT, `.codegen-build-${randomUUID()}`);
  try {
    await writeCompilerProject(root, sources);
    const diagnostics = await runCompiler(root);
    if (diagnostics.length) {
      const shown = diagnostics.slice(0, Number(process.env.CODEGEN_MAX_DIAGNOSTICS ?? 5)).join('; ');
      throw new CodegenError(
        `the generated SDK does not type-check (${diagnostics.length} errors; a generator bug or an unsupported spec construct): ${shown}`,
      );
    }
    const dist = join(root, 'dist');
    const entries = await readdir(dist, { recursive: true, withFileTypes: true });
    const output = new Map<string, string>();
    for (const entry of entries.filter((e) => e.isFile())) {
      const file = join(entry.parentPath, entry.name);
      output.set(relative(dist, file).split('\\').join('/'), await readFile(file, 'utf8'));
    }
    return new Map([...output].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * Writes `sources` under `root`/src with the package.json and tsconfig.json the compiler reads; `root` must be
 * inside the repository for the SDK's dependencies to resolve.
 */
export async function writeCompilerProject(root: string, sources: Map<string, string>): Promise<void> {
  await Promise.all(
    [...sources].map(async ([path, text]) => {
      const file = join(root, 'src', path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text);
    }),
  );
  // The SDK is an ES module package: without this the compiler would emit CommonJS.
  await writeFile(join(root, 'package.json'), '{ "type": "module" }\n');
  const tsconfig = {
    compilerOptions: {
      ...SDK_TSCONFIG_OPTIONS,
      declaration: true,
      noEmitOnError: true,
      rootDir: 'src',
      outDir: 'dist',
      newLine: 'lf',
    },
    include: ['src'],
  };
  await writeFile(join(root, 'tsconfig.json'), JSON.stringify(tsconfig));
}

/** Runs the compiler on `root`'s tsconfig; resolves to its diagnostics, one line each, paths relative to `root`. */
function runCompiler(root: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const { file, args } = compilerCommand(root);
    execFile(file, args, { cwd: root, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const diagnostics = stdout
        .split('\n')
        .filter((line) => /error TS\d+/.test(line))
        .map((line) => line.replace(/^src\//, '').replace(/\((\d+),\d+\): error TS\d+:/, ':$1'));
      // A failed run without diagnostics (not started, killed, crashed) is a failure of ours, not of the SDK.
      if (error && !diagnostics.length) {
        const said = (stderr || stdout).trim() || error.message;
        reject(new CodegenError(`the TypeScript compiler failed to run: ${said}`));
      } else resolve(diagnostics);
    });
  });
}

/** The compiler's command line for the project `writeCompilerProject` wrote under `root`. */
export function compilerCommand(root: string): { file: string; args: string[] } {
  return { file: compilerPath(), args: ['-p', join(root, 'tsconfig.json'), '--pretty', 'false'] };
}

/**
 * The native compiler's executable. The `typescript-native` package's own `tsc` script finds it the same way and
 * then starts it as a second process; going straight to it saves starting Node once more.
 */
function compilerPath(): string {
  const require = createRequire(import.meta.url);
  const launcher = require.resolve('typescript-native/package.json');
  const platformPackage = `@typescript/typescript-${process.platform}-${process.arch}`;
  let exe: string;
  try {
    exe = join(dirname(createRequire(launcher).resolve(`${platformPackage}/package.json`)), 'lib', 'tsc');
  } catch {
    throw new CodegenError(
      `the TypeScript 7 compiler has no build for ${process.platform}-${process.arch} here (${platformPackage} is not installed)`,
    );
  }
  if (process.platform === 'win32') exe += '.exe';
  if (!existsSync(exe)) throw new CodegenError(`the TypeScript 7 compiler is missing: ${exe} (run npm ci)`);
  return exe;
}
