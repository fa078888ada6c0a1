#!/usr/bin/env node
// The generator is TypeScript; tsx runs it directly so `npx codegen` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../generator/cli.ts');
process.exitCode = await main(process.argv);
