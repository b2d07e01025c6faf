// Every byte of an incremental update explained (issue 9). An update may hold only: the objects its own
// cross-reference data lists, each exactly at its listed offset (object streams holding only objects listed as
// theirs), its one cross-reference section, `startxref`, the offset and the final `%%EOF`, with whitespace between.
// Anything else is what a forger hides for readers that rebuild the cross-reference data by scanning the file (poppler,
// MuPDF: the last `N G obj` wins) or for a browser sniffing the file as HTML, so it is named by its own reason code.
import { isResourceProblem } from "../check.js";
import { FormatProblem, type Budget } from "../limits.js";
import type { ReasonCode } from "../reason-codes.js";
import { PDict, PName, PRef, PStream, type PObject } from "./objects.js";
import { PdfParser } from "./parser.js";
import type { PdfFile, Revision } from "./pdf-file.js";

export interface UpdateProblem {
  code: ReasonCode;
  /** Revision of the file (1 = the original document) the problem is in. */
  revision: number;
  offset: number;
  detail: string;
}

const WHITE = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WHITE[c] = 1;

/**
 * Markup a browser would act on, were the file served or saved as HTML (a PDF/HTML polyglot). Binary stream data
 * matching one of these by chance is vanishingly unlikely; no permitted update carries markup.
 */
const MARKUP =
  /<\s*(?:!doctype|html|head|body|script|iframe|frame|svg|img|object|embed|meta|link|style|form|input|a\s+href)\b|javascript:/i;

/** `N G obj` at the start of `s`. */
const HEADER = /^(\d{1,10})[\0\t\n\f\r ]+(\d{1,5})[\0\t\n\f\r ]+obj(?![^\0\t\n\f\r ()<>[\]{}/%])/;
const STARTXREF_TAIL = /^startxref(?:\r\n|\r|\n)(\d{1,15})(?:\r\n|\r|\n)%%EOF$/;
const SECTION_WORDS = new Set(["xref", "trailer", "startxref"]);
/** Keys that attach actions or scripts, and action types: nothing PAdES permits after sealing carries them. */
const ACTION_KEYS = new Set(["AA", "OpenAction", "JS"]);
const ACTION_TYPES = new Set([
  "JavaScript",
  "Launch",
  "SubmitForm",
  "ImportData",
  "ResetForm",
  "Rendition",
  "GoToR",
  "GoToE",
  "RichMediaExecute",
  "Sound",
  "Movie",
  "Hide",
  "SetOCGState",
]);

/** The first action or script in `value` (iteratively, so depth costs no stack), as a short description. */
function actionIn(value: PObject, budget: Budget): string | undefined {
  const stack: PObject[] = [value];
  while (stack.length > 0) {
    budget.tick();
    const v = stack.pop();
    if (v instanceof PName && ACTION_TYPES.has(v.name)) return `/${v.name}`;
    const d = v instanceof PStream ? v.dict : v instanceof PDict ? v : undefined;
    if (d) {
      for (const [k, x] of d.map) {
        if (ACTION_KEYS.has(k)) return `/${k}`;
        if (k === "A" && x instanceof PDict && x.get("S") !== undefined) return "/A (an action)";
        stack.push(x);
      }
    } else if (Array.isArray(v)) for (const x of v as PObject[]) stack.push(x);
  }
  return undefined;
}

/** The references in `value`, each once (iteratively, so depth costs no stack). */
function refsIn(value: PObject, budget: Budget): PRef[] {
  const out: PRef[] = [];
  const stack: PObject[] = [value];
  while (stack.length > 0) {
    budget.tick();
    const v = stack.pop();
    if (v instanceof PRef) out.push(v);
    else if (v instanceof PStream) for (const x of v.dict.map.values()) stack.push(x);
    else if (v instanceof PDict) for (const x of v.map.values()) stack.push(x);
    else if (Array.isArray(v)) for (const x of v as PObject[]) stack.push(x);
  }
  return out;
}

class Accountant {
  private readonly listedAt = new Map<number, { num: number; gen: number }>();
  private readonly matched = new Set<number>();
  private readonly spans: Array<[number, number]> = [];
  private readonly streamsHere = new Set<number>();

  constructor(
    private readonly file: PdfFile,
    private readonly rev: Revision,
    private readonly from: number,
    private readonly budget: Budget,
  ) {}

  private fail(code: ReasonCode, offset: number, detail: string): UpdateProblem {
    return { code, revision: this.rev.index + 1, offset, detail };
  }

