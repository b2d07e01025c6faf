// Incremental saving and shadow attacks: diff the signed revision's objects against the final ones. Only what PAdES
// allows may follow a certified licence — a DSS (validation data), document timestamps and the filling of prepared
// signature fields (which may then show, in the rectangle the certifier gave them: the annotated copy's note) — and
// nothing else may change what the page shows. Every other change is named by its own code.
import { invalid, valid } from "../check.js";
import { problem, type Budget } from "../limits.js";
import {
  PDict,
  PName,
  PRef,
  PStream,
  isInt,
  numberOf,
  sameValue,
  type PArray,
  type PObject,
  type PValue,
} from "../pdf/objects.js";
import type { LocatedObject, PdfFile } from "../pdf/pdf-file.js";
import type { ReasonCode } from "../reason-codes.js";
import type { Check } from "../types.js";

type Role =
  | "catalog"
  | "info"
  | "pages-node"
  | "page"
  | "content"
  | "annots"
  | "annotation"
  | "resources"
  | "font"
  | "xobject"
  | "acroform"
  | "field"
  | "signature"
  | "dss";

export interface Finding {
  code: ReasonCode;
  object: number | "trailer";
  detail: string;
}

export interface RevisionsResult {
  check: Check;
  coverage: "whole-file" | "permitted-updates" | "not-covered";
  /** Prepared signature fields filled after the seal (DocMDP P=1 forbids even these). */
  filledFields: number;
  docTimestamps: number;
}

/** Most telling first: the primary reason of the check is the first of these found. */
const PRIORITY: ReasonCode[] = [
  "VER_PDF_REVISION_PAGE_CONTENT_CHANGED",
  "VER_PDF_REVISION_PAGES_CHANGED",
  "VER_PDF_REVISION_ANNOTATION_ADDED",
  "VER_PDF_REVISION_VISIBLE_SIGNATURE_ADDED",
  "VER_PDF_REVISION_ANNOTATION_CHANGED",
  "VER_PDF_REVISION_FONT_CHANGED",
  "VER_PDF_REVISION_XOBJECT_CHANGED",
  "VER_PDF_REVISION_PAGE_CHANGED",
  "VER_PDF_REVISION_SIGNATURE_CHANGED",
  "VER_PDF_REVISION_CATALOG_CHANGED",
  "VER_PDF_REVISION_FORM_CHANGED",
  "VER_PDF_REVISION_INFO_CHANGED",
  "VER_PDF_REVISION_OBJECT_DELETED",
  "VER_PDF_REVISION_DSS_MALFORMED",
  "VER_PDF_REVISION_OBJECT_CHANGED",
];

const MAX_WALK_DEPTH = 32;
const MAX_PAGES = 10_000;
const DSS_KEYS = new Set(["Type", "Certs", "CRLs", "OCSPs", "VRI"]);
const VRI_KEYS = new Set(["Type", "Cert", "CRL", "OCSP", "TU", "TS"]);
const FIELD_FILL_KEYS = new Set(["V", "AP", "F"]);
/** Flags a prepared field may lose when it is signed (shown at last); no flag may be gained, none other changed. */
const SHOWN_WHEN_SIGNED = 0b100010; // Hidden (2), NoView (32)

const refKey = (r: PRef) => r.num;

/** What each object of the signed revision is, found by walking from its catalog. */
class RoleMap {
  readonly roles = new Map<number, Role>();
  private pages = 0;

  constructor(
    private readonly file: PdfFile,
    private readonly rev: number,
    private readonly budget: Budget,
  ) {}

  private mark(v: PValue | undefined, role: Role): boolean {
    if (!(v instanceof PRef)) return true;
    if (this.roles.has(v.num)) return false;
    this.roles.set(v.num, role);
    return true;
  }

  private dict(v: PValue | undefined): PDict | undefined {
    return this.file.dict(v, this.rev);
  }

  private array(v: PValue | undefined): PArray {
    const r = this.file.resolve(v, this.rev);
    return Array.isArray(r) ? r : [];
  }

