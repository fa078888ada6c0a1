import { parseSpecText, type JsonObject } from './parse.ts';
import { checkRefs } from './refs.ts';
import { readSpecSource, type SpecSource } from './source.ts';

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
