// Finds the signature dictionaries of a PDF through its form fields (AcroForm /Fields, /Kids), the way viewers do,
// and picks the licence seal: the earliest signature that is not a document timestamp.
import { problem } from "../limits.js";
import { PDict, PName, PRef, PString, isInt, textOf, type PArray, type PValue } from "./objects.js";
import type { LocatedObject, PdfFile } from "./pdf-file.js";

export interface FoundSignature {
  fieldRef: PRef | undefined;
  sigRef: PRef;
  object: LocatedObject;
  dict: PDict;
  type: "Sig" | "DocTimeStamp";
  /** Signed end (ByteRange[2] + ByteRange[3]) when the ByteRange looks like four integers; for ordering only. */
  endHint: number;
}

const MAX_FIELDS = 2000;
const MAX_FIELD_DEPTH = 16;

/** Signature fields with a value, as of revision `rev`. */
export function findSignatures(file: PdfFile, rev = file.last): FoundSignature[] {
  const trailer = file.revisions[rev]?.trailer;
  const catalog = file.dict(trailer?.get("Root"), rev);
  const acroForm = file.dict(catalog?.get("AcroForm"), rev);
  const fields = file.resolve(acroForm?.get("Fields"), rev);
  if (!Array.isArray(fields)) return [];
  const out = new Map<string, FoundSignature>();
  const visited = new Set<string>();
  let count = 0;
  const walk = (items: PArray, depth: number, inheritedFt: PValue | undefined): void => {
    if (depth > MAX_FIELD_DEPTH) throw problem("VER_PDF_NESTING_TOO_DEEP", "form fields nest too deeply");
    for (const item of items) {
      if (++count > MAX_FIELDS) throw problem("VER_PDF_TOO_COMPLEX", "too many form fields");
      if (!(item instanceof PRef)) continue;
      const key = `${item.num} ${item.gen}`;
      if (visited.has(key)) continue;
      visited.add(key);
      const field = file.dict(item, rev);
      if (!field) continue;
      const ft = field.get("FT") ?? inheritedFt;
      const kids = file.resolve(field.get("Kids"), rev);
      if (Array.isArray(kids)) walk(kids, depth + 1, ft);
      const v = field.get("V");
      if (!(ft instanceof PName) || ft.name !== "Sig" || v === undefined) continue;
      if (!(v instanceof PRef))
        throw problem("VER_PDF_SIGNATURE_DICT_MALFORMED", "a signature field's /V is not an indirect object");
      const object = file.object(v, rev);
      const dict = object?.value;
      if (!object || !(dict instanceof PDict))
        throw problem("VER_PDF_SIGNATURE_DICT_MALFORMED", `signature ${v.num} ${v.gen} is not a dictionary`);
      const type = dict.get("Type");
      const br = dict.get("ByteRange");
      const endHint =
        Array.isArray(br) && br.length === 4 && isInt(br[2]) && isInt(br[3])
          ? br[2] + br[3]
          : Number.MAX_SAFE_INTEGER;
      out.set(`${v.num} ${v.gen}`, {
        fieldRef: item,
        sigRef: v,
        object,
        dict,
        type: type instanceof PName && type.name === "DocTimeStamp" ? "DocTimeStamp" : "Sig",
        endHint,
      });
    }
  };
  walk(fields, 0, undefined);
  return [...out.values()].sort((a, b) => a.endHint - b.endHint);
}

export interface SealSignature extends FoundSignature {
  contents: PString;
  filter: string;
  subFilter: string;
  /** /M as written (a PDF date string), if any. */
  m?: string;
}

export function nameOf(v: PValue | undefined): string | undefined {
  return v instanceof PName ? v.name : undefined;
}

/** The seal among the signatures, with the checks a signature dictionary must pass; throws FormatProblem otherwise. */
export function sealSignature(file: PdfFile, signatures: FoundSignature[]): SealSignature {
  const seal = signatures.find((s) => s.type === "Sig");
  if (!seal) throw problem("VER_PDF_NO_SIGNATURE", "no filled signature field");
  if (!seal.object.inFile)
    throw problem(
      "VER_PDF_SIGNATURE_IN_OBJECT_STREAM",
      "the signature dictionary is inside an object stream",
    );
  const filter = nameOf(seal.dict.get("Filter"));
  const subFilter = nameOf(seal.dict.get("SubFilter"));
  if (!filter || !subFilter)
    throw problem("VER_PDF_SIGNATURE_DICT_MALFORMED", "/Filter or /SubFilter missing");
  if (subFilter !== "ETSI.CAdES.detached")
    throw problem("VER_PDF_SUBFILTER_UNSUPPORTED", `SubFilter /${subFilter}`);
  const contents = seal.dict.get("Contents");
  if (!(contents instanceof PString) || !contents.hex)
    throw problem("VER_PDF_CONTENTS_MALFORMED", "/Contents is not a direct hexadecimal string");
  // Strictly hex digits, even in number: whitespace or odd length would let two readers disagree on the bytes.
  const inner = file.bytes.subarray(contents.start + 1, contents.end - 1);
  if (inner.length % 2 !== 0 || !/^[0-9A-Fa-f]*$/.test(Buffer.from(inner).toString("latin1")))
    throw problem("VER_PDF_CONTENTS_MALFORMED", "/Contents holds characters other than hex digits");
  const m = seal.dict.get("M");
  return {
    ...seal,
    contents,
    filter,
    subFilter,
    ...(m instanceof PString ? { m: textOf(m) ?? "" } : {}),
  };
}
