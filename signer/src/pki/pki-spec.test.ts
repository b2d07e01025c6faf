// certs/pki.json validation: the committed file is valid, and a broken one is rejected naming every bad field.
import { describe, expect, it } from "vitest";
import { PkiError } from "./pki-error.js";
import { expandUrl, parsePkiSpec, readPkiSpec } from "./pki-spec.js";

describe("PKI spec", () => {
  it("accepts the committed certs/pki.json", async () => {
    const spec = await readPkiSpec();
    expect(spec.algorithm).toBe("ECDSA-P256");
    expect(spec.root.subject.commonName).toContain("NOT FOR PRODUCTION");
  });

  it("reports every problem of a broken spec at once", async () => {
    const spec = structuredClone(await readPkiSpec()) as unknown as Record<string, Record<string, unknown>>;
    spec.algorithm = "DSA" as never;
    spec.urls!.ocsp = "http://fixed.example/ocsp";
    (spec.root!.subject as Record<string, unknown>).country = "China";
    spec.tsa!.policyOid = "not an oid";
    spec.crl!.nextUpdateHours = 0;
    let error: unknown;
    try {
      parsePkiSpec(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PkiError);
    expect((error as PkiError).code).toBe("SIG_PKI_SPEC_INVALID");
    expect((error as PkiError).details.map((d) => d.field)).toEqual([
      "algorithm",
      "urls.ocsp",
      "root.subject.country",
      "tsa.policyOid",
      "crl.nextUpdateHours",
    ]);
  });

  it("expands URL templates without doubling slashes", () => {
    expect(expandUrl("{baseUrl}/pki/crl/{ca}.crl", "https://x.example/base/", "issuing")).toBe(
      "https://x.example/base/pki/crl/issuing.crl",
    );
  });
});
