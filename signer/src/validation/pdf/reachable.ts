// Every reference reachable from a revision's trailer (/Root, /Info): the whole object graph a reader may draw from
// — pages, contents, resources, fonts, XObjects, annotations and appearances, the form, but also /OpenAction, name
// trees and the rest — followed iteratively (no recursion to exhaust): each object once, so linear in the objects read already.
import type { Budget } from "../limits.js";
import { PDict, PRef, PStream, type PObject } from "./objects.js";
import type { PdfFile } from "./pdf-file.js";

/** References in the order met, each (number, generation) once; unresolvable ones included. */
export function reachableRefs(file: PdfFile, rev: number, budget: Budget): PRef[] {
  const out: PRef[] = [];
  const seen = new Set<string>();
  const trailer = file.revisions[rev]?.trailer;
  const stack: PObject[] = [trailer?.get("Root") ?? null, trailer?.get("Info") ?? null];
  while (stack.length > 0) {
    budget.tick();
    const v = stack.pop();
    if (v instanceof PRef) {
      const key = `${v.num} ${v.gen}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(v);
      const target = file.object(v, rev);
      if (target) stack.push(target.value);
    } else if (v instanceof PDict) for (const x of v.map.values()) stack.push(x);
    else if (v instanceof PStream) for (const x of v.dict.map.values()) stack.push(x);
    else if (Array.isArray(v)) for (const x of v as PObject[]) stack.push(x);
  }
  return out;
}
