// A data directory holding one issued and sealed licence, and its PDF as a file: for tests and benchmarks that run
// the `elicence` command as a process against it (the registry harness keeps the store open meanwhile).
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { auth, exampleIssue, startHarness, TYPES, type Harness } from "../registry/test/support/harness.js";

export interface SealedLicence {
  harness: Harness;
  identifier: string;
  /** The sealed PDF, in the data directory. */
  file: string;
  /** What a CLI process needs to find that data directory (add it to a clean environment). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function sealedLicence(): Promise<SealedLicence> {
  const harness = await startHarness({ signing: true, start: new Date() });
  const issued = await harness.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(harness.key.issuer, { "idempotency-key": `sealed-${randomBytes(6).toString("hex")}` }),
    payload: exampleIssue(harness.catalogue, TYPES.food),
  });
  if (issued.statusCode !== 201) throw new Error(`issue: ${issued.statusCode} ${issued.body}`);
  const identifier = issued.json<{ identifier: string }>().identifier;
  const pdf = await harness.app.inject({
    method: "GET",
    url: `/api/v1/licences/${identifier}/pdf?purpose=${encodeURIComponent("核验")}`,
    headers: auth(harness.key.auditor),
  });
  if (pdf.statusCode !== 200) throw new Error(`pdf: ${pdf.statusCode} ${pdf.body}`);
  const file = path.join(harness.dir, "licence.pdf");
  writeFileSync(file, pdf.rawPayload);
  return {
    harness,
    identifier,
    file,
    env: {
      ELICENCE_DATA_DIR: harness.dir,
      ELICENCE_BASE_URL: "http://127.0.0.1:8080",
      ELICENCE_KEY_PASSPHRASE: "test-passphrase-not-secret",
    },
    close: () => harness.close(),
  };
}
