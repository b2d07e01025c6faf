// Rare characters in real names (issue 11): 𠀀 (U+20000, CJK Extension B) is not in Noto Sans SC. Without a fallback
// font a holder named with it is refused at entry (422 REG_FIELD_UNPRINTABLE); with ELICENCE_FALLBACK_FONT naming a
// font that covers it (HanaMinB.ttf, Debian fonts-hanazono) the licence is issued and sealed, the PDF's text holds
// the character, and the seal validates. A record stored before and parked for it is sealed once the fallback is
// configured and the registry restarted (unparkAll).
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFallbackFont } from "@elicence/signer";
import { loadConfig } from "../../src/config.js";
import { unparkAll } from "../../src/licences/seal-pending.js";
import { sealInBackground } from "../../src/background/seal-pending-loop.js";
import { toolsAvailable } from "../../../test-support/tools.js";
import { openBackgroundSealer } from "../../src/background/background-sealer.js";
import { LicenceService } from "../../src/licences/licence-service.js";
import {
  auth,
  BASE_URL,
  DEPTS,
  exampleIssue,
  pdfUpload,
  startHarness,
  TEMPLATES,
  TYPES,
  type Harness,
} from "../support/harness.js";

const HANAMIN_B = "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf";
const RARE = "\u{20000}";

/** The fallback font is an outside file (apt-get install fonts-hanazono), required like a tool under CI. */
function fontAvailable(): boolean {
  if (existsSync(HANAMIN_B)) return true;
  const msg = `fallback-font: ${HANAMIN_B} is missing (apt-get install fonts-hanazono, listed in .ci/run)`;
  if (process.env.ELICENCE_REQUIRE_TOOLS === "1") throw new Error(msg);
  console.warn(`${msg}; skipped`);
  return false;
}

const ready = fontAvailable() && toolsAvailable("fallback-font", "pdftotext");

let h: Harness;
const work = mkdtempSync(path.join(os.tmpdir(), "elicence-fallback-font-"));
beforeAll(async () => {
  useFallbackFont(null);
  h = await startHarness({ signing: true, start: new Date(), verifyPdf: { rateLimitMax: 100 } });
});
afterAll(async () => {
  useFallbackFont(null);
  await h?.close();
  rmSync(work, { recursive: true, force: true });
});

function rareHolderIssue() {
  const body = exampleIssue(h.catalogue, TYPES.teacher);
  // 林晓燕 → 林𠀀燕: the same person as the catalogue's example, her name's middle character a rare one.
  const name = [...body.holder.name];
  name[1] = RARE;
  return { ...body, holder: { ...body.holder, name: name.join("") } };
}

const issue = (payload: object) =>
  h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(h.key.educationIssuer, { "idempotency-key": `rare-${randomBytes(6).toString("hex")}` }),
    payload,
  });

async function verifiedText(identifier: string): Promise<string> {
  const download = await h.app.inject({
    method: "GET",
    url: `/api/v1/licences/${identifier}/pdf?purpose=${encodeURIComponent("核验")}`,
    headers: auth(h.key.auditor),
  });
  expect(download.statusCode).toBe(200);
  const pdf = new Uint8Array(download.rawPayload);
  const verified = await h.app.inject({ method: "POST", url: "/api/v1/verify/pdf", ...pdfUpload(pdf) });
  expect(verified.statusCode, verified.body).toBe(200);
  expect(verified.json<{ verdict: string }>().verdict, verified.body).toBe("TOTAL-PASSED");
  const file = path.join(work, `${identifier}.pdf`);
  writeFileSync(file, pdf);
  const text = spawnSync("pdftotext", ["-raw", "-enc", "UTF-8", file, "-"], { encoding: "utf8" }).stdout;
  return text.replace(/\s+/gu, "");
}

