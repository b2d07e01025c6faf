// The live status and trust list over HTTP: every state a verifier must show, invalidation on change, the rate limit,
// and the signed QR code of a sealed licence read off its PDF, verified offline, then followed to its live status.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  identifierSha256,
  parseQrText,
  verifyQrPayload,
  verifyTrustList,
  type TrustList,
} from "@elicence/signer";
import { toolsAvailable } from "../../../test-support/tools.js";
import { auth, BASE_URL, DEPTS } from "../support/harness.js";
import { startStatusHarness, type StatusHarness } from "./status-harness.js";

const RATE_MAX = 40;
let h: StatusHarness;

beforeAll(async () => {
  h = await startStatusHarness({ liveStatus: { rateLimitMax: RATE_MAX } });
});
afterAll(async () => {
  await h?.close();
});

const status = (token: string, remoteAddress = "127.0.0.1") =>
  h.app.inject({ method: "GET", url: `/api/v1/status/${token}`, remoteAddress });
const act = (identifier: string, action: string, payload: Record<string, unknown>) =>
  h.app.inject({
    method: "POST",
    url: `/api/v1/licences/${identifier}/${action}`,
    headers: auth(h.issuerKey),
    payload,
  });

describe("GET /api/v1/status/{token}", () => {
  it("answers a valid licence with state, version, successor, validity and time only: no personal data", async () => {
    const { identifier, token } = await h.issue();
    const record = await h.store.getLicence(identifier);
    const res = await status(token);
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    const body = res.json();
    expect(body).toEqual({
      state: "01",
      status: "valid",
      stateName: { zh: "有效", en: "valid" },
      identifierSha256: await identifierSha256(identifier),
      version: "001",
      supersededBy: null,
      supersededByToken: null,
      validFrom: record?.validFrom,
      validUntil: record?.validUntil,
      checkedAt: h.clock.now.toISOString(),
    });
    expect(body.identifierSha256).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const secret of [record?.holder.name, record?.holder.code, identifier])
      expect(res.body).not.toContain(secret);
  });

  it("shows a suspension with its date and reason code", async () => {
    const { identifier, token } = await h.issue();
    expect((await act(identifier, "suspend", { reason: "rectification-ordered" })).statusCode).toBe(200);
    expect((await status(token)).json()).toMatchObject({
      state: "02",
      stateName: { zh: "暂扣", en: "suspended" },
      suspendedAt: h.clock.now.toISOString(),
      reason: "rectification-ordered",
    });
  });

  it("shows a revocation with its date and reason code, at once although the valid status was cached", async () => {
    const { identifier, token } = await h.issue();
    const reads = vi.spyOn(h.store, "statusByToken");
    expect((await status(token)).json().state).toBe("01");
    expect((await status(token)).json().state).toBe("01");
    expect(reads).toHaveBeenCalledTimes(1); // the second answer came from the cache
    expect((await act(identifier, "revoke", { reason: "revoked-by-law" })).statusCode).toBe(200);
    const body = (await status(token)).json();
    reads.mockRestore();
    expect(body).toMatchObject({
      state: "07",
      stateName: { zh: "吊销", en: "revoked" },
      revokedAt: h.clock.now.toISOString(),
      reason: "revoked-by-law",
    });
  });

  it("points a replaced version at its successor, which has its own token and status", async () => {
    const { identifier, token } = await h.issue();
    expect((await status(token)).json().state).toBe("01");
    const amend = await act(identifier, "amend", {
      reason: "经营场所变更",
      fields: { premises: "海丰县海城镇新风路88号" },
    });
    expect(amend.statusCode).toBe(201);
    const next = amend.json<{ identifier: string }>().identifier;
    expect((await status(token)).json()).toMatchObject({
      state: "99",
      stateName: { zh: "已换发新版本", en: "superseded" },
      version: "001",
      supersededBy: next,
    });
    const nextToken = (await h.store.getLicence(next))?.publicToken ?? "";
    expect(nextToken).not.toBe(token);
    expect((await status(token)).json()).toMatchObject({
      supersededByToken: nextToken,
      supersededAt: expect.any(String),
    });
    expect((await status(nextToken)).json()).toMatchObject({
      state: "01",
      version: "002",
      supersededBy: null,
      supersededByToken: null,
    });
  });

  it("points a twice-replaced version straight at the version in force, not the intermediate one", async () => {
    const { identifier, token } = await h.issue();
    const second = await act(identifier, "amend", {
      reason: "经营场所变更",
      fields: { premises: "海丰县海城镇新风路88号" },
    });
    expect(second.statusCode, second.body).toBe(201);
    const v2 = second.json<{ identifier: string }>().identifier;
    const third = await act(v2, "amend", {
      reason: "经营场所变更",
      fields: { premises: "海丰县附城镇兴华路1号" },
    });
    expect(third.statusCode, third.body).toBe(201);
    const v3 = third.json<{ identifier: string }>().identifier;
    const v3Token = (await h.store.getLicence(v3))?.publicToken ?? "";
    const v2Token = (await h.store.getLicence(v2))?.publicToken ?? "";
    for (const old of [token, v2Token])
      expect((await status(old)).json()).toMatchObject({
        status: "superseded",
        supersededBy: v3,
        supersededByToken: v3Token,
      });
    expect((await status(v3Token)).json()).toMatchObject({ status: "valid", supersededBy: null });
  });

  it("says which licence a token names: type, department, the organisation in full and the public fields", async () => {
    const { identifier, token } = await h.issue();
    const record = await h.store.getLicence(identifier);
    const type = h.catalogue.get(record?.typeCode ?? "");
    const res = await h.app.inject({ method: "GET", url: `/api/v1/status/${token}/record` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    const body = res.json<{
      holder: unknown;
      publicFields: { field: string; label: string; value: string }[];
    }>();
    expect(body).toMatchObject({
      identifierSha256: await identifierSha256(identifier),
      typeCode: record?.typeCode,
      typeName: type?.name,
      version: "001",
      issuer: { code: DEPTS.market },
      holder: { kind: "organisation", name: record?.holder.name, code: record?.holder.code, masked: false },
    });
    expect(body.publicFields.map((f) => f.field)).toEqual(
      type?.publicFields.filter((f) => record?.fields[f] !== undefined),
    );
    expect(body.publicFields.length).toBeGreaterThan(0);
    for (const f of body.publicFields) expect(f.label).toBe(type?.schema.properties[f.field]?.title);
    const unknown = await h.app.inject({ method: "GET", url: `/api/v1/status/no-such-token/record` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: "VER_STATUS_UNKNOWN" });
  });

  it("reports an expired licence as 05 from the day after validUntil, before any sweep", async () => {
    const { token } = await h.issue();
    const first = (await status(token)).json<{ validUntil: string }>();
    const saved = h.clock.now;
    try {
      h.clock.now = new Date(`${first.validUntil}T15:00:00Z`); // 23:00 in China, still the last day
      expect((await status(token)).json().state).toBe("01");
      h.clock.now = new Date(`${first.validUntil}T16:00:01Z`); // the next day in China
      expect((await status(token)).json()).toMatchObject({ state: "05", stateName: { en: "expired" } });
    } finally {
      h.clock.now = saved;
    }
  });

  it("answers an unknown token 404 VER_STATUS_UNKNOWN in the error format", async () => {
    const res = await status("AAAAAAAAAAAAAAAAAAAAAA");
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: "VER_STATUS_UNKNOWN", details: [] });
  });

  it("answers only the exact token: case, padding, spaces, encodings and odd lengths are unknown or refused, never 500", async () => {
    const { token } = await h.issue();
    const ask = (raw: string) =>
      h.app.inject({ method: "GET", url: `/api/v1/status/${raw}`, remoteAddress: "203.0.113.77" });
    expect((await ask(token)).statusCode).toBe(200);
    const variants = [
      token.toUpperCase(),
      token.toLowerCase(),
      `${token}=`,
      `${token}==`,
      `%20${token}`,
      `${token}%00`,
      encodeURIComponent(`${token}/`),
      token.slice(0, -1),
      `${token}A`,
      // Standard base64 may hold "/": escaped, so that it reaches the status route rather than another path.
      encodeURIComponent(Buffer.from(token, "base64url").toString("base64").replace(/=+$/u, "")),
      encodeURIComponent("证照".repeat(20)),
      "A".repeat(128),
      "A".repeat(129),
      "%ZZ",
    ].filter((v) => v !== token);
    for (const v of variants) {
      const res = await ask(v);
      expect([400, 404], v).toContain(res.statusCode);
      if (res.statusCode === 404) expect(res.json(), v).toMatchObject({ code: "VER_STATUS_UNKNOWN" });
    }
  });

  it(`limits each client address to ${RATE_MAX} a minute: then 429 REG_RATE_LIMITED, others unaffected`, async () => {
    const { token } = await h.issue();
    for (let i = 0; i < RATE_MAX; i++) expect((await status(token, "10.9.8.7")).statusCode).toBe(200);
    const limited = await status(token, "10.9.8.7");
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: "REG_RATE_LIMITED", details: [] });
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect((await status("AAAAAAAAAAAAAAAAAAAAAA", "10.9.8.7")).statusCode).toBe(429);
    // Counted before the token is validated: a malformed request is refused like any other, not answered 400.
    expect((await status("A".repeat(200), "10.9.8.7")).statusCode).toBe(429);
    expect((await status(token, "10.9.8.8")).statusCode).toBe(200);
  });
});

