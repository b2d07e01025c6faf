// PAdES B-LT: adds a Document Security Store (certificates, CRLs, OCSP responses, optional VRI) in an incremental
// update, so the signature can be validated after its certificates expire and its responders are gone.

import { createHash } from "node:crypto";
import { PDFArray, PDFName } from "pdf-lib";
import { PadesError, PadesErrorCode } from "./errors.js";
import { appendIncrementalUpdate, type UpdateObject } from "./incremental-update.js";
import { PdfDict, PdfRef, PdfStream, dict, name, type PdfRaw, type PdfValue } from "./pdf-syntax.js";
import { PdfRevisionReader, rawOf } from "./pdf-revision-reader.js";
import type { LtvData } from "./types.js";

export interface AddDssData extends LtvData {
  /**
   * /Contents values of the signatures this data validates (the padded CMS bytes as stored in the PDF):
   * each gets a /VRI entry keyed by the upper-case hex SHA-1 of that value.
   */
  vriFor?: Uint8Array[];
}

function unique(items: Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  return items.filter((b) => {
    const k = createHash("sha256").update(b).digest("hex");
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The /Contents value of the signature whose /ByteRange is `byteRange` (hex decoded, padding included). */
export function signatureContentsValue(
  pdf: Uint8Array,
  byteRange: readonly [number, number, number, number],
): Uint8Array {
  const [, start, end] = byteRange;
  const hexText = Buffer.from(pdf.subarray(start + 1, end - 1)).toString("latin1");
  if (pdf[start] !== 0x3c || pdf[end - 1] !== 0x3e || !/^[0-9a-fA-F]*$/.test(hexText)) {
    throw new PadesError(PadesErrorCode.BAD_OPTION, "the byte range gap is not a hex string");
  }
  return new Uint8Array(Buffer.from(hexText, "hex"));
}

export function vriKey(contentsValue: Uint8Array): string {
  return createHash("sha1").update(contentsValue).digest("hex").toUpperCase();
}

/**
 * Appends a revision whose catalog points at a DSS holding `data` (merged with an existing DSS, if any).
 * Every earlier byte is kept, so existing signatures stay valid; DocMDP P=2 permits this change.
 */
export async function addDss(bytes: Uint8Array, data: AddDssData): Promise<Uint8Array> {
  const reader = PdfRevisionReader.open(bytes);
  const { trailer } = reader;
  const catalog = await reader.resolveDict(await reader.lookup(trailer.root));
  if (!catalog) throw new PadesError(PadesErrorCode.PDF_STRUCTURE, "the trailer's /Root is not a dictionary");

  const existing = await reader.resolveDict(catalog.get(PDFName.of("DSS")));
  const existingRefs = (key: string): PdfRaw[] => {
    const arr = existing?.lookupMaybe(PDFName.of(key), PDFArray);
    return arr ? arr.asArray().map(rawOf) : [];
  };

  let next = trailer.size;
  const objects: UpdateObject[] = [];
  const addStreams = (items: Uint8Array[]): PdfRef[] =>
    unique(items).map((content) => {
      const r = new PdfRef(next++);
      objects.push({ ref: r, body: new PdfStream(new PdfDict(), content) });
      return r;
    });
  const certs = addStreams(data.certs);
  const crls = addStreams(data.crls);
  const ocsps = addStreams(data.ocsps);

  const nonEmpty = (a: PdfValue[]) => (a.length > 0 ? a : undefined);
  let vri: PdfDict | undefined;
  const oldVri = await reader.resolveDict(existing?.get(PDFName.of("VRI")));
  if (oldVri || (data.vriFor && data.vriFor.length > 0)) {
    vri = new PdfDict();
    if (oldVri) for (const [k, v] of oldVri.entries()) vri.entries.set(k.decodeText(), rawOf(v));
    for (const contents of data.vriFor ?? []) {
      vri.entries.set(
        vriKey(contents),
        dict({ Cert: nonEmpty(certs), CRL: nonEmpty(crls), OCSP: nonEmpty(ocsps) }),
      );
    }
  }

  const dssRef = new PdfRef(next++);
  objects.push({
    ref: dssRef,
    body: dict({
      Type: name("DSS"),
      Certs: nonEmpty([...existingRefs("Certs"), ...certs]),
      CRLs: nonEmpty([...existingRefs("CRLs"), ...crls]),
      OCSPs: nonEmpty([...existingRefs("OCSPs"), ...ocsps]),
      VRI: vri,
    }),
  });

  // The replaced catalog keeps every entry of the old one verbatim; only /DSS changes.
  const newCatalog = new PdfDict();
  for (const [k, v] of catalog.entries())
    if (k !== PDFName.of("DSS")) newCatalog.entries.set(k.decodeText(), rawOf(v));
  newCatalog.entries.set("DSS", dssRef);
  objects.push({ ref: trailer.root, body: newCatalog });

  return appendIncrementalUpdate(bytes, trailer, objects);
}
