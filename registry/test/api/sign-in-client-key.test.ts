// Failed sign-ins are counted per client, and a client is what every other limiter says it is: an IPv4 address, or an
// IPv6 /64 (one subscriber's usual allocation). Counted by the raw address, an attacker on one IPv6 line rotated
// through its 2^64 addresses and got five fresh share-code tries per holder (and twenty desk-key tries) per address.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, TYPES, type Harness } from "../support/harness.js";
import { issueExample } from "../support/sessions.js";

let h: Harness;
let holder: { name: string; code: string };
beforeAll(async () => {
  h = await startHarness({ signing: false, start: new Date() });
  ({ holder } = await issueExample(h, TYPES.food, "client-key-000001"));
});
afterAll(async () => {
  await h.close();
});

/** The n-th address of one /64: what an attacker holding that prefix can use freely. */
const inPrefix = (n: number) => `2001:db8:77:1::${(n + 1).toString(16)}`;

describe("share-code sign-in", () => {
  it("counts a holder's failures per /64, not per IPv6 address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await h.app.inject({
        method: "POST",
        url: "/api/v1/holder/session",
        payload: { holderCode: holder.code, shareCode: "22222-22222" },
        remoteAddress: inPrefix(i),
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // Another /64 is another client.
    const elsewhere = await h.app.inject({
      method: "POST",
      url: "/api/v1/holder/session",
      payload: { holderCode: holder.code, shareCode: "22222-22222" },
      remoteAddress: "2001:db8:77:2::1",
    });
    expect(elsewhere.statusCode).toBe(401);
  });
});

describe("desk sign-in", () => {
  it("counts failures per /64, not per IPv6 address", async () => {
    let last = 0;
    for (let i = 0; i < 21; i++) {
      const res = await h.app.inject({
        method: "POST",
        url: "/api/v1/desk/session",
        payload: { key: "ek_notakeynotakeynotakeynotakey" },
        remoteAddress: `2001:db8:88:1::${(i + 1).toString(16)}`,
      });
      last = res.statusCode;
    }
    expect(last).toBe(429);
  });
});