describe("GET /.well-known/elicence/trust-list.json", () => {
  const fetchList = async () => {
    const res = await h.app.inject({ method: "GET", url: "/.well-known/elicence/trust-list.json" });
    expect(res.statusCode).toBe(200);
    return { list: res.json<TrustList>(), etag: String(res.headers.etag) };
  };
  const root = async () =>
    new Uint8Array((await h.app.inject({ method: "GET", url: "/pki/certs/root.cer" })).rawPayload);

  it("verifies against the root served at /pki/certs/root.cer; a modified copy does not", async () => {
    const { list } = await fetchList();
    const r = await verifyTrustList(list, await root(), h.clock.now);
    expect(r).toMatchObject({ ok: true, stale: false, reason: { code: "VER_TL_OK" } });
    expect(list.seals.map((s) => s.department.code)).toEqual(expect.arrayContaining(Object.values(DEPTS)));
    const modified = structuredClone(list);
    modified.seals[0]!.department.name = "某某假冒机关";
    expect((await verifyTrustList(modified, await root(), h.clock.now)).reason.code).toBe(
      "VER_TL_BAD_SIGNATURE",
    );
  });

  it("answers 304 to its ETag, and changes at once when an admin revokes a seal", async () => {
    const { etag } = await fetchList();
    const again = await h.app.inject({
      method: "GET",
      url: "/.well-known/elicence/trust-list.json",
      headers: { "if-none-match": etag },
    });
    expect(again.statusCode).toBe(304);
    const revoke = await h.app.inject({
      method: "POST",
      url: `/api/v1/seals/${DEPTS.education}/revoke`,
      headers: auth(h.adminKey),
      payload: { reason: "keyCompromise" },
    });
    expect(revoke.statusCode).toBe(200);
    const after = await fetchList();
    expect(after.etag).not.toBe(etag);
    expect(after.list.seals.find((s) => s.department.code === DEPTS.education)).toMatchObject({
      status: "revoked",
      revocationReason: "keyCompromise",
    });
  });
});

