import { describe, expect, it } from 'vitest';
import { runWsBench } from '../../bench/ws.ts';

// The benchmark itself (bench/ws.ts) is not a test; this only checks that it runs end to end on a few frames.
describe('bench/ws.ts', () => {
  it('streams Kalshi-shaped frames through the bare loop and the client, and times the OrderBook', async () => {
    const lines: string[] = [];
    const result = await runWsBench({
      frames: 3_000,
      warmupFrames: 500,
      rounds: 1,
      deltas: 20_000,
      log: (l) => lines.push(l),
    });
    expect(result.frames).toBe(3_000);
    for (const rate of [result.bareFps, result.clientFps, result.deltasPerSecond]) expect(rate).toBeGreaterThan(0);
    expect(result.ratio).toBeCloseTo(result.clientFps / result.bareFps);
    expect(result.rssEarly).toBeGreaterThan(0);
    expect(lines.some((l) => l.startsWith('client'))).toBe(true);
  });
});
