import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT, SPECS_DIR } from './defaults.ts';
import { CodegenError, SpecError, joinPointer } from './errors.ts';

/**
 * A Kalshi product the SDK covers: what its specs do not say about it. The products live in one small file beside
 * the lock (specs/products.json, see docs/products.md); everything else about a product comes from its specs, so
 * nothing in the generator or the runtime names one.
 */
export interface ProductConfig {
  /** The product's key: its lock entry, its flags (`--<id>-openapi`), its drift heading's key. */
  readonly id: string;
  /** What people call it, for headings and messages. */
  readonly title: string;
  /** The prefix of the names its entry declares (`<name>Client`, `<name>WebSocket`, `create<name>Core`). */
  readonly name: string;
  /** Its subpath in the package: `.` for the root entry (exactly one product has it), else a folder name. */
  readonly entry: string;
  /** The prefix of the environment variables that override its endpoints (`<envPrefix>_BASE_URL`, `_WS_URL`). */
  readonly envPrefix: string;
  /** Its specs, relative to the specs folder (KALSHI_SPECS_DIR, default ../shared/specs). */
  readonly specs: ProductSpecFiles;
  /** Where Kalshi publishes its specs, for `codegen drift --live`. */
  readonly live?: Partial<ProductSpecFiles>;
  /** Production host → demo host, for a spec whose servers list production only. */
  readonly demoHosts?: Readonly<Record<string, string>>;
}

export interface ProductSpecFiles {
  readonly openapi: string;
  readonly asyncapi?: string;
}

export const PRODUCTS_FILE = resolve(REPO_ROOT, 'specs/products.json');

/** Whether a product's entry is the package root. */
export function isRootProduct(product: Pick<ProductConfig, 'entry'>): boolean {
  return product.entry === '.';
}

/** The folder of a product's modules under the package's `src/`: '' for the root entry, else `<entry>/`. */
export function productDir(product: Pick<ProductConfig, 'entry'>): string {
  return isRootProduct(product) ? '' : `${product.entry}/`;
}

let cached: readonly ProductConfig[] | undefined;

/** The products of specs/products.json, checked; the root product first. */
export function loadProducts(file = PRODUCTS_FILE): readonly ProductConfig[] {
  if (file === PRODUCTS_FILE && cached) return cached;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SpecError(file, '', `cannot read the product configuration: ${(err as Error).message}`);
  }
  const products = checkProducts(raw, file);
  if (file === PRODUCTS_FILE) cached = products;
  return products;
}

/**
 * The products, or the error reading them: the CLI builds its flags from them while the program is built, and a
 * broken specs/products.json must fail the commands that need it with its one line when they run, not every command
 * with a crash.
 */
export function readProducts(): { products: readonly ProductConfig[]; unreadable?: CodegenError } {
  try {
    return { products: loadProducts() };
  } catch (err) {
    if (err instanceof CodegenError) return { products: [], unreadable: err };
    throw err;
  }
}

/** The root product: the one whose entry is the package root. */
export function rootProduct(products: readonly ProductConfig[] = loadProducts()): ProductConfig {
  return products.find(isRootProduct)!;
}

/** A product's spec locations in the specs folder, and whether each file is there. */
export function defaultSpecs(product: ProductConfig, specsDir = SPECS_DIR): { openapi: string; asyncapi?: string } {
  return {
    openapi: resolve(specsDir, product.specs.openapi),
    ...(product.specs.asyncapi && { asyncapi: resolve(specsDir, product.specs.asyncapi) }),
  };
}

/** Whether a product's REST spec is in the specs folder: `generate` builds the products it finds. */
export function hasDefaultSpecs(product: ProductConfig, specsDir = SPECS_DIR): boolean {
  return existsSync(defaultSpecs(product, specsDir).openapi);
}

/** Each product whose REST spec is in the specs folder, with its specs there: what `generate` builds by default. */
export function foundProductSpecs(
  products: readonly ProductConfig[] = loadProducts(),
  specsDir = SPECS_DIR,
): { product: ProductConfig; openapi: string; asyncapi?: string }[] {
  return products
    .filter((product) => hasDefaultSpecs(product, specsDir))
    .map((product) => ({ product, ...defaultSpecs(product, specsDir) }));
}

/**
 * Each product's default spec locations, with the flag that names another and what the spec is, for the error when
 * one is missing (defaultSpecHint). Empty when the configuration cannot be read (that error is reported elsewhere).
 */
