import { describe, expect, it } from 'vitest';
import { publishedSpecFiles } from '../../generator/load/versions.ts';
import { specHistory } from '../../scripts/spec-history.ts';

describe('scripts/spec-history', () => {
  it('lists every REST capture oldest first with its counts and the drift from the one before', async () => {
    const rows = await specHistory('openapi');
    expect(rows).toHaveLength(publishedSpecFiles('openapi').length + 1);
    expect(rows[0]).toMatchObject({ file: '2.0.0_2025-11-02.yaml', version: '2.0.0', drift: '' });
    for (const row of rows) expect(row.counts).toMatch(/^\d+ operations, \d+ schemas$/);
    // A fact of the history: the second 3.8.0 capture changed only descriptions.
    expect(rows.find((r) => r.file === '3.8.0_2026-03-03.yaml')!.drift).toMatch(/^0 breaking, 0 other, [1-9]\d* doc$/);
    // 3.9.0 removed the cent-denominated fields.
    expect(rows.find((r) => r.file === '3.9.0_2026-03-10.yaml')!.drift).toMatch(/^[1-9]\d* breaking/);
  });
});
