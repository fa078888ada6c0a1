import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Project, ts } from 'ts-morph';
import { SDK_COMPILER_OPTIONS } from '../helpers/compiler-options.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../generator/defaults.ts';
import { foundProductSpecs } from '../../generator/products.ts';
import { generateForTest } from '../helpers/generated.ts';

/**
 * Documentation whose ```ts blocks must compile against the SDK generated from today's spec. Each block is compiled
 * as its own module, so a block that continues an earlier one declares what it uses (`declare const client: …`).
 */
const DOCS = [
  'README.md',
  ...readdirSync(join(REPO_ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
].filter((doc) => readFileSync(join(REPO_ROOT, doc), 'utf8').includes('```ts\n'));

let out: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ out, cleanup } = await generateForTest('readme', { products: foundProductSpecs() }));
});
afterAll(() => cleanup?.());

function codeBlocks(markdown: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  const pattern = /^```ts\n([\s\S]*?)^```/gm;
  for (let match = pattern.exec(markdown); match; match = pattern.exec(markdown)) {
    blocks.push({ line: markdown.slice(0, match.index).split('\n').length + 1, code: match[1]! });
  }
  return blocks;
}

describe('documentation code blocks type-check', () => {
  it.each(DOCS)('%s', (doc) => {
    const blocks = codeBlocks(readFileSync(join(REPO_ROOT, doc), 'utf8'));
    expect(blocks.length).toBeGreaterThan(0);
    const project = new Project({
      skipAddingFilesFromTsConfig: true,
      compilerOptions: {
        ...SDK_COMPILER_OPTIONS,
        noEmit: true,
        // Blocks import the SDK as a package (`kalshi-sdk`, `kalshi-sdk/testing`); resolve that to this test's copy.
        paths: { 'kalshi-sdk': [join(out, 'dist/index.d.ts')], 'kalshi-sdk/*': [join(out, 'dist/*/index.d.ts')] },
      },
    });
    // The README imports the SDK from the repository root as './generated/dist/index.js'; point that at this copy too.
    const sdk = `./${relative(out, join(out, 'dist/index.js'))}`;
    blocks.forEach(({ code }, i) =>
      project.createSourceFile(
        join(out, `doc-block-${i}.ts`),
        `${code.replaceAll('./generated/dist/index.js', sdk)}\nexport {};\n`,
      ),
    );
    const problems = project.getPreEmitDiagnostics().map((d) => {
      const index = Number(/doc-block-(\d+)/.exec(d.getSourceFile()?.getFilePath() ?? '')?.[1]);
      const line = Number.isNaN(index) ? '?' : blocks[index]!.line + (d.getLineNumber() ?? 1) - 1;
      return `${doc}:${line}: ${ts.flattenDiagnosticMessageText(d.compilerObject.messageText, ' ')}`;
    });
    expect(problems).toEqual([]);
  });
});
