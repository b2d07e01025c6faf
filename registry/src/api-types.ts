// Response shapes of the registry's HTTP API that the pages read (@elicence/registry/api): types only, so a page
// imports them with `import type` and nothing of the registry is bundled into it (eslint.config.js holds the pages to
// that), and its type check does not pull in the server and the signer.
export type { LicenceView } from "./licences/licence-view.js";
export type { HolderLicence, AccessEntry } from "./holders/holder-view.js";
export type { MaterialsAnswer } from "./service-items/materials-request.js";
export type { MaterialStatus } from "./licences/material-for.js";
