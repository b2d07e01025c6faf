// Incremental saving and shadow attacks: diff the signed revision's objects against the final ones. Only what PAdES
// allows may follow a certified licence — a DSS (validation data), document timestamps and the filling of prepared
// signature fields (which may then show, in the rectangle the certifier gave them: the annotated copy's note) — and
// nothing else may change what the page shows. Every other change is named by its own code. Objects are keyed by
// (number, generation): an object re-listed under another generation is a change, whatever its bytes.
import {
  PDict,
  PName,
  PRef,
  PStream,
  isInt,
  sameValue,
  type PArray,
  type PObject,
  type PValue,
} from "../pdf/objects.js";
import { generationOf, type LocatedObject, type PdfFile } from "../pdf/pdf-file.js";
import type { ReasonCode } from "../reason-codes.js";
import { refKey, type Role } from "./role-map.js";
import { invisibleWidget, isWidget } from "./widget-visibility.js";

export interface Finding {
  code: ReasonCode;
  object: number | "trailer";
  detail: string;
}

/** Most telling first: the primary reason of the check is the first of these found. */
export const PRIORITY: ReasonCode[] = [
  "VER_PDF_REVISION_GENERATION_CHANGED",
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

const DSS_KEYS = new Set(["Type", "Certs", "CRLs", "OCSPs", "VRI"]);
const VRI_KEYS = new Set(["Type", "Cert", "CRL", "OCSP", "TU", "TS"]);
const FIELD_FILL_KEYS = new Set(["V", "AP", "F"]);
/** Flags a prepared field may lose when it is signed (shown at last); no flag may be gained, none other changed. */
const SHOWN_WHEN_SIGNED = 0b100010; // Hidden (2), NoView (32)

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

export class Differ {
  readonly findings: Finding[] = [];
  readonly filled = new Set<number>();
  readonly timestamps = new Set<number>();

  constructor(
    private readonly file: PdfFile,
    private readonly signed: number,
    private readonly roles: ReadonlyMap<string, Role>,
    private readonly sealRef: PRef,
    /** Every reference the signed revision's walk met. */
    private readonly signedRefs: readonly PRef[] = [],
  ) {}

  private get final(): number {
    return this.file.last;
  }

  find(code: ReasonCode, object: number | "trailer", detail: string): void {
    this.findings.push({ code, object, detail });
  }

  /** Whether object `num` did not exist in the signed revision (under any generation). */
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

    // A reference the sealed document made but could not resolve must stay unresolved: filling it later shows
    // something the seal never covered, without changing any object that refers to it.
    for (const ref of this.signedRefs)
      if (!this.file.object(ref, this.signed) && this.file.object(ref, this.final))
        this.classify(
          ref.num,
          this.roles.get(refKey(ref)),
          null,
          this.file.object(ref, this.final)?.value ?? null,
        );

    const changed = new Set<number>();
    for (let r = this.signed + 1; r <= this.final; r++)
      for (const num of this.file.revisions[r]?.entries.keys() ?? []) if (num !== 0) changed.add(num);
    for (const num of changed) {
      const b = this.file.object(num, this.signed);
      if (!b) continue; // new objects are judged where they become referenced
      const entry = this.file.entryAt(num, this.final)?.entry;
      if (entry && entry.kind !== "free" && generationOf(entry) !== b.gen) {
        // poppler resolves the page's `17 0 R` to nothing once `17 1` replaces it, identical bytes or not.
        this.find(
          "VER_PDF_REVISION_GENERATION_CHANGED",
          num,
          `${num} ${b.gen} of the sealed document is re-listed as ${num} ${generationOf(entry)}`,
        );
        continue;
      }
      const a = this.file.object(new PRef(num, b.gen), this.final);
      if (!a) {
        this.find("VER_PDF_REVISION_OBJECT_DELETED", num, "an object of the sealed document was freed");
        continue;
      }
      if (sameObject(this.file, b, a)) continue;
      this.classify(num, this.roles.get(refKey(b)), b.value, a.value);
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
      if (widgets.some((w) => w && isWidget(w) && !invisibleWidget(this.file, w, this.final)))
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
      const where = added instanceof PRef ? added.num : num;
      if (!isSigWidget)
        this.find("VER_PDF_REVISION_ANNOTATION_ADDED", where, "an annotation was added to a page");
      else if (!invisibleWidget(this.file, annot, this.final))
        this.find("VER_PDF_REVISION_VISIBLE_SIGNATURE_ADDED", where, "a visible signature widget was added");
    }
  }
}
