// A real document timestamp (ETSI.RFC3161) appended the way a B-LTA step would, and the ways a forger fakes one.
import { createHash } from "node:crypto";
import { raw } from "../../src/pades/pdf-syntax.js";
import {
  BYTE_RANGE_PLACEHOLDER,
  contentsPlaceholder,
  formatByteRange,
  locatePlaceholder,
} from "../../src/pades/placeholder.js";
import { requestTimestamp, type TsaFn } from "../../src/pki/request-timestamp.js";
import { appendDocTimestampField } from "./tamper.js";

export interface DocTimestampOptions {
  visible?: boolean;
  /** Stamp these bytes instead of the ByteRange's: a token made for another document. */
  imprintOf?: Uint8Array;
  /** Another SubFilter than ETSI.RFC3161. */
  subFilter?: string;
}

/** Appends a document timestamp field and fills it with a token from `tsa` over exactly its ByteRange bytes. */
export async function appendDocTimestamp(
  pdf: Uint8Array,
  tsa: TsaFn,
  o: DocTimestampOptions = {},
): Promise<Uint8Array> {
  const prepared = await appendDocTimestampField(pdf, o.visible ?? false, {
    ...(o.subFilter ? { SubFilter: raw(`/${o.subFilter}`) } : {}),
    ByteRange: raw(BYTE_RANGE_PLACEHOLDER),
    Contents: raw(contentsPlaceholder(8192)),
  });
  const loc = locatePlaceholder(prepared);
  const out = new Uint8Array(prepared);
  const buf = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  buf.write(
    formatByteRange([0, loc.contentsStart, loc.contentsEnd, out.length - loc.contentsEnd]),
    loc.byteRangeStart,
    "latin1",
  );
  const hash = createHash("sha256")
    .update(o.imprintOf ?? out.subarray(0, loc.contentsStart))
    .update(o.imprintOf ? new Uint8Array(0) : out.subarray(loc.contentsEnd))
    .digest();
  const token = await requestTimestamp(new Uint8Array(hash), { local: tsa });
  buf.write(Buffer.from(token).toString("hex"), loc.contentsStart + 1, "latin1");
  return out;
}
