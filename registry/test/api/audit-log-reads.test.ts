// The audit log names holders by their full ID numbers and credit codes: reading it is a read of personal data like
// any other. An auditor paging through GET /api/v1/audit/events states a purpose, and every holder named on the page
// finds that read in their access log (the class "a route returning personal data without a purpose").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auth, startHarness, TYPES, type Harness } from "../support/harness.js";
import { issueExample } from "../support/sessions.js";

let h: Harness;
let holder: { name: string; code: string };

beforeAll(async () => {
  h = await startHarness({ signing: false, start: new Date() });
  ({ holder } = await issueExample(h, TYPES.food, "audit-reads-00001"));
});
afterAll(async () => {
  await h.close();
});

const get = (url: string) => h.app.inject({ method: "GET", url, headers: auth(h.key.auditor) });

describe("GET /api/v1/audit/events", () => {
  it("is refused without a purpose, or with one that shows as nothing", async () => {
    for (const q of ["", "?purpose=%20", "?purpose=%E2%80%8B", "?limit=10"]) {
      const res = await get(`/api/v1/audit/events${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().code, q).toBe("REG_PURPOSE_REQUIRED");
    }
  });

  it("with a purpose, lands in the access log of each holder the page names, and the query itself is on record", async () => {
    const page = await get("/api/v1/audit/events?limit=1000&purpose=年度审计抽查");
    expect(page.statusCode).toBe(200);
    const items = page.json<{ items: { seq: number; holderCode: string | null }[] }>().items;
    // The page does name the holder in full: that is why the read needs a purpose.
    expect(items.some((e) => e.holderCode === holder.code)).toBe(true);
    const log = await get(
      `/api/v1/holders/${holder.code}/access-log?purpose=${encodeURIComponent("核对审计抽查记录")}`,
    );
    expect(log.statusCode).toBe(200);
    const read = log
      .json<{ items: { action: string; purpose: string; role: string; target: string }[] }>()
      .items.find((e) => e.action === "audit.events");
    expect(read).toMatchObject({
      role: "auditor",
      purpose: "年度审计抽查",
      target: `audit-log#${items[0]!.seq}-${items[items.length - 1]!.seq}`,
    });
    // An empty page is a read too: the query is recorded with its purpose and count.
    const empty = await get("/api/v1/audit/events?after=999999&purpose=空页核对");
    expect(empty.json().items).toEqual([]);
    const all = (await get("/api/v1/audit/events?limit=1000&purpose=核对空页记录")).json<{
      items: { action: string; purpose: string | null; detail?: { count?: number } }[];
    }>().items;
    expect(all).toContainEqual(
      expect.objectContaining({
        action: "audit.events",
        purpose: "空页核对",
        detail: expect.objectContaining({ count: 0 }),
      }),
    );
  });
});