  walk(): this {
    const trailer = this.file.revisions[this.rev]?.trailer;
    const root = trailer?.get("Root");
    this.mark(root, "catalog");
    this.mark(trailer?.get("Info"), "info");
    const catalog = this.dict(root);
    if (!catalog) return this;
    const acroForm = catalog.get("AcroForm");
    if (this.mark(acroForm, "acroform")) {
      const af = this.dict(acroForm);
      if (this.mark(af?.get("Fields"), "acroform"))
        for (const f of this.array(af?.get("Fields"))) this.field(f, 0);
      this.resources(af?.get("DR"), 0);
    }
    const dss = catalog.get("DSS");
    if (this.mark(dss, "dss")) this.dss(this.dict(dss));
    this.pageNode(catalog.get("Pages"), 0);
    return this;
  }

  private dss(d: PDict | undefined): void {
    for (const key of ["Certs", "CRLs", "OCSPs"]) {
      this.mark(d?.get(key), "dss");
      for (const r of this.array(d?.get(key))) this.mark(r, "dss");
    }
    const vri = d?.get("VRI");
    this.mark(vri, "dss");
    for (const v of this.dict(vri)?.map.values() ?? []) this.mark(v, "dss");
  }

  private field(v: PValue, depth: number): void {
    if (depth > MAX_WALK_DEPTH) throw problem("VER_PDF_NESTING_TOO_DEEP", "form fields nest too deeply");
    this.budget.tick();
    if (!this.mark(v, "field")) return;
    const f = this.dict(v);
    if (!f) return;
    this.mark(f.get("V"), "signature");
    this.appearance(f.get("AP"), depth);
    for (const k of this.array(f.get("Kids"))) this.field(k, depth + 1);
  }

  private appearance(ap: PValue | undefined, depth: number): void {
    this.mark(ap, "annotation");
    for (const state of this.dict(ap)?.map.values() ?? []) {
      if (state instanceof PRef) {
        const target = this.file.resolve(state, this.rev);
        if (target instanceof PStream) {
          if (this.mark(state, "xobject")) this.resources(target.dict.get("Resources"), depth + 1);
          continue;
        }
        this.mark(state, "annotation");
      }
      for (const s of this.dict(state)?.map.values() ?? []) {
        const target = this.file.resolve(s, this.rev);
        if (this.mark(s, "xobject") && target instanceof PStream)
          this.resources(target.dict.get("Resources"), depth + 1);
      }
    }
  }

  private pageNode(v: PValue | undefined, depth: number): void {
    if (depth > MAX_WALK_DEPTH) throw problem("VER_PDF_NESTING_TOO_DEEP", "the page tree nests too deeply");
    this.budget.tick();
    const node = this.dict(v);
    if (!node) return;
    const type = node.get("Type");
    const isPages = type instanceof PName && type.name === "Pages";
    if (!this.mark(v, isPages ? "pages-node" : "page")) return;
    this.resources(node.get("Resources"), 0);
    if (isPages) {
      for (const kid of this.array(node.get("Kids"))) this.pageNode(kid, depth + 1);
      return;
    }
    if (++this.pages > MAX_PAGES) throw problem("VER_PDF_TOO_COMPLEX", `more than ${MAX_PAGES} pages`);
    const contents = node.get("Contents");
    this.mark(contents, "content");
    for (const c of this.array(contents)) this.mark(c, "content");
    const annots = node.get("Annots");
    this.mark(annots, "annots");
    for (const a of this.array(annots)) {
      if (!this.mark(a, "annotation")) continue;
      const annot = this.dict(a);
      this.appearance(annot?.get("AP"), 0);
      this.mark(annot?.get("Popup"), "annotation");
    }
  }

  private resources(v: PValue | undefined, depth: number): void {
    if (depth > 8) return;
    if (!this.mark(v, "resources")) return;
    const res = this.dict(v);
    if (!res) return;
    for (const [kind, group] of res.map) {
      if (!this.mark(group, "resources")) continue;
      for (const item of this.dict(group)?.map.values() ?? []) {
        this.budget.tick();
        if (kind === "Font") this.font(item, depth);
        else if (kind === "XObject") {
          const target = this.file.resolve(item, this.rev);
          if (this.mark(item, "xobject") && target instanceof PStream)
            this.resources(target.dict.get("Resources"), depth + 1);
        } else this.mark(item, "resources");
      }
    }
  }

