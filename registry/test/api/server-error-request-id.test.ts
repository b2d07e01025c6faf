// Every 5xx answer names the request it asks the user to report: the body's requestId and the X-Request-Id header,
// the same id, whatever the failure (a thrown fault, a RegistryError with a 5xx status, store write contention).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { RegistryError } from "../../src/errors.js";
import { buildLicenceIdentifier } from "@elicence/core";
import { StoreError } from "../../src/store/store-error.js";
import { auth, startHarness, type Harness } from "../support/harness.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

// Well-formed, so that the read reaches the store (a malformed identifier is refused before it, with a 422).
const IDENTIFIER = buildLicenceIdentifier({
  typeCode: "11100000MB0143028R013",
  issuerCode: "11441521MB2C97310M",
  serial: "1",
  version: 1,
});
const read = () =>
  h.app.inject({
    method: "GET",
    url: `/api/v1/licences/${IDENTIFIER}?purpose=fault-injection`,
    headers: auth(h.key.auditor),
  });

function expectRequestId(res: Awaited<ReturnType<typeof read>>, status: number, code: string): void {
  expect(res.statusCode).toBe(status);
  const body = res.json<{ code: string; requestId?: unknown; message: string }>();
  expect(body.code).toBe(code);
  expect(typeof body.requestId).toBe("string");
  expect((body.requestId as string).length).toBeGreaterThan(0);
  expect(res.headers["x-request-id"]).toBe(body.requestId);
}

describe("5xx answers carry the request id", () => {
  it("an unexpected fault: 500 REG_INTERNAL with the id in the body and X-Request-Id", async () => {
    const spy = vi.spyOn(h.store, "getLicence").mockRejectedValue(new Error("injected fault"));
    try {
      const res = await read();
      expectRequestId(res, 500, "REG_INTERNAL");
      // The cause stays in the log.
      expect(res.body).not.toContain("injected fault");
    } finally {
      spy.mockRestore();
    }
  });

  it("a RegistryError with a 5xx status (the code's own REG_INTERNAL): its message and the id", async () => {
    const spy = vi
      .spyOn(h.store, "getLicence")
      .mockRejectedValue(new RegistryError("REG_INTERNAL", "The access could not be recorded."));
    try {
      const res = await read();
      expectRequestId(res, 500, "REG_INTERNAL");
      expect(res.json<{ message: string }>().message).toBe("The access could not be recorded.");
    } finally {
      spy.mockRestore();
    }
  });

  it("two failing requests get different ids", async () => {
    const spy = vi.spyOn(h.store, "getLicence").mockRejectedValue(new Error("injected fault"));
    try {
      const [a, b] = [await read(), await read()];
      expect(a.json<{ requestId: string }>().requestId).not.toBe(b.json<{ requestId: string }>().requestId);
    } finally {
      spy.mockRestore();
    }
  });

  it("store write contention: 503 with Retry-After and the id", async () => {
    const spy = vi
      .spyOn(h.store, "getLicence")
      .mockRejectedValue(new StoreError("REG_STORE_WRITE_CONTENTION", "the database is busy"));
    try {
      const res = await read();
      expectRequestId(res, 503, "REG_STORE_WRITE_CONTENTION");
      expect(res.headers["retry-after"]).toBe("1");
    } finally {
      spy.mockRestore();
    }
  });

  it("a 4xx does not need one", async () => {
    const res = await h.app.inject({ method: "GET", url: "/api/v1/licences/nope?purpose=x" });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.headers["x-request-id"]).toBeUndefined();
  });
});
