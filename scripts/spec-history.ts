/**
 * A table of every published spec we have (`../shared/specs/versions/` and the current ones): version, sha256, and
 * what the generator reads from it, plus the drift between consecutive captures. For maintainers looking at a new
 * Kalshi capture next to the history.
 *
 *   node --import tsx scripts/spec-history.ts [openapi|asyncapi]
 */
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SPECS_DIR } from '../generator/defaults.ts';
import { compareSurfaces } from '../generator/drift/diff/index.ts';
import { specSurface } from '../generator/drift/spec.ts';
import { loadSpec } from '../generator/load/index.ts';
import { publishedSpecFiles } from '../generator/load/versions.ts';
import { buildWsModel } from '../generator/model/asyncapi.ts';
import { buildApiModel } from '../generator/model/openapi.ts';

export interface HistoryRow {
  file: string;
  version: string;
  sha256: string;
  /** Operations and schemas (REST) or channels and messages (WebSocket). */
  counts: string;
  /** Against the previous row: breaking and other API changes, documentation changes. */
  drift: string;
}

export async function specHistory(kind: 'openapi' | 'asyncapi'): Promise<HistoryRow[]> {
  const files = [...publishedSpecFiles(kind), join(SPECS_DIR, `${kind}.yaml`)];
  const rows: HistoryRow[] = [];
  let previous: Awaited<ReturnType<typeof specSurface>> | undefined;
  for (const file of files) {
    const spec = await loadSpec(file);
    const surface = await specSurface(spec);
    let counts: string;
    if (kind === 'openapi') {
      const api = buildApiModel(spec);
      counts = `${api.operations.length} operations, ${api.schemas.length} schemas`;
    } else {
      const ws = await buildWsModel(spec);
      counts = `${ws.channels.length} channels, ${ws.messages.length} messages`;
    }
    let drift = '';
    if (previous) {
      const report = compareSurfaces(previous, surface);
      const breaking = report.changes.filter((c) => c.breaking).length;
      drift = `${breaking} breaking, ${report.changes.length - breaking} other, ${report.documentation.length} doc`;
    }
    const version = String((spec.document.info as { version?: unknown } | undefined)?.version ?? '?');
    rows.push({ file: basename(file), version, sha256: spec.sha256.slice(0, 12), counts, drift });
    previous = surface;
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const kinds = process.argv[2] ? [process.argv[2] as 'openapi' | 'asyncapi'] : (['openapi', 'asyncapi'] as const);
  for (const kind of kinds) {
    console.log(`\n${kind}`);
    for (const row of await specHistory(kind)) {
      console.log(
        `${row.file.padEnd(24)} ${row.version.padEnd(7)} ${row.sha256}  ${row.counts.padEnd(28)} ${row.drift}`,
      );
    }
  }
}