describe.runIf(ready)("a fallback font for rare characters", () => {
  it("without it, a holder named with 𠀀 is refused at entry, naming the field and the code point", async () => {
    const res = await issue(rareHolderIssue());
    expect(res.statusCode).toBe(422);
    expect(res.json().details).toEqual([
      expect.objectContaining({ field: "holder.name", code: "REG_FIELD_UNPRINTABLE" }),
    ]);
    expect(res.json().details[0].message).toContain("U+20000");
    expect(res.json().details[0].message).toContain("ELICENCE_FALLBACK_FONT");
  });

  it("a record stored before that is parked for it; with the fallback and a restart it is sealed", async () => {
    const actor = { id: "old-release", role: "issuer" as const, department: DEPTS.education };
    const check = h.service.checkIssue(actor, exampleIssue(h.catalogue, TYPES.teacher));
    if (!check.ok) throw new Error(JSON.stringify(check.details));
    const [stored] = await h.service.issueMany(actor, [check.plan]);
    // What an older release let in: the rare character written straight into the stored record.
    const poisoned = { ...stored!, holder: { ...stored!.holder, name: `林${RARE}燕` }, revision: 2 };
    expect(
      (await h.store.apply({ updateLicences: [{ record: poisoned, expectedRevision: 1 }], audit: [] })).ok,
    ).toBe(true);
    const log = { info() {}, warn() {}, error() {} };
    // One background-sealing run, as serve's timer makes it.
    const serveSealing = async (service: typeof h.service, to: typeof log) => {
      const run = await sealInBackground({ service, log: to });
      if (run.error) throw run.error;
      return { sealed: run.sealed, failed: run.failed };
    };
    const first = await serveSealing(h.service, log);
    expect(first.failed).toEqual([expect.objectContaining({ identifier: stored!.identifier, parked: true })]);

    useFallbackFont(HANAMIN_B);
    expect(await unparkAll(h.store, () => new Date())).toBe(1);
    const second = await serveSealing(h.service, log);
    expect(second).toEqual({ sealed: 1, failed: [] });
    const sealed = await h.store.getLicence(stored!.identifier);
    expect(sealed?.documentSha256).toMatch(/^[0-9a-f]{64}$/u);
    expect(sealed?.sealing).toBeUndefined();
    expect(await verifiedText(stored!.identifier)).toContain(`林${RARE}燕`);
  });

  it("with it (ELICENCE_FALLBACK_FONT), the licence is issued, sealed, its PDF's text holds 𠀀 and the seal validates", async () => {
    // The variable as operators set it: loadConfig checks the file, openRuntime hands it to the signer.
    const config = loadConfig({ ELICENCE_FALLBACK_FONT: HANAMIN_B, ELICENCE_DATA_DIR: work }, work);
    expect(config.fallbackFont).toBe(HANAMIN_B);
    useFallbackFont(config.fallbackFont);
    const body = rareHolderIssue();
    const res = await issue(body);
    expect(res.statusCode, res.body).toBe(201);
    const lic = res.json<{ identifier: string; documentSha256: string; document: unknown }>();
    expect(lic.documentSha256).toMatch(/^[0-9a-f]{64}$/u);
    expect(lic.document).toEqual({ state: "sealed" });
    const text = await verifiedText(lic.identifier);
    expect(text).toContain(body.holder.name);
    // The rest of the page still comes from the licence font: the type's title is there too.
    expect(text).toContain(h.catalogue.get(TYPES.teacher)!.name.zh);
  });

  it("the import's sealing pool draws with the fallback too: each worker is given it", async () => {
    // The main thread checks entries with it (as openRuntime sets it); the workers must be given it by the pool.
    useFallbackFont(HANAMIN_B);
    const actor = { id: "import-test", role: "issuer" as const, department: DEPTS.education };
    const body = rareHolderIssue();
    const check = h.service.checkIssue(actor, body);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const [stored] = await h.service.issueMany(actor, [check.plan]);
    // As `elicence import` opens it, on the harness's data directory (its PKI), one worker, no warm-up.
    const config = loadConfig(
      {
        ELICENCE_DATA_DIR: h.dir,
        ELICENCE_BASE_URL: BASE_URL,
        ELICENCE_KEY_PASSPHRASE: "test-passphrase-not-secret",
        ELICENCE_FALLBACK_FONT: HANAMIN_B,
      },
      path.resolve(TEMPLATES, ".."),
    );
    const background = await openBackgroundSealer(config, h.catalogue, new Date(), {
      threads: 1,
      warmUpPerWorker: 0,
      types: [TYPES.teacher],
    });
    try {
      expect(background.kind).toBe("pool");
      const service = new LicenceService(h.store, h.catalogue, () => new Date(), {}, background.sealer);
      expect(await service.sealRound(10)).toEqual({ sealed: 1, failed: [] });
    } finally {
      await background.close();
    }
    expect(await verifiedText(stored!.identifier)).toContain(body.holder.name);
  });

  it("ELICENCE_FALLBACK_FONT naming a missing file or no font is a configuration error naming the variable", () => {
    expect(() => loadConfig({ ELICENCE_FALLBACK_FONT: path.join(work, "none.ttf") }, work)).toThrow(
      /ELICENCE_FALLBACK_FONT.*cannot read/su,
    );
    const notFont = path.join(work, "not-a-font.ttf");
    writeFileSync(notFont, "hello, world");
    expect(() => loadConfig({ ELICENCE_FALLBACK_FONT: notFont }, work)).toThrow(
      /not a TrueType or OpenType font/u,
    );
  });
});