  run(): UpdateProblem | undefined {
    const { buf } = this.file;
    const to = this.rev.end;
    const text = buf.subarray(this.from, to).toString("latin1");
    const markup = MARKUP.exec(text);
    if (markup)
      return this.fail("VER_PDF_UPDATE_MARKUP", this.from + markup.index, `"${markup[0]}" in the update`);

    for (const [num, e] of this.rev.entries) {
      if (e.kind !== "offset") continue;
      if (e.offset < this.from || e.offset >= to)
        return this.fail(
          "VER_PDF_UPDATE_OFFSET_MISMATCH",
          e.offset,
          `object ${num} ${e.gen} is listed at ${e.offset}, outside the update (${this.from}–${to})`,
        );
      this.listedAt.set(e.offset, { num, gen: e.gen });
    }

    let pos = this.from;
    let sectionSeen = false;
    for (;;) {
      this.budget.tick();
      while (pos < to && WHITE[buf[pos] as number]) pos++;
      if (pos >= to)
        return this.fail("VER_PDF_UPDATE_JUNK", pos, "the update ends without startxref and %%EOF");
      const c = buf[pos] as number;
      if (c === 0x25) {
        if (buf.subarray(pos, pos + 5).toString("latin1") === "%%EOF")
          return this.fail("VER_PDF_UPDATE_EXTRA_TRAILER", pos, "a %%EOF inside the update");
        return this.fail("VER_PDF_UPDATE_COMMENT", pos, "a comment in the update");
      }
      if (pos === this.rev.xrefOffset && this.rev.xrefKind === "table") {
        sectionSeen = true;
        this.spans.push([pos, this.rev.sectionEnd]);
        pos = this.rev.sectionEnd;
        continue;
      }
      const head = buf.subarray(pos, Math.min(to, pos + 40)).toString("latin1");
      const word = /^[a-z]+/.exec(head)?.[0] ?? "";
      if (word === "startxref") {
        const tail = STARTXREF_TAIL.exec(buf.subarray(pos, to).toString("latin1"));
        if (!sectionSeen || !tail || Number(tail[1]) !== this.rev.xrefOffset)
          return this.fail("VER_PDF_UPDATE_EXTRA_TRAILER", pos, "a startxref that does not end the update");
        break;
      }
      if (SECTION_WORDS.has(word))
        return this.fail("VER_PDF_UPDATE_EXTRA_TRAILER", pos, `a second "${word}" in the update`);
      const header = HEADER.exec(head);
      if (!header) return this.fail("VER_PDF_UPDATE_JUNK", pos, "bytes that are not an object");
      const problem = this.object(pos, Number(header[1]), Number(header[2]));
      if (typeof problem !== "number") return problem;
      if (pos === this.rev.xrefOffset) sectionSeen = true;
      pos = problem;
    }
    return this.unmatched() ?? (sectionSeen ? undefined : this.sectionHidden());
  }

  /** The object whose header is at `at`: listed there, well formed; returns where it ends. */
  private object(at: number, num: number, gen: number): number | UpdateProblem {
    const isSection = at === this.rev.xrefOffset || at === this.rev.xrefStm;
    const listed = this.listedAt.get(at);
    if (!isSection && (!listed || listed.num !== num || listed.gen !== gen))
      return this.fail(
        "VER_PDF_UPDATE_OBJECT_UNLISTED",
        at,
        listed
          ? `${num} ${gen} obj is where the update lists ${listed.num} ${listed.gen}`
          : `${num} ${gen} obj at ${at} is not listed by the update's cross-reference data`,
      );
    const parser = new PdfParser(this.file.bytes, at, this.budget);
    let value;
    try {
      value = parser.parseIndirect(this.file.lengthResolver(this.rev.index)).value;
    } catch (e) {
      if (isResourceProblem(e) || !(e instanceof FormatProblem)) throw e;
      return this.fail("VER_PDF_UPDATE_JUNK", at, `${num} ${gen} obj cannot be read: ${e.message}`);
    }
    if (parser.pos > this.rev.end)
      return this.fail("VER_PDF_UPDATE_OBJECTS_OVERLAP", at, `${num} ${gen} obj runs past the update`);
    this.matched.add(at);
    this.spans.push([at, parser.pos]);
    const action = actionIn(value, this.budget);
    if (action) return this.fail("VER_PDF_UPDATE_ACTION", at, `${num} ${gen} obj carries ${action}`);
    const dangling = this.danglingRef(value);
    if (dangling) return this.fail("VER_PDF_UPDATE_DANGLING_REFERENCE", at, `${num} ${gen} obj ${dangling}`);
    if (!isSection && value instanceof PStream) {
      const type = value.dict.get("Type");
      if (type instanceof PName && type.name === "ObjStm") {
        const bad = this.objectStream(at, num);
        if (bad) return bad;
      }
    }
    return parser.pos;
  }