  private font(v: PValue | undefined, depth: number): void {
    if (!this.mark(v, "font")) return;
    const f = this.dict(v);
    if (!f) return;
    for (const d of this.array(f.get("DescendantFonts"))) this.font(d, depth);
    this.mark(f.get("DescendantFonts"), "font");
    this.mark(f.get("ToUnicode"), "font");
    this.mark(f.get("Encoding"), "font");
    this.mark(f.get("Widths"), "font");
    this.mark(f.get("W"), "font");
    const fd = f.get("FontDescriptor");
    if (this.mark(fd, "font")) {
      const desc = this.dict(fd);
      for (const key of ["FontFile", "FontFile2", "FontFile3", "CIDSet"]) this.mark(desc?.get(key), "font");
    }
    for (const proc of this.dict(f.get("CharProcs"))?.map.values() ?? []) this.mark(proc, "font");
    this.resources(f.get("Resources"), depth + 1);
  }
}

function sameObject(file: PdfFile, a: LocatedObject, b: LocatedObject): boolean {
  const av = a.value;
  const bv = b.value;
  if (av instanceof PStream || bv instanceof PStream) {
    if (!(av instanceof PStream) || !(bv instanceof PStream)) return false;
    const keys = new Set([...av.dict.map.keys(), ...bv.dict.map.keys()]);
    keys.delete("Length");
    for (const k of keys) if (!sameValue(av.dict.get(k), bv.dict.get(k))) return false;
    const da = file.bytes.subarray(av.dataStart, av.dataEnd);
    const db = file.bytes.subarray(bv.dataStart, bv.dataEnd);
    return Buffer.from(da.buffer, da.byteOffset, da.byteLength).equals(db);
  }
  return sameValue(av, bv);
}

/** A widget that cannot draw: zero-area rectangle, or hidden / no-view flags. */
function invisibleWidget(d: PDict): boolean {
  const flags = d.get("F");
  if (isInt(flags) && (flags & 0b100010) !== 0) return true; // Hidden (2) or NoView (32)
  const rect = d.get("Rect");
  if (!Array.isArray(rect) || rect.length !== 4) return true; // no rectangle, nothing drawn
  const [x1, y1, x2, y2] = rect.map((n) => numberOf(n) ?? 0) as [number, number, number, number];
  return x1 === x2 || y1 === y2;
}

class Differ {
  readonly findings: Finding[] = [];
  readonly filled = new Set<number>();
  readonly timestamps = new Set<number>();

  constructor(
    private readonly file: PdfFile,
    private readonly signed: number,
    private readonly roles: Map<number, Role>,
    private readonly sealRef: PRef,
  ) {}

  private get final(): number {
    return this.file.last;
  }

  find(code: ReasonCode, object: number | "trailer", detail: string): void {
    this.findings.push({ code, object, detail });
  }

  /** Whether object `num` did not exist in the signed revision. */
  private isNew(num: number): boolean {
    return this.file.object(num, this.signed) === undefined;
  }

  private arrayAt(v: PValue | undefined, rev: number): PArray {
    const r = this.file.resolve(v, rev);
    return Array.isArray(r) ? r : [];
  }

  run(): void {
    const before = this.file.revisions[this.signed]?.trailer;
    const after = this.file.revisions[this.final]?.trailer;
    if (!sameValue(before?.get("Root"), after?.get("Root")))
      this.find("VER_PDF_REVISION_CATALOG_CHANGED", "trailer", "the trailer points to another catalog");
    if (!sameValue(before?.get("Info"), after?.get("Info")))
      this.find(
        "VER_PDF_REVISION_INFO_CHANGED",
        "trailer",
        "the trailer points to other document information",
      );

    const changed = new Set<number>();
    for (let r = this.signed + 1; r <= this.final; r++)
      for (const num of this.file.revisions[r]?.entries.keys() ?? []) if (num !== 0) changed.add(num);
    for (const num of changed) {
      const b = this.file.object(num, this.signed);
      const a = this.file.object(num, this.final);
      if (!b) continue; // new objects are judged where they become referenced
      if (!a) {
        this.find("VER_PDF_REVISION_OBJECT_DELETED", num, "an object of the sealed document was freed");
        continue;
      }
      if (sameObject(this.file, b, a)) continue;
      this.classify(num, this.roles.get(num), b.value, a.value);
    }
  }

