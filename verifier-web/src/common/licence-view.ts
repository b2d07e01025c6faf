// A licence as the registry's API shows it: masked for clerks, whole for the holder. The registry's own type, imported
// as a type only so no registry code reaches the page's bundle.
export type { LicenceView } from "@elicence/registry/api";