export function productSpecFlags(specsDir = SPECS_DIR): Map<string, { flag: string; what: string }> {
  const flags = new Map<string, { flag: string; what: string }>();
  for (const product of readProducts().products) {
    const specs = defaultSpecs(product, specsDir);
    const prefix = isRootProduct(product) ? '--' : `--${product.id}-`;
    const of = isRootProduct(product) ? '' : ` of the ${product.title}`;
    flags.set(specs.openapi, { flag: `${prefix}openapi`, what: `REST spec${of}` });
    if (specs.asyncapi) flags.set(specs.asyncapi, { flag: `${prefix}asyncapi`, what: `WebSocket spec${of}` });
  }
  return flags;
}

const ID = /^[a-z][a-z0-9-]*$/;
const NAME = /^[A-Z][A-Za-z0-9]*$/;
const ENV = /^[A-Z][A-Z0-9_]*$/;
const HOST = /^[a-z0-9.-]+(:\d+)?$/;

function checkProducts(raw: unknown, file: string): readonly ProductConfig[] {
  const fail = (pointer: string, problem: string): never => {
    throw new SpecError(file, pointer, problem);
  };
  const list = isObject(raw) ? raw.products : undefined;
  if (!Array.isArray(list) || list.length === 0) fail('/products', 'must be a non-empty array of products');
  const products = (list as unknown[]).map((entry, i) => checkProduct(entry, joinPointer('/products', i), fail));
  for (const key of ['id', 'name', 'entry', 'envPrefix'] as const) {
    const seen = new Map<string, number>();
    products.forEach((p, i) => {
      const other = seen.get(p[key]);
      if (other !== undefined)
        fail(joinPointer('/products', i, key), `"${p[key]}" is product ${other}'s ${key} too: each must be unique`);
      seen.set(p[key], i);
    });
  }
  const roots = products.filter(isRootProduct);
  if (roots.length !== 1) fail('/products', `exactly one product must have the entry "." (found ${roots.length})`);
  return [...roots, ...products.filter((p) => !isRootProduct(p))];
}

function checkProduct(raw: unknown, at: string, fail: (pointer: string, problem: string) => never): ProductConfig {
  if (!isObject(raw)) return fail(at, 'must be an object');
  const text = (key: string, pattern: RegExp | undefined, what: string): string => {
    const value = raw[key];
    if (typeof value !== 'string' || value === '' || (pattern && !pattern.test(value)))
      return fail(joinPointer(at, key), `must be ${what}`);
    return value;
  };
  const files = (key: string, required: boolean): ProductSpecFiles | undefined => {
    const value = raw[key];
    if (value === undefined && !required) return undefined;
    if (!isObject(value))
      return fail(joinPointer(at, key), 'must be an object with "openapi" and optionally "asyncapi"');
    for (const [kind, location] of Object.entries(value))
      if (!['openapi', 'asyncapi'].includes(kind) || typeof location !== 'string' || location === '')
        fail(joinPointer(at, key, kind), 'must be "openapi" or "asyncapi", naming a file or URL');
    if (required && typeof value.openapi !== 'string') fail(joinPointer(at, key, 'openapi'), 'is required');
    return value as unknown as ProductSpecFiles;
  };
  const entry = text('entry', /^(\.|[a-z][a-z0-9-]*)$/, '"." or a lowercase folder name');
  if (['runtime', 'ws', 'testing', 'browser'].includes(entry))
    fail(joinPointer(at, 'entry'), `"${entry}" is a folder or entry of the shared runtime`);
  const demoHosts = raw.demoHosts;
  if (demoHosts !== undefined) {
    if (!isObject(demoHosts)) fail(joinPointer(at, 'demoHosts'), 'must map production hosts to demo hosts');
    for (const [from, to] of Object.entries(demoHosts as Record<string, unknown>))
      if (!HOST.test(from) || typeof to !== 'string' || !HOST.test(to))
        fail(joinPointer(at, 'demoHosts', from), 'must map a host name to a host name');
  }
  return {
    id: text('id', ID, 'a lowercase identifier'),
    title: text('title', undefined, 'a non-empty string'),
    name: text('name', NAME, 'a PascalCase identifier (the prefix of its client names)'),
    entry,
    envPrefix: text('envPrefix', ENV, 'an upper-case environment variable prefix'),
    specs: files('specs', true)!,
    ...(raw.live !== undefined && { live: files('live', false) }),
    ...(demoHosts !== undefined && { demoHosts: demoHosts as Record<string, string> }),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