  private classify(num: number, role: Role | undefined, b: PObject, a: PObject): void {
    switch (role) {
      case "catalog":
        if (b instanceof PDict && a instanceof PDict) this.catalog(num, b, a);
        else this.find("VER_PDF_REVISION_CATALOG_CHANGED", num, "the catalog was replaced");
        return;
      case "acroform":
        if (b instanceof PDict && a instanceof PDict) this.acroForm(num, b, a);
        else if (Array.isArray(b) && Array.isArray(a)) this.fields(num, b, a);
        else this.find("VER_PDF_REVISION_FORM_CHANGED", num, "the form was replaced");
        return;
      case "field":
        if (b instanceof PDict && a instanceof PDict) this.field(num, b, a);
        else this.find("VER_PDF_REVISION_FORM_CHANGED", num, "a form field was replaced");
        return;
      case "page":
        if (b instanceof PDict && a instanceof PDict) this.page(num, b, a);
        else this.find("VER_PDF_REVISION_PAGE_CHANGED", num, "a page was replaced");
        return;
      case "annots":
        if (Array.isArray(b) && Array.isArray(a)) this.annots(num, b, a);
        else this.find("VER_PDF_REVISION_ANNOTATION_CHANGED", num, "a page's annotation list was replaced");
        return;
      case "pages-node":
        this.find("VER_PDF_REVISION_PAGES_CHANGED", num, "the page tree changed");
        return;
      case "content":
        this.find("VER_PDF_REVISION_PAGE_CONTENT_CHANGED", num, "a content stream changed");
        return;
      case "annotation":
        this.find("VER_PDF_REVISION_ANNOTATION_CHANGED", num, "an annotation changed");
        return;
      case "font":
        this.find("VER_PDF_REVISION_FONT_CHANGED", num, "a font changed");
        return;
      case "xobject":
        this.find("VER_PDF_REVISION_XOBJECT_CHANGED", num, "an image, form or appearance changed");
        return;
      case "resources":
        this.find("VER_PDF_REVISION_PAGE_CHANGED", num, "page resources changed");
        return;
      case "signature":
        this.find("VER_PDF_REVISION_SIGNATURE_CHANGED", num, "a signature dictionary changed");
        return;
      case "info":
        this.find("VER_PDF_REVISION_INFO_CHANGED", num, "the document information changed");
        return;
      case "dss":
        return; // validation data may be updated; its shape is checked from the catalog
      default:
        this.find("VER_PDF_REVISION_OBJECT_CHANGED", num, "an object of the sealed document changed");
    }
  }

  private catalog(num: number, b: PDict, a: PDict): void {
    for (const key of new Set([...b.map.keys(), ...a.map.keys()])) {
      const bv = b.get(key);
      const av = a.get(key);
      if (sameValue(bv, av)) continue;
      if (key === "DSS") this.dss(num, av);
      else if (key === "AcroForm") {
        const bd = this.file.dict(bv, this.signed);
        const ad = this.file.dict(av, this.final);
        if (bv instanceof PRef && av instanceof PRef)
          this.find("VER_PDF_REVISION_FORM_CHANGED", num, "the catalog points to another form");
        else if (!ad) this.find("VER_PDF_REVISION_FORM_CHANGED", num, "the form was removed");
        else this.acroForm(num, bd, ad);
      } else this.find("VER_PDF_REVISION_CATALOG_CHANGED", num, `catalog entry /${key} changed`);
    }
  }

  private dss(num: number, v: PValue | undefined): void {
    const bad = (detail: string) => this.find("VER_PDF_REVISION_DSS_MALFORMED", num, detail);
    const d = this.file.dict(v, this.final);
    if (!d) return bad("/DSS is not a dictionary");
    for (const key of d.map.keys()) if (!DSS_KEYS.has(key)) return bad(`unexpected DSS entry /${key}`);
    for (const key of ["Certs", "CRLs", "OCSPs"]) {
      const list = this.file.resolve(d.get(key), this.final);
      if (list === undefined) continue;
      if (!Array.isArray(list)) return bad(`DSS /${key} is not an array`);
      for (const item of list)
        if (!(item instanceof PRef) || !(this.file.resolve(item, this.final) instanceof PStream))
          return bad(`DSS /${key} holds something other than streams`);
    }
    const vri = d.get("VRI");
    if (vri !== undefined) {
      const vd = this.file.dict(vri, this.final);
      if (!vd) return bad("DSS /VRI is not a dictionary");
      for (const entry of vd.map.values()) {
        const e = this.file.dict(entry, this.final);
        if (!e || [...e.map.keys()].some((k) => !VRI_KEYS.has(k))) return bad("a VRI entry is malformed");
      }
    }
  }

