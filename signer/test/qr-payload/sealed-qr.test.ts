// Every catalogue type sealed with a signed QR payload: zbarimg reads the QR code off the rendered page, and the text
// it reads verifies offline against the PKI's trust list, with the claims the registry would put in.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toolsAvailable } from "../../../test-support/tools.js";
import { LicenceSealer } from "../../src/licence-sealer.js";
import { buildTrustList } from "../../src/trust-list/build-trust-list.js";
import type { TrustList } from "../../src/trust-list/types.js";
import { parseQrText, qrBaseUrl, verifyQrPayload, type QrClaimsInput } from "../../src/qr-payload/index.js";
import { createTempPki, FIXED_NOW, type TempPki } from "../pki/fixtures.js";
import { exampleInput, run, TEMPLATES } from "../render/helpers.js";
import { catalogueIssuers, catalogueTypeCodes } from "../sealed-licence/fixtures.js";

const ok = toolsAvailable("signed QR in sealed licences", "pdftoppm", "zbarimg");
const VERIFIER = "https://verify.elicence.example";

describe.skipIf(!ok)("signed QR codes in sealed licences", () => {
  let pki: TempPki;
  let sealer: LicenceSealer;
  let list: TrustList;
  let work: string;
  const report: string[] = [];

  beforeAll(async () => {
    pki = await createTempPki({ departments: catalogueIssuers() });
    sealer = new LicenceSealer({ templatesDir: TEMPLATES, pki: pki.pki, tsaUrl: null });
    list = await buildTrustList(pki.pki, FIXED_NOW);
    work = mkdtempSync(join(tmpdir(), "elicence-sealed-qr-"));
  });
  afterAll(() => {
    console.info(`signed QR codes as sealed:\n  ${report.join("\n  ")}`);
    pki?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  for (const code of catalogueTypeCodes())
    it(`${code}: zbarimg reads the QR text, which verifies offline as the licence's`, async () => {
      const { input } = await exampleInput(code);
      const licence = input.licence;
      const claims: QrClaimsInput = {
        identifier: licence.identifier,
        holderName: `${[...licence.holder.name][0] ?? ""}${"*".repeat(Math.min(4, [...licence.holder.name].length - 1))}`,
        holderCode: `${licence.holder.code.slice(0, 6)}********${licence.holder.code.slice(14)}`,
        validFrom: licence.validFrom,
        validUntil: licence.validUntil,
        issuedAt: FIXED_NOW.toISOString(),
        publicToken: "q83vEjRWeJCrze8SNFZ4kA",
      };
      const sealed = await sealer.seal({
        typeCode: code,
        licence,
        signedQr: { verifierBaseUrl: VERIFIER, claims },
        now: FIXED_NOW,
      });
      expect(sealed.qrText.startsWith(`${qrBaseUrl(VERIFIER)}/v#`)).toBe(true);
      report.push(
        `${code}: ${sealed.qrPayloadBytes} bytes signed, ${sealed.qrText.length} characters, QR version ${sealed.qrVersion} (M)`,
      );
      const file = join(work, `${code}.pdf`);
      writeFileSync(file, sealed.bytes);
      const prefix = join(work, `qr-${code}`);
      expect(
        run("pdftoppm", ["-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile", file, prefix]).status,
      ).toBe(0);
      const read = run("zbarimg", ["--raw", "-q", `${prefix}.png`])
        .stdout.split("\n")
        .filter(Boolean);
      expect(read).toEqual([sealed.qrText]);

      const parsed = parseQrText(read[0] ?? "");
      if (!parsed.ok) throw new Error(parsed.reason);
      const r = await verifyQrPayload(parsed.cose, list, new Date(FIXED_NOW.getTime() + 60_000));
      expect([r.status, r.reason.code]).toEqual(["VALID", "VER_QR_OK"]);
      expect(r.claims).toMatchObject({
        ...claims,
        issuerCode: licence.issuer.code,
        typeCode: code,
        version: 1,
      });
      expect(r.department).toEqual({ code: licence.issuer.code, name: licence.issuer.name });
    });
});
