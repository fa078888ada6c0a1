import { describe, expect, it } from 'vitest';
import { model, openapiDoc } from '../helpers/spec.ts';

/** The account-limit operations are found by what they answer with, whatever they are called. */
const bucket = {
  type: 'object',
  required: ['refill_rate', 'bucket_capacity'],
  properties: { refill_rate: { type: 'integer' }, bucket_capacity: { type: 'integer' } },
};
const limits = {
  type: 'object',
  required: ['read', 'write'],
  properties: { read: { $ref: '#/components/schemas/Bucket' }, write: { $ref: '#/components/schemas/Bucket' } },
};
const costs = {
  type: 'object',
  required: ['default_cost', 'endpoint_costs'],
  properties: { default_cost: { type: 'integer' }, endpoint_costs: { type: 'array', items: { type: 'object' } } },
};
const answering = (operationId: string, schema: object, extra: object = {}) => ({
  get: {
    operationId,
    responses: { '200': { description: 'ok', content: { 'application/json': { schema } } } },
    ...extra,
  },
});
const accountLimitsOf = (paths: object) =>
  model(openapiDoc({ paths, schemas: { Bucket: bucket, Limits: limits, Costs: costs } })).accountLimits;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe('the account-limit operations', () => {
  it.each([
    [
      'limits and costs, by shape',
      { '/a': answering('Tiers', ref('Limits')), '/b': answering('Prices', ref('Costs')) },
      { limits: 'Tiers', costs: 'Prices' },
    ],
    [
      'limits without costs (a product that lists none)',
      { '/a': answering('Tiers', ref('Limits')) },
      { limits: 'Tiers' },
    ],
    [
      'the first of two in the spec’s order',
      { '/a': answering('First', ref('Limits')), '/b': answering('Second', ref('Limits')) },
      { limits: 'First' },
    ],
    ['costs alone are no source', { '/b': answering('Prices', ref('Costs')) }, undefined],
    [
      'not one that needs a parameter',
      {
        '/a/{id}': answering('PerUser', ref('Limits'), {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        }),
      },
      undefined,
    ],
    [
      'not one whose buckets lack a field',
      {
        '/a': answering('Half', {
          type: 'object',
          required: ['read', 'write'],
          properties: { read: { type: 'object' }, write: ref('Bucket') },
        }),
      },
      undefined,
    ],
  ])('%s', (_, paths, want) => {
    expect(accountLimitsOf(paths)).toEqual(want);
  });
});
