import { vi } from 'vitest';
import { main } from '../../generator/cli.ts';

/**
 * Runs `codegen …` in this process, capturing what it prints: faster than a child process, and it sees the module
 * mocks of the test file that calls it.
 */
export async function codegenInProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  vi.spyOn(console, 'log').mockImplementation((...parts) => void (stdout += `${parts.join(' ')}\n`));
  vi.spyOn(console, 'error').mockImplementation((...parts) => void (stderr += `${parts.join(' ')}\n`));
  process.exitCode = undefined;
  try {
    return { code: await main(['node', 'codegen', ...args]), stdout, stderr };
  } finally {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  }
}