const zbar = toolsAvailable("QR code of a sealed licence", "pdftoppm", "zbarimg");

describe.skipIf(!zbar)("the QR code of a sealed licence", () => {
  it("is read off the PDF, verifies offline against the served trust list, and leads to the live status", async () => {
    const { identifier, token } = await h.issue();
    const record = await h.store.getLicence(identifier);
    const pdf = await h.documents.get(record?.documentSha256 ?? "");
    if (!pdf) throw new Error("no sealed PDF");
    const work = mkdtempSync(path.join(os.tmpdir(), "elicence-status-qr-"));
    try {
      writeFileSync(path.join(work, "licence.pdf"), pdf);
      spawnSync("pdftoppm", [
        "-r",
        "150",
        "-png",
        "-singlefile",
        path.join(work, "licence.pdf"),
        path.join(work, "p"),
      ]);
      const read = spawnSync("zbarimg", ["--raw", "-q", path.join(work, "p.png")], { encoding: "utf8" });
      const text = read.stdout.trim();
      expect(text.startsWith(`${BASE_URL}/v#`)).toBe(true);
      const parsed = parseQrText(text);
      if (!parsed.ok) throw new Error(parsed.reason);
      const list = (
        await h.app.inject({ method: "GET", url: "/.well-known/elicence/trust-list.json" })
      ).json();
      const rootDer = new Uint8Array(
        (await h.app.inject({ method: "GET", url: "/pki/certs/root.cer" })).rawPayload,
      );
      const trusted = await verifyTrustList(list, rootDer, h.clock.now);
      if (!trusted.list) throw new Error(trusted.reason.code);
      const r = await verifyQrPayload(parsed.cose, trusted.list, h.clock.now);
      expect([r.status, r.reason.code]).toEqual(["VALID", "VER_QR_OK"]);
      expect(r.claims).toMatchObject({ identifier, publicToken: token, validUntil: record?.validUntil });
      expect(r.claims?.holderCode).not.toBe(record?.holder.code);
      expect(r.claims?.holderCode).toMatch(/\*{6,}/u);
      expect(r.department?.name).toBe(record?.issuer.name);
      expect((await status(r.claims?.publicToken ?? "")).json().state).toBe("01");
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