  private acroForm(num: number, b: PDict | undefined, a: PDict): void {
    for (const key of new Set([...(b?.map.keys() ?? []), ...a.map.keys()])) {
      if (key === "Fields" || key === "SigFlags") continue;
      if (!sameValue(b?.get(key), a.get(key)))
        this.find("VER_PDF_REVISION_FORM_CHANGED", num, `form entry /${key} changed`);
    }
    const sigFlags = a.get("SigFlags");
    if (sigFlags !== undefined && !isInt(sigFlags))
      this.find("VER_PDF_REVISION_FORM_CHANGED", num, "/SigFlags is not an integer");
    const bf = b?.get("Fields");
    const af = a.get("Fields");
    if (bf instanceof PRef && af instanceof PRef && bf.num === af.num && bf.gen === af.gen) return; // judged as its own object
    this.fields(num, this.arrayAt(bf, this.signed), this.arrayAt(af, this.final));
  }

  /** Fields may only gain new signature fields carrying a document timestamp. */
  private fields(num: number, b: PArray, a: PArray): void {
    if (a.length < b.length || !b.every((v, i) => sameValue(v, a[i]))) {
      this.find("VER_PDF_REVISION_FORM_CHANGED", num, "form fields were removed or reordered");
      return;
    }
    for (const added of a.slice(b.length)) {
      if (!(added instanceof PRef) || !this.isNew(added.num)) {
        this.find("VER_PDF_REVISION_FORM_CHANGED", num, "an existing object became a form field");
        continue;
      }
      const field = this.file.dict(added, this.final);
      const ft = field?.get("FT");
      const sig = this.file.dict(field?.get("V"), this.final);
      const type = sig?.get("Type");
      if (
        !field ||
        !(ft instanceof PName) ||
        ft.name !== "Sig" ||
        !(type instanceof PName) ||
        type.name !== "DocTimeStamp"
      ) {
        this.find(
          "VER_PDF_REVISION_FORM_CHANGED",
          added.num,
          "a field other than a document timestamp was added",
        );
        continue;
      }
      const widgets = [
        field,
        ...this.arrayAt(field.get("Kids"), this.final).map((k) => this.file.dict(k, this.final)),
      ];
      if (widgets.some((w) => w && w.get("Rect") !== undefined && !invisibleWidget(w)))
        this.find(
          "VER_PDF_REVISION_VISIBLE_SIGNATURE_ADDED",
          added.num,
          "the document timestamp's widget is visible",
        );
      else this.timestamps.add(added.num);
    }
  }

  /** A prepared (unsigned) signature field may get its /V and appearance; nothing else of a field may change. */
  private field(num: number, b: PDict, a: PDict): void {
    if (b.get("V") !== undefined) {
      const isSeal = sameValue(b.get("V"), this.sealRef);
      this.find(
        isSeal ? "VER_PDF_REVISION_SIGNATURE_CHANGED" : "VER_PDF_REVISION_FORM_CHANGED",
        num,
        isSeal ? "the seal's field was changed" : "a signed field was changed",
      );
      return;
    }
    const ft = b.get("FT");
    let ok = ft instanceof PName && ft.name === "Sig";
    for (const key of new Set([...b.map.keys(), ...a.map.keys()])) {
      if (sameValue(b.get(key), a.get(key))) continue;
      if (!FIELD_FILL_KEYS.has(key)) ok = false;
    }
    // Its rectangle was fixed by the certifier: a prepared field may become visible, but only where it was placed.
    const bf = b.get("F") ?? 0;
    const af = a.get("F") ?? 0;
    if (!isInt(bf) || !isInt(af) || ((bf ^ af) & ~SHOWN_WHEN_SIGNED) !== 0 || (af & ~bf) !== 0) ok = false;
    const v = a.get("V");
    const sig = v instanceof PRef && this.isNew(v.num) ? this.file.dict(v, this.final) : undefined;
    const type = sig?.get("Type");
    if (!sig || (type !== undefined && !(type instanceof PName && type.name === "Sig"))) ok = false;
    if (ok) this.filled.add(num);
    else this.find("VER_PDF_REVISION_FORM_CHANGED", num, "a form field was changed beyond being signed");
  }

