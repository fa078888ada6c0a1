/** The lock file: canonical, reviewable, portable, and refused with one clear line when damaged. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SpecError } from '../../generator/errors.ts';
import { DEFAULT_LOCK, parseLock } from '../../generator/drift/lock/index.ts';
import { formatJson } from '../../generator/drift/lock/format.ts';

const committed = await readFile(DEFAULT_LOCK, 'utf8');

describe('the committed lock', () => {
  it('is in canonical form: reading and writing it again changes no byte', () => {
    expect(formatJson(parseLock(committed, DEFAULT_LOCK))).toBe(committed);
  });

  it('records where each spec came from without machine-specific paths, and which bytes', () => {
    const lock = parseLock(committed, DEFAULT_LOCK);
    for (const entry of [lock.openapi, lock.asyncapi]) {
      expect(entry.source).not.toMatch(/^(\/|[A-Za-z]:\\)/);
      expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(entry.version).not.toBe('');
    }
  });

  it('is sorted, so that a spec change touches only its own lines', () => {
    const lock = parseLock(committed, DEFAULT_LOCK);
    const sorted = (keys: string[]) => [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const map of [
      lock.openapi.surface.operations,
      lock.openapi.surface.schemas,
      lock.asyncapi.surface.messages,
      lock.asyncapi.surface.channels,
    ]) {
      expect(Object.keys(map)).toEqual(sorted(Object.keys(map)));
    }
    for (const op of Object.values(lock.openapi.surface.operations))
      expect(Object.keys(op.fields)).toEqual(sorted(Object.keys(op.fields)));
  });
});

describe('formatJson', () => {
  it('puts each flat node on one line and indents the rest', () => {
    const text = formatJson({
      fields: { '.a': { type: 'string', required: true }, '.b': { type: 'enum<string>', enum: ['x', 'y'] } },
      empty: {},
    });
    expect(text).toBe(
      [
        '{',
        '  "fields": {',
        '    ".a": { "type": "string", "required": true },',
        '    ".b": { "type": "enum<string>", "enum": [ "x", "y" ] }',
        '  },',
        '  "empty": {}',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('breaks a flat node that would not fit on a line', () => {
    const values = Array.from({ length: 30 }, (_, i) => `value_${i}`);
    const lines = formatJson({ node: { enum: values } }).split('\n');
    expect(lines.length).toBeGreaterThan(30);
    expect(JSON.parse(lines.join('\n'))).toEqual({ node: { enum: values } });
  });
});

describe('a damaged lock is refused with the file, the JSON pointer and the problem', () => {
  const damaged = (change: (lock: any) => void) => {
    const lock = JSON.parse(committed);
    change(lock);
    return JSON.stringify(lock);
  };
  const refusal = (text: string) => {
    try {
      parseLock(text, 'specs/kalshi.lock.json');
    } catch (err) {
      expect(err).toBeInstanceOf(SpecError);
      expect((err as Error).message).not.toContain('\n');
      return (err as Error).message;
    }
    throw new Error('the damaged lock was accepted');
  };

  it('not JSON', () => {
    expect(refusal('{"lockVersion": 1,')).toMatch(/^specs\/kalshi\.lock\.json: invalid JSON in lock file: /);
  });

  it('another lock version', () => {
    expect(refusal(damaged((l) => (l.lockVersion = 99)))).toBe(
      'specs/kalshi.lock.json#/lockVersion: unsupported lock version 99 (this codegen writes 1); run `npx codegen lock`',
    );
  });

  it('a hand-edited node', () => {
    const first = Object.keys(JSON.parse(committed).openapi.surface.operations)[0]!;
    expect(refusal(damaged((l) => delete l.openapi.surface.operations[first].method))).toBe(
      `specs/kalshi.lock.json#/openapi/surface/operations/${first}/method: expected a string`,
    );
    expect(refusal(damaged((l) => (l.asyncapi.surface.channels = [])))).toBe(
      'specs/kalshi.lock.json#/asyncapi/surface/channels: expected an object',
    );
  });
});
