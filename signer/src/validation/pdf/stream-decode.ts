// Decodes the few stream kinds validation reads (cross-reference streams, object streams, DSS entries): no filter or
// FlateDecode with PNG predictors. Output is capped, so a decompression bomb ends in a FormatProblem.
import { inflateSync } from "node:zlib";
import { problem } from "../limits.js";
import { PDict, PName, isInt, type PStream, type PValue } from "./objects.js";

function filtersOf(dict: PDict): { names: string[]; parms: (PDict | null)[] } {
  const f = dict.get("Filter");
  const p = dict.get("DecodeParms");
  const names = f === undefined || f === null ? [] : Array.isArray(f) ? f : [f];
  const parms = p === undefined || p === null ? [] : Array.isArray(p) ? p : [p];
  return {
    names: names.map((n: PValue) => {
      if (!(n instanceof PName)) throw problem("VER_PDF_STREAM_BROKEN", "a /Filter entry is not a name");
      return n.name;
    }),
    parms: parms.map((x: PValue) => (x instanceof PDict ? x : null)),
  };
}

/** PNG predictors (ISO 32000 §7.4.4.4): each row starts with its filter type byte. */
function unpredict(data: Uint8Array, parms: PDict): Uint8Array {
  const predictor = parms.get("Predictor") ?? 1;
  if (predictor === 1) return data;
  if (!isInt(predictor) || predictor < 10 || predictor > 15)
    throw problem(
      "VER_PDF_STREAM_BROKEN",
      `unsupported predictor ${typeof predictor === "number" ? predictor : "(not a number)"}`,
    );
  const colors = parms.get("Colors") ?? 1;
  const bpc = parms.get("BitsPerComponent") ?? 8;
  const columns = parms.get("Columns") ?? 1;
  if (
    !isInt(colors) ||
    !isInt(bpc) ||
    !isInt(columns) ||
    colors < 1 ||
    colors > 32 ||
    columns < 1 ||
    columns > 1 << 20
  )
    throw problem("VER_PDF_STREAM_BROKEN", "bad predictor parameters");
  if (bpc !== 1 && bpc !== 2 && bpc !== 4 && bpc !== 8 && bpc !== 16)
    throw problem("VER_PDF_STREAM_BROKEN", "bad predictor parameters");
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLength = Math.ceil((colors * bpc * columns) / 8);
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = new Uint8Array(rows * rowLength);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLength + 1)];
    const src = r * (rowLength + 1) + 1;
    const dst = r * rowLength;
    for (let i = 0; i < rowLength; i++) {
      const raw = data[src + i] ?? 0;
      const left = i >= bpp ? (out[dst + i - bpp] ?? 0) : 0;
      const up = r > 0 ? (out[dst - rowLength + i] ?? 0) : 0;
      const upLeft = r > 0 && i >= bpp ? (out[dst - rowLength + i - bpp] ?? 0) : 0;
      let v: number;
      switch (type) {
        case 0:
          v = raw;
          break;
        case 1:
          v = raw + left;
          break;
        case 2:
          v = raw + up;
          break;
        case 3:
          v = raw + ((left + up) >> 1);
          break;
        case 4: {
          const p = left + up - upLeft;
          const pa = Math.abs(p - left);
          const pb = Math.abs(p - up);
          const pc = Math.abs(p - upLeft);
          v = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
          break;
        }
        default:
          throw problem("VER_PDF_STREAM_BROKEN", `bad PNG row filter ${String(type)}`);
      }
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}

export function decodeStream(source: Uint8Array, stream: PStream, maxBytes: number): Uint8Array {
  let data = source.subarray(stream.dataStart, stream.dataEnd);
  const { names, parms } = filtersOf(stream.dict);
  if (names.length > 2) throw problem("VER_PDF_STREAM_BROKEN", "more than two filters on a stream");
  names.forEach((name, i) => {
    if (name !== "FlateDecode" && name !== "Fl")
      throw problem("VER_PDF_STREAM_BROKEN", `the validator does not decode /${name} streams here`);
    try {
      data = new Uint8Array(inflateSync(data, { maxOutputLength: maxBytes }));
    } catch (e) {
      const tooBig = e instanceof RangeError || (e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
      throw problem(
        tooBig ? "VER_PDF_TOO_COMPLEX" : "VER_PDF_STREAM_BROKEN",
        tooBig ? `a stream decodes to more than ${maxBytes} bytes` : "a Flate stream is corrupt",
      );
    }
    const p = parms[i];
    if (p) data = unpredict(data, p);
  });
  return data;
}
