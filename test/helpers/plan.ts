import type { ApiModel, WsModel } from '../../generator/model/types.ts';
import { planApi, planSdk, type SdkPlan } from '../../generator/plan/index.ts';
import { rootProduct, type ProductConfig } from '../../generator/products.ts';
import { readTemplates, templatesSurface } from '../../generator/targets/typescript/templates.ts';

/** The runtime as a generation with a WebSocket spec sees it. */
const surface = templatesSurface(await readTemplates(true));

/** The names a generation from these models would emit. */
export function planFor(api: ApiModel, ws?: WsModel, product: ProductConfig = rootProduct()): SdkPlan {
  return planSdk(planApi(api, surface, product), ws);
}

/** A REST model without operations or schemas, for planning a WebSocket model alone. */
export const NO_API: ApiModel = {
  spec: { location: 'none.yaml', sha256: '0'.repeat(64), title: 'None', version: '0' },
  servers: [],
  schemas: [],
  operations: [],
  securitySchemes: [],
};

/** The WebSocket module's names for a model planned on its own. */
export function wsNamesFor(ws: WsModel) {
  return planFor(NO_API, ws).ws!;
}

/** The REST half's plan, as made before the WebSocket spec is read. */
export function apiPlanFor(api: ApiModel, product: ProductConfig = rootProduct()) {
  return planApi(api, surface, product);
}
