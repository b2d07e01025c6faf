// Appends an incremental update (new and replaced objects, a cross-reference section with /Prev, trailer,
// startxref, %%EOF) after the last byte of a PDF, leaving every earlier byte — and so every signature — untouched.

import {
  ByteSink,
  PdfRef,
  PdfStream,
  dict,
  name,
  writeIndirectObject,
  writeValue,
  type PdfValue,
} from "./pdf-syntax.js";
import { PadesError, PadesErrorCode } from "./errors.js";
import type { TrailerInfo } from "./pdf-revision-reader.js";

export interface UpdateObject {
  ref: PdfRef;
  body: PdfValue | PdfStream;
}

/** Groups sorted object numbers into xref subsections of consecutive numbers. */
function subsections(numbers: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const n of numbers) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1] === n) last[1]++;
    else out.push([n, 1]);
  }
  return out;
}

function bytesFor(n: number): number {
  let w = 1;
  while (n >= 256 ** w) w++;
  return w;
}

/**
 * Writes `objects` as a new revision of `original`. Uses a classic xref table when the newest section is one,
 * a cross-reference stream when it is a stream (the two must not be mixed in one chain).
 */
export function appendIncrementalUpdate(
  original: Uint8Array,
  trailer: TrailerInfo,
  objects: UpdateObject[],
): Uint8Array {
  const numbers = objects.map((o) => o.ref.objectNumber);
  if (new Set(numbers).size !== numbers.length)
    throw new PadesError(PadesErrorCode.BAD_OPTION, "an incremental update must not write an object twice");
  const sink = new ByteSink().write(original);
  const last = original[original.length - 1];
  if (last !== 0x0a && last !== 0x0d) sink.write("\n");

  const offsets = new Map<number, { offset: number; generation: number }>();
  for (const o of objects) {
    offsets.set(o.ref.objectNumber, { offset: sink.length, generation: o.ref.generation });
    writeIndirectObject(sink, o.ref, o.body);
  }
  const maxNumber = Math.max(trailer.size - 1, ...numbers);
  const common = { Root: trailer.root, Info: trailer.info, ID: trailer.id, Prev: trailer.startxref };

  if (trailer.xrefKind === "table") {
    const xrefOffset = sink.length;
    sink.write("xref\n");
    const sorted = [...offsets.keys()].sort((a, b) => a - b);
    for (const [first, count] of subsections(sorted)) {
      sink.write(`${first} ${count}\n`);
      for (let n = first; n < first + count; n++) {
        const e = offsets.get(n) as { offset: number; generation: number };
        // Exactly 20 bytes per entry, "\r\n"-free: offset(10) SP gen(5) SP n SP LF.
        sink.write(`${String(e.offset).padStart(10, "0")} ${String(e.generation).padStart(5, "0")} n \n`);
      }
    }
    sink.write("trailer\n");
    writeValue(sink, dict({ Size: maxNumber + 1, ...common }));
    sink.write(`\nstartxref\n${xrefOffset}\n%%EOF\n`);
    return sink.toBytes();
  }

  // Cross-reference stream: it lists itself too.
  const xrefRef = new PdfRef(maxNumber + 1);
  const xrefOffset = sink.length;
  offsets.set(xrefRef.objectNumber, { offset: xrefOffset, generation: 0 });
  const sorted = [...offsets.keys()].sort((a, b) => a - b);
  const w = bytesFor(xrefOffset);
  const data = new Uint8Array(sorted.length * (1 + w + 2));
  sorted.forEach((n, k) => {
    const e = offsets.get(n) as { offset: number; generation: number };
    const at = k * (1 + w + 2);
    data[at] = 1;
    for (let j = 0; j < w; j++) data[at + 1 + j] = Math.floor(e.offset / 256 ** (w - 1 - j)) & 0xff;
    data[at + 1 + w] = e.generation >> 8;
    data[at + 2 + w] = e.generation & 0xff;
  });
  const index = subsections(sorted).flat();
  const xrefDict = dict({
    Type: name("XRef"),
    Size: xrefRef.objectNumber + 1,
    Index: index,
    W: [1, w, 2],
    ...common,
  });
  writeIndirectObject(sink, xrefRef, new PdfStream(xrefDict, data));
  sink.write(`startxref\n${xrefOffset}\n%%EOF\n`);
  return sink.toBytes();
}
