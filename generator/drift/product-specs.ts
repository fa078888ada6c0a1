import { SPECS_DIR } from '../defaults.ts';
import { defaultSpecs, hasDefaultSpecs, isRootProduct, PRODUCTS_FILE, type ProductConfig } from '../products.ts';
import { displayPath } from './lock/index.ts';
import { API_KINDS, type ApiKind } from './surface/types.ts';

/** A product as reports name it: a product of specs/products.json, or one only the lock knows (titled by its id). */
export interface ProductRef {
  id: string;
  title: string;
}

/**
 * One spec of a product: found (its location, then its surface), not found (a locked spec not found is reported as
 * missing), or not checked on purpose (`--live` for a product Kalshi publishes no URL of, which never fails).
 */
export type SpecLookup<T> = { found: T } | { notFound: string } | { notChecked: string };

/** A product and each kind of spec it has (specs/products.json), looked up. */
export interface ProductSpecs<T = string> {
  product: ProductRef;
  specs: Partial<Record<ApiKind, SpecLookup<T>>>;
}

/** The kinds of spec a product has, REST first. */
export function productKinds(product: ProductConfig): ApiKind[] {
  return API_KINDS.filter((kind) => product.specs[kind] !== undefined);
}

/** The flag naming a product's spec of one kind: `--openapi` for the root product, `--<id>-openapi` for others. */
export function specFlag(product: ProductConfig, kind: ApiKind): string {
  return isRootProduct(product) ? kind : `${product.id}-${kind}`;
}

export interface LookupOptions {
  /** The spec a flag named, when one did. */
  given: (product: ProductConfig, kind: ApiKind) => string | undefined;
  /** Read each product's live URLs (specs/products.json `live`) instead. */
  live?: boolean;
  specsDir?: string;
}

/**
 * Where each product's specs are read from. `--live`: its live URLs. Otherwise a spec a flag names, else the
 * specs folder's; the folder's count for a product other than the root one only when its REST spec is there
 * (`hasDefaultSpecs`, as `generate` decides which products to build), and the root product's are always read, so
 * that a missing one is an error saying where it was looked for.
 */
export function lookUpSpecs(
  products: readonly ProductConfig[],
  { given, live = false, specsDir = SPECS_DIR }: LookupOptions,
): ProductSpecs[] {
  return products.map((product) => {
    const lookUp = live ? liveSpec(product) : folderSpec(product, given, specsDir);
    return {
      product: { id: product.id, title: product.title },
      specs: Object.fromEntries(productKinds(product).map((kind) => [kind, lookUp(kind)])),
    };
  });
}

function liveSpec(product: ProductConfig): (kind: ApiKind) => SpecLookup<string> {
  return (kind) => {
    const url = product.live?.[kind];
    return url ? { found: url } : { notChecked: `no live URL for it in ${displayPath(PRODUCTS_FILE)}` };
  };
}

function folderSpec(
  product: ProductConfig,
  given: LookupOptions['given'],
  specsDir: string,
): (kind: ApiKind) => SpecLookup<string> {
  const kinds = productKinds(product);
  const defaults = defaultSpecs(product, specsDir);
  const inFolder = isRootProduct(product) || hasDefaultSpecs(product, specsDir) || kinds.some((k) => given(product, k));
  const flags = kinds.map((k) => `--${specFlag(product, k)} <file|url>`).join(' and ');
  const notFound = `not in the specs folder (no ${displayPath(defaults.openapi)}); pass ${flags}`;
  return (kind) => {
    const location = given(product, kind) ?? (inFolder ? defaults[kind] : undefined);
    return location ? { found: location } : { notFound };
  };
}
