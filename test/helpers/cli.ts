import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/codegen.js', import.meta.url));

export interface CliResult {
  /** The exit code; null when the run was stopped for taking too long (stderr then says so). */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  /** Stops a run that hangs, so that its test fails instead of waiting (and the process does not outlive it). */
  timeoutMs?: number;
}

/** Runs `codegen …` as a user would, in a child process. */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  { cwd, timeoutMs = 100_000 }: CliOptions = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      stderr += `[codegen ${args.join(' ')} was stopped after ${timeoutMs} ms]\n`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err) => (clearTimeout(timer), reject(err)));
    child.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
  });
}
