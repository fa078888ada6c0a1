import { ts } from 'ts-morph';
import { SDK_TSCONFIG_OPTIONS } from '../../generator/targets/typescript/compile.ts';
import { REPO_ROOT } from '../../generator/defaults.ts';

/** The options the generator compiles the SDK with, in the form ts-morph takes, for in-process checks of snippets. */
export const SDK_COMPILER_OPTIONS = ts.convertCompilerOptionsFromJson(SDK_TSCONFIG_OPTIONS, REPO_ROOT).options;
