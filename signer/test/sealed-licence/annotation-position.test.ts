// The annotated copy's note sits on the licence body, inside the printable area: for every catalogue type, a sealed
// and annotated example is measured from the PDF itself — the filled field's rectangle and, from poppler's
// pdftotext -bbox, the note's words — against every page edge, the frame, the seal, the QR code and the licence's
// own words, none of which it may hide.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chinaDate } from "@elicence/core";
import { FileKeyStore } from "../../src/keys/file-key-store.js";
import { ANNOTATION_FIELD_NAME } from "../../src/pades/annotation-facts.js";
import { pageSizeMm } from "../../src/render/layout.js";
import { FAST_SCRYPT } from "../pki/fixtures.js";
import { pdfWords } from "../render/helpers.js";
import {
  catalogueTypeCodes,
  createSealingEnv,
  exampleLicence,
  toolsFor,
  type SealingEnv,
} from "./fixtures.js";

const ok = toolsFor("annotation position");
const PT_PER_MM = 72 / 25.4;
/** Printers leave a few millimetres unprinted, and a note near an edge is trimmed off a copy: keep well clear. */
const MIN_EDGE_MM = 15;
const PURPOSE = "食品经营许可（延续）";

/** The annotation field's /Rect in points (origin lower-left). */
function noteRect(doc: PDFDocument): [number, number, number, number] {
  const fields = doc.catalog.getOrCreateAcroForm().dict.lookup(PDFName.of("Fields"), PDFArray);
  for (let i = 0; i < fields.size(); i++) {
    const field = fields.lookup(i, PDFDict);
    const t = field.lookup(PDFName.of("T"));
    if (!(t instanceof PDFHexString) || t.decodeText() !== ANNOTATION_FIELD_NAME) continue;
    const rect = field.lookup(PDFName.of("Rect"), PDFArray);
    const [x1, y1, x2, y2] = [0, 1, 2, 3].map((k) => rect.lookup(k, PDFNumber).asNumber()) as [
      number,
      number,
      number,
      number,
    ];
    return [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
  }
  throw new Error("no annotation field");
}

describe.skipIf(!ok)("the annotated copy's note", () => {
  let env: SealingEnv;
  beforeAll(async () => {
    env = await createSealingEnv(
      (dir) => new FileKeyStore(join(dir, "keys"), "test passphrase", { scrypt: FAST_SCRYPT }),
    );
  });
  afterAll(async () => {
    await env?.close();
  });

  it.each(catalogueTypeCodes())(
    "type %s: on the body, ≥ 15 mm from every edge, hiding nothing",
    async (code) => {
      const now = new Date();
      const ex = await exampleLicence(code, env.server.baseUrl);
      const sealed = await env.sealer.seal({ typeCode: code, licence: ex.licence, qrText: ex.qrText, now });
      const validUntil = chinaDate(new Date(now.getTime() + 30 * 86_400_000));
      const copy = await env.sealer.annotate({
        pdf: sealed.bytes,
        identifier: ex.licence.identifier,
        purpose: PURPOSE,
        validUntil,
        now,
      });
      const layout = (await env.sealer.template(code)).layout;
      const { widthMm, heightMm } = pageSizeMm(layout.page);
      const H = heightMm * PT_PER_MM;

      // The rectangle, in mm from the top-left corner.
      const [x1, y1, x2, y2] = noteRect(await PDFDocument.load(copy.bytes, { updateMetadata: false }));
      const box = {
        left: x1 / PT_PER_MM,
        right: x2 / PT_PER_MM,
        top: (H - y2) / PT_PER_MM,
        bottom: (H - y1) / PT_PER_MM,
      };
      expect(box.left).toBeGreaterThanOrEqual(MIN_EDGE_MM);
      expect(box.top).toBeGreaterThanOrEqual(MIN_EDGE_MM);
      expect(widthMm - box.right).toBeGreaterThanOrEqual(MIN_EDGE_MM);
      expect(heightMm - box.bottom).toBeGreaterThanOrEqual(MIN_EDGE_MM);
      // Inside the frame the margins enclose.
      const m = layout.marginsMm;
      expect(box.left).toBeGreaterThanOrEqual(m.left);
      expect(box.top).toBeGreaterThanOrEqual(m.top);
      expect(box.right).toBeLessThanOrEqual(widthMm - m.right);
      expect(box.bottom).toBeLessThanOrEqual(heightMm - m.bottom);
      // Clear of the seal and the QR code.
      const [cx, cy] = layout.seal.centerMm;
      const r = layout.seal.diameterMm / 2;
      const nearestX = Math.min(Math.max(cx, box.left), box.right);
      const nearestY = Math.min(Math.max(cy, box.top), box.bottom);
      expect(Math.hypot(cx - nearestX, cy - nearestY)).toBeGreaterThan(r);
      const qr = layout.qr;
      const overlapsQr =
        box.left < qr.leftMm + qr.sizeMm &&
        box.right > qr.leftMm &&
        box.top < qr.topMm + qr.sizeMm &&
        box.bottom > qr.topMm;
      expect(overlapsQr).toBe(false);

      // On the body, yet hiding none of the example licence's words (poppler's boxes of the sealed original).
      const original = join(env.dir, `sealed-${code}.pdf`);
      await writeFile(original, sealed.bytes);
      for (const w of pdfWords(original).words) {
        const covered = w.xMin < x2 && w.xMax > x1 && w.yMin < H - y1 && w.yMax > H - y2;
        expect(covered, `the note covers "${w.text}"`).toBe(false);
      }

      // The note's words, as poppler reads them, are inside that rectangle.
      const file = join(env.dir, `annotated-${code}.pdf`);
      await writeFile(file, copy.bytes);
      const words = pdfWords(file).words.filter((w) => w.text.startsWith("仅供") || w.text === "For");
      expect(words.length).toBe(2);
      for (const w of words) {
        expect(w.xMin).toBeGreaterThanOrEqual(x1 - 0.5);
        expect(w.xMax).toBeLessThanOrEqual(x2 + 0.5);
        expect(w.yMin).toBeGreaterThanOrEqual(H - y2 - 0.5);
        expect(w.yMax).toBeLessThanOrEqual(H - y1 + 0.5);
      }
    },
  );
});
