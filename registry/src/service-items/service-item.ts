// A service item (政务服务事项): what an applicant applies for at a window, who handles it, and which licences of the
// registry it needs. Loaded from templates/service-items/<code>.json; each required licence the applicant already
// holds is a copy the window no longer asks for.
import type { HolderKind } from "../catalogue/index.js";

export interface RequiredMaterial {
  /** Licence type code from templates/<type code>/type.json. */
  readonly typeCode: string;
  /** What the material is for in this item (e.g. 法人股东的主体资格证明), shown on the desk's checklist. */
  readonly note: { readonly zh: string; readonly en: string };
}

export interface ServiceItem {
  /** Lower-case slug, also the file name: food-business-new → templates/service-items/food-business-new.json. */
  readonly code: string;
  readonly name: { readonly zh: string; readonly en: string };
  /** The department that handles the application. */
  readonly department: { readonly name: string; readonly code: string };
  /** Who applies: every required licence type is held by this kind of holder. */
  readonly holderKind: HolderKind;
  readonly required: readonly RequiredMaterial[];
  readonly notes?: string;
  /** Absolute path of the file it was loaded from. */
  readonly source: string;
}
