// Background sealing defers the documents' directory fsyncs to one flush per round: sealPending must flush before
// its commit (also when a seal fails mid-round), so no committed record refers to a document that is not durable.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { LicenceSealer, SealedLicence } from "@elicence/signer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Catalogue } from "../../src/catalogue/index.js";
import { DocumentStore } from "../../src/documents/document-store.js";
import { PrefetchingSealer } from "../../src/background/seal-pending-loop.js";
import { LicenceService } from "../../src/licences/licence-service.js";
import { RegistryDocumentSealer } from "../../src/signing/document-sealer.js";
import { openSqliteStore } from "../../src/store/sqlite-store.js";
import type { Store } from "../../src/store/store.js";
import { auditInput, makeLicence } from "../store/licence-fixtures.js";

const NOW = new Date("2026-11-29T02:00:00Z");

describe("sealPending with deferred directory fsyncs", () => {
  let dir: string;
  let store: Store;
  let documents: DocumentStore;
  let events: string[];

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "seal-durable-"));
    store = openSqliteStore(":memory:");
    await store.migrate();
    const records = ["2430599", "2430600", "2430601"].map((serial) => makeLicence({ serial }));
    expect(
      (
        await store.apply({
          insertLicences: records,
          audit: records.map((r) => auditInput("licence.issue", r.identifier, r.holder.code)),
        })
      ).ok,
    ).toBe(true);
    events = [];
    documents = new DocumentStore(path.join(dir, "documents"));
    const putDeferred = documents.putDeferred.bind(documents);
    const syncDeferred = documents.syncDeferred.bind(documents);
    documents.putDeferred = async (b) => {
      const sha = await putDeferred(b);
      events.push("put");
      return sha;
    };
    documents.syncDeferred = async () => {
      await syncDeferred();
      events.push("sync");
    };
    const applyEach = store.applyEach.bind(store);
    store.applyEach = (batches) => (events.push(`commit ${batches.length}`), applyEach(batches));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * A signer stand-in: a distinct small "PDF" per licence; fails for `failOn`, with a system error code (the
   * machine's fault, such as ENOSPC) or as a plain Error (the record's, as far as anyone can tell).
   */
  const signer = (failOn?: string, code?: string): Pick<LicenceSealer, "seal"> => ({
    async seal(input) {
      if (input.licence.identifier === failOn)
        throw Object.assign(new Error("sealing failed"), code ? { code } : {});
      return {
        bytes: new TextEncoder().encode(`%PDF-1.7 ${input.licence.identifier}`),
        level: "B-B",
        seal: {
          department: input.licence.issuer.code,
          certificateSerial: "0a",
          certificateSha256: "cd".repeat(32),
        },
      } as SealedLicence;
    },
  });

  const service = (failOn?: string, code?: string) =>
    new LicenceService(
      store,
      {} as Catalogue,
      () => NOW,
      {},
      new PrefetchingSealer(
        new RegistryDocumentSealer(signer(failOn, code), documents, "https://x.invalid", {
          deferDirectorySync: true,
        }),
      ),
    );

  it("stores every document of the round, flushes once, then commits; the stored hashes are readable", async () => {
    expect(await service().sealPending(10)).toBe(3);
    expect(events).toEqual(["put", "put", "put", "sync", "commit 3"]);
    const sealed = await store.findUnsealed(10);
    expect(sealed).toEqual([]);
  });

  it("flushes before writing the seals made before a failure of the machine, which stops the round", async () => {
    const unsealed = await store.findUnsealed(10);
    const failing = unsealed[1]?.identifier;
    await expect(service(failing, "ENOSPC").sealPending(10)).rejects.toThrow(/sealing failed/);
    expect(events).toEqual(["put", "sync", "commit 1"]);
    expect(await store.findUnsealed(10)).toHaveLength(2);
  });

  it("flushes and commits the round's seals together with a record's own failure, the round going on", async () => {
    const unsealed = await store.findUnsealed(10);
    const failing = unsealed[1]?.identifier;
    expect(await service(failing).sealPending(10)).toBe(2);
    expect(events).toEqual(["put", "put", "sync", "commit 3"]);
    expect((await store.findUnsealed(10)).map((r) => r.identifier)).toEqual([failing]);
    expect(await store.findUnsealed(10, NOW.toISOString())).toEqual([]);
  });
});
