// What each object of one revision is (catalog, page, content stream, font, …), found by walking from its catalog
// the way a viewer does: the revisions check judges a change by the role of the object changed, and the repaired-view
// check compares every object reached here. Keyed by (number, generation): `17 0 R` and `17 1 R` are different objects.
import { problem, type Budget } from "../limits.js";
import type { PDict } from "../pdf/objects.js";
import { PName, PRef, PStream, type PArray, type PValue } from "../pdf/objects.js";
import type { PdfFile } from "../pdf/pdf-file.js";

export type Role =
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

const MAX_WALK_DEPTH = 32;
const MAX_PAGES = 10_000;

export const refKey = (r: { num: number; gen: number }): string => `${r.num} ${r.gen}`;

/** What each object of the signed revision is, found by walking from its catalog. */
export class RoleMap {
  readonly roles = new Map<string, Role>();
  /** Every reference met on the walk, resolvable or not. */
  readonly refs: PRef[] = [];
  private pages = 0;

  constructor(
    private readonly file: PdfFile,
    private readonly rev: number,
    private readonly budget: Budget,
  ) {}

  private mark(v: PValue | undefined, role: Role): boolean {
    if (!(v instanceof PRef)) return true;
    const key = refKey(v);
    if (this.roles.has(key)) return false;
    this.roles.set(key, role);
    this.refs.push(v);
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
