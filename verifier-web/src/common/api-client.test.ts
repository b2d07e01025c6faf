import { describe, expect, it } from "vitest";
import { ApiClient, CLIENT_CODES } from "./api-client.js";

interface Call {
  url: string;
  init: RequestInit;
}

function stub(answer: () => Response | Promise<Response>): { fetchImpl: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return answer();
  }) as unknown as typeof fetch;
  return { fetchImpl, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

describe("ApiClient", () => {
  it("sends the CSRF token on session requests only: the one sign-in gave, else the readable cookie", async () => {
    const { fetchImpl, calls } = stub(() => json(200, { ok: 1 }));
    let cookies = "a=1; elicence_desk_csrf=from-cookie";
    let activity = 0;
    const api = new ApiClient({
      csrfCookie: "elicence_desk_csrf",
      fetchImpl,
      cookies: () => cookies,
      onActivity: () => activity++,
    });
    await api.json("GET", "/public");
    await api.json("POST", "/s", { session: true, body: { x: 1 } });
    api.setCsrf("from-sign-in");
    await api.json("GET", "/s2", { session: true });
    api.setCsrf(null);
    cookies = "";
    await api.json("GET", "/s3", { session: true });
    const sent = calls.map((c) => (c.init.headers as Record<string, string>)["x-csrf-token"]);
    expect(sent).toEqual([undefined, "from-cookie", "from-sign-in", undefined]);
    expect(calls[1]!.init.body).toBe('{"x":1}');
    expect((calls[1]!.init.headers as Record<string, string>)["content-type"]).toBe("application/json");
    expect(activity).toBe(3);
  });

  it("returns the registry's error body as a value, with Retry-After, and tells the page a session is gone", async () => {
    const lost: string[] = [];
    const answers = [
      json(429, { code: "REG_RATE_LIMITED", message: "slow down", details: [] }, { "retry-after": "12" }),
      json(401, {
        code: "REG_SESSION_INVALID",
        message: "gone",
        details: [{ code: "X", message: "m" }, null],
      }),
      json(401, { code: "REG_UNAUTHENTICATED", message: "bad key", details: [] }),
    ];
    const { fetchImpl } = stub(() => answers.shift()!);
    const api = new ApiClient({ csrfCookie: "c", fetchImpl, onSessionLost: (p) => lost.push(p.code) });
    const limited = await api.json("GET", "/a", { session: true });
    expect(limited).toEqual({
      ok: false,
      problem: {
        status: 429,
        code: "REG_RATE_LIMITED",
        message: "slow down",
        details: [],
        retryAfterSeconds: 12,
      },
    });
    const gone = await api.json("GET", "/b", { session: true });
    expect(!gone.ok && gone.problem.details).toEqual([{ code: "X", message: "m" }]);
    // A wrong key at sign-in is not a lost session: it was never a session request.
    await api.json("POST", "/sign-in");
    expect(lost).toEqual(["REG_SESSION_INVALID"]);
  });

  it("never throws: no answer, or an answer that is not the registry's, becomes a client code", async () => {
    const offline = new ApiClient({
      csrfCookie: "c",
      fetchImpl: stub(() => Promise.reject(new TypeError("offline"))).fetchImpl,
    });
    const a = await offline.json("GET", "/x");
    expect(!a.ok && a.problem.code).toBe(CLIENT_CODES.network);
    const proxy = new ApiClient({
      csrfCookie: "c",
      fetchImpl: stub(() => new Response("<html>Bad gateway</html>", { status: 502 })).fetchImpl,
    });
    const b = await proxy.json("GET", "/x");
    expect(!b.ok && [b.problem.status, b.problem.code]).toEqual([502, CLIENT_CODES.badResponse]);
    const garbled = new ApiClient({
      csrfCookie: "c",
      fetchImpl: stub(() => new Response("not json", { status: 200 })).fetchImpl,
    });
    const c = await garbled.json("GET", "/x");
    expect(!c.ok && c.problem.code).toBe(CLIENT_CODES.badResponse);
  });
});
