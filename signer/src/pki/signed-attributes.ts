// CMS signed attributes in DER order, and the exact bytes a signer signs (RFC 5652 §5.4: the SET OF, tagged 0x31).
import * as pkijs from "pkijs";
import { compareDer } from "../der/der-set.js";
import { bytes } from "./der.js";

/** Sorts attributes into DER SET OF order (pkijs keeps them in insertion order) and wraps them as [0] signedAttrs. */
export function sortedSignedAttributes(
  attributes: readonly pkijs.Attribute[],
): pkijs.SignedAndUnsignedAttributes {
  const sorted = attributes
    .map((attribute) => ({ attribute, der: bytes(attribute.toSchema().toBER()) }))
    .sort((a, b) => compareDer(a.der, b.der))
    .map((x) => x.attribute);
  return new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: sorted });
}

/** The bytes to sign: the [0] IMPLICIT encoding re-tagged as a universal SET (0x31). */
export function signedAttributesToBeSigned(signedAttrs: pkijs.SignedAndUnsignedAttributes): Uint8Array {
  const der = new Uint8Array(signedAttrs.toSchema().toBER());
  der[0] = 0x31;
  return der;
}
