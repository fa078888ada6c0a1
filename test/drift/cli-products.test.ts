/**
 * A broken specs/products.json fails `lock`, `drift` and `generate` with its one line (exit 2), and leaves `diff`
 * working.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { SpecError } from '../../generator/errors.ts';

vi.mock('../../generator/products.ts', async (original) => {
  const error = new SpecError('specs/products.json', '/products/1/id', 'must be a lowercase identifier');
  return {
    ...(await original<typeof import('../../generator/products.ts')>()),
    loadProducts: () => {
      throw error;
    },
    readProducts: () => ({ products: [], unreadable: error }),
  };
});

const { main } = await import('../../generator/cli.ts');
const { DEFAULT_ASYNCAPI } = await import('../../generator/defaults.ts');

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

async function codegen(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  vi.spyOn(console, 'log').mockImplementation((...parts) => void (stdout += `${parts.join(' ')}\n`));
  vi.spyOn(console, 'error').mockImplementation((...parts) => void (stderr += `${parts.join(' ')}\n`));
  const code = await main(['node', 'codegen', ...args]);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

it('lock and drift exit 2 with the configuration error, whatever flags they were given', async () => {
  for (const args of [
    ['drift'],
    ['drift', '--perps-openapi', 'x.yaml', '--live'],
    ['lock', '--lock', 'never.json'],
    ['generate', '--quiet'],
  ]) {
    expect(await codegen(...args)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: specs/products.json#/products/1/id: must be a lowercase identifier\n',
    });
  }
});

it('diff needs no products', async () => {
  const { code, stdout } = await codegen('diff', '--from', DEFAULT_ASYNCAPI, '--to', DEFAULT_ASYNCAPI);
  expect(code).toBe(0);
  expect(stdout).toContain('no API changes');
});
