import { PRODUCTS_FILE } from '../products.ts';
import {
  compareSurfaces,
  reportFails,
  reportSide,
  type DriftReport,
  type FailOn,
  type ReportSide,
} from './diff/index.ts';
import { displayPath, lockedSurface, type LockFile } from './lock/index.ts';
import type { ProductRef, ProductSpecs } from './product-specs.ts';
import { API_KINDS, type ApiKind, type SpecSurface } from './surface/types.ts';

/** What became of one spec of a product, against the lock. */
export type SpecDrift =
  | { status: 'compared'; report: DriftReport }
  /** Found but not in the lock: a product or kind of spec added since (or a product a version 1 lock predates). */
  | { status: 'unlocked'; spec: ApiKind; to: ReportSide; size: Record<string, number> }
  /** In the lock but not found: API the SDK was reviewed against that this run cannot check. */
  | { status: 'missing'; spec: ApiKind; from: ReportSide; reason: string }
  /** Neither in the lock nor found, or deliberately not checked (`--live` without a URL). */
  | { status: 'not-checked'; spec: ApiKind; reason: string };

export interface ProductDrift {
  product: ProductRef;
  /** REST first. */
  specs: SpecDrift[];
}

/**
 * Each product's specs against the lock: the products looked up (in the configuration's order), then those only
 * the lock has; for each, every kind of spec it has or had.
 */
export function compareProducts(
  lock: LockFile | undefined,
  lockPath: string,
  found: readonly ProductSpecs<SpecSurface>[],
): ProductDrift[] {
  const configured = new Set(found.map((p) => p.product.id));
  const lockedOnly = Object.keys(lock?.products ?? {})
    .filter((id) => !configured.has(id))
    .map((id): ProductSpecs<SpecSurface> => ({ product: { id, title: id }, specs: {} }));
  const config = displayPath(PRODUCTS_FILE);
  return [...found, ...lockedOnly].map(({ product, specs }) => {
    const locked = lock?.products[product.id] ?? {};
    const unconfigured = configured.has(product.id)
      ? `no longer one of its specs in ${config}`
      : `no longer a product of ${config}`;
    const drift = API_KINDS.filter((kind) => specs[kind] || locked[kind]).map((kind): SpecDrift => {
      const lookup = specs[kind] ?? { notFound: unconfigured };
      const entry = locked[kind];
      if ('found' in lookup) {
        return entry
          ? { status: 'compared', report: compareSurfaces(lockedSurface(kind, entry, lockPath), lookup.found) }
          : { status: 'unlocked', spec: kind, to: reportSide(lookup.found), size: surfaceSize(lookup.found) };
      }
      if (entry && 'notFound' in lookup) {
        const from = reportSide(lockedSurface(kind, entry, lockPath));
        return { status: 'missing', spec: kind, from, reason: lookup.notFound };
      }
      return { status: 'not-checked', spec: kind, reason: 'notFound' in lookup ? lookup.notFound : lookup.notChecked };
    });
    return { product, specs: drift };
  });
}

/**
 * Whether a product's drift is at or above `failOn`. A spec not in the lock is unreviewed API, an addition; a
 * locked spec not found is API gone from what the SDK is generated from (`generate` builds the products it
 * finds), so as breaking as any removal.
 */
export function productFails(product: ProductDrift, failOn: FailOn): boolean {
  return product.specs.some((spec) => specFails(spec, failOn));
}

export function specFails(spec: SpecDrift, failOn: FailOn): boolean {
  switch (spec.status) {
    case 'compared':
      return reportFails(spec.report, failOn);
    case 'unlocked':
      return failOn === 'any';
    case 'missing':
      return failOn !== 'none';
    case 'not-checked':
      return false;
  }
}

/** How much API an unlocked spec brings, for its report line. */
function surfaceSize(spec: SpecSurface): Record<string, number> {
  const count = (map: object) => Object.keys(map).length;
  return spec.kind === 'openapi'
    ? { operations: count(spec.surface.operations), schemas: count(spec.surface.schemas) }
    : { channels: count(spec.surface.channels), messages: count(spec.surface.messages) };
}
