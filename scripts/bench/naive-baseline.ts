// The naive way to a signed licence PDF, as a cost baseline: pdf-lib embedding the font with fontkit subsetting (the
// 10 MB font parsed for every document) and @signpdf/signpdf signing with a P12 (node-forge, RSA-2048: forge has no
// ECDSA). fontkit's subsetter drops CJK glyphs, so these PDFs do not print the Chinese text correctly: the baseline
// is about cost, not output.
import { generateKeyPairSync } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import { pdflibAddPlaceholder } from "@signpdf/placeholder-pdf-lib";
import { P12Signer } from "@signpdf/signer-p12";
import { SignPdf } from "@signpdf/signpdf";
import forge from "node-forge";
import { PDFDocument, rgb } from "pdf-lib";
import type { SealLicenceInput } from "@elicence/signer";

const P12_PASSPHRASE = "bench";

/** A self-signed RSA-2048 certificate and key in a PKCS#12, for @signpdf's P12Signer (never used to verify anything). */
export function benchP12(now: Date): Uint8Array {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: "pkcs1", format: "pem" }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = "01";
  cert.validity.notBefore = new Date(now.getTime() - 86_400_000);
  cert.validity.notAfter = new Date(now.getTime() + 365 * 86_400_000);
  const name = [{ name: "commonName", value: "eLicence naive baseline" }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(key, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], P12_PASSPHRASE, { algorithm: "3des" });
  return Uint8Array.from(Buffer.from(forge.asn1.toDer(asn1).getBytes(), "binary"));
}

export async function noFontBytes(): Promise<Uint8Array> {
  const signerPkg = createRequire(import.meta.resolve("@elicence/signer")).resolve(
    "@expo-google-fonts/noto-sans-sc/package.json",
  );
  return new Uint8Array(
    await readFile(path.join(path.dirname(signerPkg), "400Regular/NotoSansSC_400Regular.ttf")),
  );
}

export interface NaiveSigner {
  seal(input: SealLicenceInput): Promise<Uint8Array>;
}

export async function naiveSigner(now: Date): Promise<NaiveSigner> {
  const fontBytes = await noFontBytes();
  const p12 = Buffer.from(benchP12(now));
  const signPdf = new SignPdf();
  return {
    async seal(input) {
      const doc = await PDFDocument.create();
      doc.registerFontkit(fontkit);
      const font = await doc.embedFont(fontBytes, { subset: true });
      const page = doc.addPage([595.28, 841.89]);
      const { licence } = input;
      page.drawText(input.typeCode, { x: 60, y: 770, size: 22, font, color: rgb(0.6, 0, 0) });
      const lines = [
        `证照编号：${licence.identifier}`,
        `持证主体：${licence.holder.name}`,
        `统一社会信用代码：${licence.holder.code}`,
        ...Object.entries(licence.fields).map(
          ([k, v]) => `${k}：${Array.isArray(v) ? v.join("；") : String(v)}`,
        ),
        `发证机关：${licence.issuer.name}`,
        `发证日期：${licence.issuedOn}`,
        `https://verify.elicence.example/v/${licence.identifier}`,
      ];
      let y = 720;
      for (const line of lines) {
        page.drawText(line, { x: 60, y, size: 11, font, maxWidth: 475, lineHeight: 16 });
        y -= 16 * Math.ceil(font.widthOfTextAtSize(line, 11) / 475 + 0.001);
      }
      pdflibAddPlaceholder({
        pdfDoc: doc,
        reason: "licence",
        contactInfo: "",
        name: "eLicence naive baseline",
        location: licence.issuer.code,
        signingTime: input.now,
        signatureLength: 8192,
      });
      const prepared = await doc.save({ useObjectStreams: false });
      // A P12Signer reads its PKCS#12 once (forge consumes the buffer), so each document gets its own.
      const signer = new P12Signer(p12, { passphrase: P12_PASSPHRASE });
      return new Uint8Array(await signPdf.sign(Buffer.from(prepared), signer, input.now));
    },
  };
}
