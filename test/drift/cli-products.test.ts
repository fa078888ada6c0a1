/**
 * A broken specs/products.json fails `lock`, `drift` and `generate` with its one line (exit 2), and leaves `diff`
 * working.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { SpecError } from '../../generator/errors.ts';
import { codegenInProcess } from '../helpers/cli-in-process.ts';

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

const { DEFAULT_ASYNCAPI } = await import('../../generator/defaults.ts');

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const codegen = codegenInProcess;

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
