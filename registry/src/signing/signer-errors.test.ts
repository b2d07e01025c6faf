// The one mapping of signer errors to registry errors (issue 12 part 4): each signer code becomes its registry error
// only for the calls it belongs to, and no other registry file makes registry errors out of SIG_ codes.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RenderError } from "@elicence/signer";
import { REGISTRY_ERRORS, RegistryError } from "../errors.js";
import { classifySealFailure } from "../licences/sealing-failures.js";
import { SIGNER_ERROR_MAP, registryErrorFor, withSignerErrors, type SignerCall } from "./signer-errors.js";

const coded = (code: string, message = "the signer's words") => Object.assign(new Error(message), { code });
const CALLS: SignerCall[] = ["seal", "annotate", "open-pki", "check-passphrase"];

describe("SIGNER_ERROR_MAP", () => {
  it("turns every listed signer code into its registry code for its calls, and leaves it alone for the others", () => {
    for (const m of SIGNER_ERROR_MAP) {
      expect(REGISTRY_ERRORS[m.registry]).toBeDefined();
      for (const code of m.signer)
        for (const call of CALLS) {
          const out = registryErrorFor(coded(code), call, {
            identifier: "ID-1",
            passphrase: { source: "ELICENCE_KEY_PASSPHRASE", keyFile: "/k.pem", pkiDir: "/pki" },
          });
          if (m.calls.includes(call)) {
            expect(out, `${code} in ${call}`).toBeInstanceOf(RegistryError);
            expect((out as RegistryError).code).toBe(m.registry);
          } else if (!SIGNER_ERROR_MAP.some((o) => o.calls.includes(call) && o.signer.includes(code))) {
            expect(out, `${code} in ${call}`).not.toBeInstanceOf(RegistryError);
          }
        }
    }
  });

  it("lists each signer code once per call", () => {
    const seen = new Set<string>();
    for (const m of SIGNER_ERROR_MAP)
      for (const code of m.signer)
        for (const call of m.calls) {
          expect(seen.has(`${call} ${code}`), `${call} ${code}`).toBe(false);
          seen.add(`${call} ${code}`);
        }
  });
});

describe("registryErrorFor", () => {
  it("says what was not done, per call", () => {
    const seal = registryErrorFor(coded("SIG_PKI_SEAL_REVOKED", "revoked."), "seal") as RegistryError;
    expect(seal.message).toBe("revoked. Nothing was stored.");
    const copy = registryErrorFor(
      coded("SIG_PKI_PLATFORM_SEAL_UNAVAILABLE", "none."),
      "annotate",
    ) as RegistryError;
    expect(copy.message).toBe("none. No annotated copy was made.");
    const field = registryErrorFor(coded("SIG_PREPARED_FIELD_MISSING"), "annotate", { identifier: "ID-7" });
    expect((field as RegistryError).message).toContain("ID-7");
  });

  it("keeps a key that cannot be decrypted while sealing the machine's fault (no record is parked for it)", () => {
    const e = coded("SIG_KEY_DECRYPT_FAILED");
    expect(registryErrorFor(e, "seal")).toBe(e);
    expect(classifySealFailure(registryErrorFor(e, "seal")).kind).toBe("environment");
    const atStart = registryErrorFor(e, "check-passphrase", {
      passphrase: { source: "/pki/passphrase", keyFile: "/pki/keys/ca.key.pem", pkiDir: "/pki" },
    }) as RegistryError;
    expect(atStart.code).toBe("REG_KEY_PASSPHRASE_WRONG");
    expect(atStart.message).toContain("/pki/keys/ca.key.pem");
  });

  it("names the fields and code points of unprintable characters, never the value", async () => {
    const e = new RenderError("SIG_RENDER_GLYPH_MISSING", "secret value 王𠀀", [
      { path: "rows.holder.name", message: 'no glyph for "𠀀" (U+20000)' },
      { path: "rows.businessScope", message: 'no glyph for "\u0001" (U+0001)' },
      { path: "attachment page holder line", message: 'no glyph for "𠀀" (U+20000)' },
    ]);
    const out = await withSignerErrors("seal", {}, () => Promise.reject(e)).catch((x: unknown) => x);
    expect(out).toBeInstanceOf(RegistryError);
    const r = out as RegistryError;
    expect(r.code).toBe("REG_BAD_REQUEST");
    expect(r.details.map((d) => [d.field, d.code])).toEqual([
      ["holder.name", "REG_FIELD_UNPRINTABLE"],
      ["fields.businessScope", "REG_FIELD_UNPRINTABLE"],
    ]);
    expect(JSON.stringify(r)).not.toContain("secret");
    expect(classifySealFailure(r).kind).toBe("record");
  });

  it("passes errors that are not the signer's through unchanged", () => {
    const plain = new Error("disk");
    expect(registryErrorFor(plain, "seal")).toBe(plain);
    const fs = Object.assign(new Error("full"), { code: "ENOSPC" });
    expect(registryErrorFor(fs, "seal")).toBe(fs);
  });
});

describe("one home", () => {
  it("no other registry source makes registry errors out of SIG_ codes", () => {
    const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
    // sealing-failures.ts sorts failures by SIG_ code (record, retry, machine); it makes no registry error of them.
    const allowed = new Set(["signing/signer-errors.ts", "licences/sealing-failures.ts"]);
    const offenders: string[] = [];
    for (const entry of readdirSync(src, { recursive: true, encoding: "utf8" })) {
      const rel = entry.split(path.sep).join("/");
      if (!rel.endsWith(".ts") || rel.endsWith(".test.ts") || allowed.has(rel)) continue;
      const text = readFileSync(path.join(src, entry), "utf8");
      if (/["'`]SIG_[A-Z0-9_]+["'`]/u.test(text)) offenders.push(rel);
    }
    expect(offenders).toEqual([]);
  });
});
