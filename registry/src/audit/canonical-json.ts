// Canonical JSON for hashing audit events and request bodies: the signer's implementation (keys sorted, no
// whitespace, undefined members dropped — RFC 8785 for our value space), so registry and signer hash alike.
export { canonicalJson } from "@elicence/signer/browser";