  private page(num: number, b: PDict, a: PDict): void {
    for (const key of new Set([...b.map.keys(), ...a.map.keys()])) {
      if (sameValue(b.get(key), a.get(key))) continue;
      if (key === "Contents")
        this.find("VER_PDF_REVISION_PAGE_CONTENT_CHANGED", num, "the page's /Contents changed");
      else if (key === "Annots")
        this.annots(
          num,
          this.arrayAt(b.get("Annots"), this.signed),
          this.arrayAt(a.get("Annots"), this.final),
        );
      else if (key === "Parent")
        this.find("VER_PDF_REVISION_PAGES_CHANGED", num, "a page moved in the page tree");
      else this.find("VER_PDF_REVISION_PAGE_CHANGED", num, `page entry /${key} changed`);
    }
  }

  /** Annotations may only gain invisible signature widgets (of document timestamps). */
  private annots(num: number, b: PArray, a: PArray): void {
    if (a.length < b.length || !b.every((v, i) => sameValue(v, a[i]))) {
      this.find("VER_PDF_REVISION_ANNOTATION_CHANGED", num, "annotations were removed or reordered");
      return;
    }
    for (const added of a.slice(b.length)) {
      const annot =
        added instanceof PRef && this.isNew(added.num) ? this.file.dict(added, this.final) : undefined;
      const subtype = annot?.get("Subtype");
      const parent = this.file.dict(annot?.get("Parent"), this.final);
      const ft = annot?.get("FT") ?? parent?.get("FT");
      const isSigWidget =
        annot &&
        subtype instanceof PName &&
        subtype.name === "Widget" &&
        ft instanceof PName &&
        ft.name === "Sig";
      const where = added instanceof PRef ? refKey(added) : num;
      if (!isSigWidget)
        this.find("VER_PDF_REVISION_ANNOTATION_ADDED", where, "an annotation was added to a page");
      else if (!invisibleWidget(annot))
        this.find("VER_PDF_REVISION_VISIBLE_SIGNATURE_ADDED", where, "a visible signature widget was added");
    }
  }
}

export function checkRevisions(
  file: PdfFile,
  signedRevision: number,
  sealRef: PRef,
  budget: Budget,
): RevisionsResult {
  const revisions = file.revisions.length;
  if (signedRevision === file.last)
    return {
      check: valid("revisions", "VER_PDF_COVERS_WHOLE_FILE", {
        signedRevision: signedRevision + 1,
        revisions,
      }),
      coverage: "whole-file",
      filledFields: 0,
      docTimestamps: 0,
    };
  const roles = new RoleMap(file, signedRevision, budget).walk().roles;
  const differ = new Differ(file, signedRevision, roles, sealRef);
  differ.run();
  const data = {
    signedRevision: signedRevision + 1,
    revisions,
    documentTimestamps: differ.timestamps.size,
    filledSignatureFields: differ.filled.size,
    findings: differ.findings.slice(0, 50),
  };
  if (differ.findings.length === 0)
    return {
      check: valid(
        "revisions",
        differ.filled.size > 0 ? "VER_PDF_LATER_REVISIONS_SIGNED" : "VER_PDF_LATER_REVISIONS_PERMITTED",
        data,
      ),
      coverage: "permitted-updates",
      filledFields: differ.filled.size,
      docTimestamps: differ.timestamps.size,
    };
  const primary =
    PRIORITY.find((code) => differ.findings.some((f) => f.code === code)) ??
    "VER_PDF_REVISION_OBJECT_CHANGED";
  return {
    check: invalid("revisions", primary, data),
    coverage: "not-covered",
    filledFields: differ.filled.size,
    docTimestamps: differ.timestamps.size,
  };
}