  private readonly resolved = new Set<string>();

  /**
   * The first reference in `value` that the cross-reference data (as of this update) cannot resolve: free, absent or
   * of another generation. poppler meets such a reference (a timestamp field's /TU, say, read while the form loads)
   * with "xref num … not found but needed, try to reconstruct" and from then on draws every appearance from the
   * objects a scan of the file finds — whatever they are. No writer of a permitted update leaves one.
   */
  private danglingRef(value: PObject): string | undefined {
    for (const r of refsIn(value, this.budget)) {
      const key = `${r.num} ${r.gen}`;
      if (this.resolved.has(key)) continue;
      let found;
      try {
        found = this.file.object(r, this.rev.index);
      } catch (e) {
        if (isResourceProblem(e) || !(e instanceof FormatProblem)) throw e;
        return `refers to ${key} R, which cannot be read: ${e.message}`;
      }
      if (!found) return `refers to ${key} R, which no cross-reference data lists`;
      this.resolved.add(key);
    }
    return undefined;
  }

  /** Each object an object stream of the update holds must be listed as compressed in it, at its index. */
  private objectStream(at: number, streamNum: number): UpdateProblem | undefined {
    this.streamsHere.add(streamNum);
    const members = this.file.objectStreamMembers(streamNum, this.rev.index);
    for (const [k, num] of members.entries()) {
      const e = this.rev.entries.get(num);
      if (!e || e.kind !== "compressed" || e.stream !== streamNum || e.index !== k)
        return this.fail(
          "VER_PDF_UPDATE_OBJSTM_UNLISTED",
          at,
          `object stream ${streamNum} holds object ${num} at index ${k}, which the update does not list there`,
        );
    }
    return undefined;
  }

  private unmatched(): UpdateProblem | undefined {
    for (const [offset, { num, gen }] of this.listedAt) {
      if (this.matched.has(offset)) continue;
      const inside = this.spans.some(([s, e]) => offset > s && offset < e);
      return this.fail(
        inside ? "VER_PDF_UPDATE_OBJECTS_OVERLAP" : "VER_PDF_UPDATE_OFFSET_MISMATCH",
        offset,
        inside
          ? `object ${num} ${gen} is listed inside another object of the update`
          : `object ${num} ${gen} is listed at ${offset}, where no object of the update starts`,
      );
    }
    for (const [num, e] of this.rev.entries) {
      if (e.kind !== "compressed") continue;
      if (!this.streamsHere.has(e.stream))
        return this.fail(
          "VER_PDF_UPDATE_OFFSET_MISMATCH",
          this.rev.xrefOffset,
          `object ${num} is listed in object stream ${e.stream}, which the update does not write`,
        );
      const value = this.file.object(num, this.rev.index)?.value;
      const action = value === undefined ? undefined : actionIn(value, this.budget);
      if (action)
        return this.fail("VER_PDF_UPDATE_ACTION", this.rev.xrefOffset, `object ${num} carries ${action}`);
      const dangling = value === undefined ? undefined : this.danglingRef(value);
      if (dangling)
        return this.fail(
          "VER_PDF_UPDATE_DANGLING_REFERENCE",
          this.rev.xrefOffset,
          `object ${num} ${dangling}`,
        );
    }
    return undefined;
  }

  private sectionHidden(): UpdateProblem {
    return this.fail(
      "VER_PDF_UPDATE_OBJECTS_OVERLAP",
      this.rev.xrefOffset,
      "the update's cross-reference section lies inside one of its objects",
    );
  }
}

/**
 * The first unexplained thing in revision `index` (an incremental update: index ≥ 1), from the end of the revision
 * before it to its own %%EOF; undefined when every byte is accounted for.
 */
export function accountForUpdate(file: PdfFile, index: number, budget: Budget): UpdateProblem | undefined {
  const rev = file.revisions[index];
  const before = file.revisions[index - 1];
  if (!rev || !before) return undefined;
  return new Accountant(file, rev, before.end, budget).run();
}
