import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../../generator/defaults.ts';

export interface Prism {
  url: string;
  /** Prism's output so far, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts Stoplight Prism's mock server for `spec` on 127.0.0.1 and a free port, in `--errors` mode: requests that
 * violate the spec (parameters, body, missing security headers) are answered with a 4xx problem document.
 */
export async function startPrism(spec: string, timeoutMs = 60_000): Promise<Prism> {
  const port = await freePort();
  const child = spawn(
    join(REPO_ROOT, 'node_modules/.bin/prism'),
    ['mock', '-h', '127.0.0.1', '-p', String(port), '--errors', spec],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`Prism did not start within ${timeoutMs} ms:\n${output.slice(-2000)}`)),
      timeoutMs,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      void stop().then(() => reject(error));
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Prism is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`Prism exited with code ${code}:\n${output.slice(-2000)}`)));
  });
  return { url: `http://127.0.0.1:${port}`, log: () => output, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
