// `elicence verify FILE.pdf` checks the seal against the data directory's own trust list, types included: a food
// business licence sealed with the education bureau's genuine seal (naming the bureau as issuer, so chain, seal and
// identifier agree) fails with VER_PDF_SEAL_TYPE_NOT_AUTHORISED; the market regulator's seal on the same type passes.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type RegistryConfig } from "@elicence/registry";
import { DEPTS, startHarness, TYPES, type Harness } from "../../registry/test/support/harness.js";
import { identifierFor } from "../../signer/test/render/helpers.js";
import { exampleLicence } from "../../signer/test/sealed-licence/fixtures.js";
import { verifyPdfCommand } from "./verify-pdf.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const EDUCATION = { code: "114415210071937149", name: "海丰县教育局" };

let h: Harness;
let config: RegistryConfig;

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  return { lines, out: { log: (s: string) => lines.out.push(s), err: (s: string) => lines.err.push(s) } };
}

/** A food business licence sealed by `by` (named as its issuer), written into the data directory. */
async function sealedBy(by: { code: string; name: string }, serial: string): Promise<string> {
  const sealer = h.signing?.sealer;
  if (!sealer) throw new Error("no sealer");
  const ex = await exampleLicence(TYPES.food, "http://127.0.0.1:8080");
  ex.licence.issuer = { ...ex.licence.issuer, ...by };
  ex.licence.identifier = identifierFor(TYPES.food, by.code, serial);
  const r = await sealer.seal({
    typeCode: TYPES.food,
    licence: ex.licence,
    qrText: ex.qrText,
    now: new Date(),
  });
  const file = path.join(h.dir, `${serial}.pdf`);
  writeFileSync(file, r.bytes);
  return file;
}

beforeAll(async () => {
  h = await startHarness({ signing: true, start: new Date() });
  config = loadConfig(
    {
      ELICENCE_DATA_DIR: h.dir,
      ELICENCE_BASE_URL: "http://127.0.0.1:8080",
      ELICENCE_KEY_PASSPHRASE: "test-passphrase-not-secret",
    },
    REPO,
  );
});
afterAll(async () => {
  await h?.close();
});

describe("elicence verify FILE.pdf: seal authority bound to licence type", () => {
  it("the education bureau's seal on a food business licence: exit 1, seal-issuer VER_PDF_SEAL_TYPE_NOT_AUTHORISED", async () => {
    const { lines, out } = capture();
    expect(await verifyPdfCommand([await sealedBy(EDUCATION, "CLIAUTH0EDU1")], out, config)).toBe(1);
    const printed = lines.out.join("\n");
    expect(printed).toMatch(/seal-issuer\s+VER_PDF_SEAL_TYPE_NOT_AUTHORISED/u);
    expect(printed).toMatch(/trust-list\s+VER_PDF_TRUST_LIST_LISTED/u);
  });

  it("the market regulator's seal on the same type: seal-issuer VER_PDF_SEAL_IS_ISSUER", async () => {
    const { lines, out } = capture();
    await verifyPdfCommand(
      [await sealedBy({ code: DEPTS.market, name: "海丰县市场监督管理局" }, "CLIAUTH0MKT1")],
      out,
      config,
    );
    expect(lines.out.join("\n")).toMatch(/seal-issuer\s+VER_PDF_SEAL_IS_ISSUER/u);
  });
});
