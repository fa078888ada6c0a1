import { readFile } from 'node:fs/promises';
import type { SpecError } from '../errors.ts';
import { isJsonText, parseSpecText, yamlPointerLine, type JsonObject } from './parse.ts';
import { checkRefs } from './refs.ts';
import { isUrl, readSpecSource, type SpecSource } from './source.ts';

export { specYaml, type JsonObject } from './parse.ts';
export { resolvePointer } from './refs.ts';
export { isUrl, type SpecSource } from './source.ts';

/** A spec read from a file or URL, parsed, with every internal $ref checked. */
export interface LoadedSpec extends SpecSource {
  document: JsonObject;
}

export async function loadSpec(location: string): Promise<LoadedSpec> {
  const source = await readSpecSource(location);
  return parseLoadedSpec(source);
}

export function parseLoadedSpec(source: SpecSource): LoadedSpec {
  const document = parseSpecText(source.text, source.location);
  checkRefs(document, source.location);
  return { ...source, document };
}

/**
 * The message of a spec error, with the line of the node its pointer names when the spec is a YAML file on disk. The
 * file is read and walked again only here, for an error about to be reported, so that loading pays nothing for it.
 */
export async function specErrorMessage(error: SpecError): Promise<string> {
  if (!error.pointer || isUrl(error.file)) return error.message;
  const text = await readFile(error.file, 'utf8').catch(() => undefined);
  const line = text === undefined || isJsonText(text) ? undefined : yamlPointerLine(text, error.pointer);
  return line === undefined ? error.message : `${error.message} (line ${line})`;
}
