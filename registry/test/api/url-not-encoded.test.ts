// A request target with raw non-ASCII bytes (curl sends `?purpose=食品…` as typed) or a malformed %-escape gets
// REG_URL_NOT_ENCODED naming each path or query parameter, in our error shape, without echoing the value. Sent over
// a real socket: Node's HTTP parser refuses raw bytes before fastify sees them, which inject() never shows.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../support/harness.js";

let h: Harness;
let port: number;
beforeAll(async () => {
  h = await startHarness({ signing: false, start: new Date() });
  await h.app.listen({ port: 0, host: "127.0.0.1" });
  port = (h.app.server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await h.close();
});

interface Raw {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends the request line's target byte for byte (UTF-8 as typed), with the clerk's key. */
function rawGet(target: string, extraHeaders = ""): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.write(
        Buffer.concat([
          Buffer.from("GET "),
          Buffer.from(target, "utf8"),
          Buffer.from(
            ` HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${h.key.clerk}\r\n${extraHeaders}Connection: close\r\n\r\n`,
          ),
        ]),
      );
    });
    const chunks: Buffer[] = [];
    socket.on("data", (b: Buffer) => chunks.push(b));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const [head = "", body = ""] = text.split("\r\n\r\n", 2);
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body });
    });
  });
}

const HOLDER = "/api/v1/holders/91441521MA55C7TBXR/licences";

function expectNotEncoded(res: Raw, details: { field: string; code: string }[]): void {
  expect(res.status, res.body).toBe(400);
  expect(res.headers["x-content-type-options"]).toBe("nosniff");
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  const body = JSON.parse(res.body) as {
    code: string;
    message: string;
    details: { field: string; code: string }[];
  };
  expect(body.code).toBe("REG_URL_NOT_ENCODED");
  expect(body.message).toContain("--data-urlencode");
  expect(body.details.map((d) => ({ field: d.field, code: d.code }))).toEqual(details);
}

describe("a URL that is not percent-encoded", () => {
  it("a raw Chinese purpose names query.purpose and the fix, without echoing the purpose", async () => {
    const res = await rawGet(`${HOLDER}?purpose=食品经营许可延续`);
    expectNotEncoded(res, [{ field: "query.purpose", code: "REG_URL_RAW_CHARACTER" }]);
    expect(res.body).not.toContain("食品");
  });

  it("reports the path and every parameter at once", async () => {
    const res = await rawGet(`/api/v1/licence-types/食品?a=é&purpose=%ZZ&ok=%E9%A3%9F`);
    expectNotEncoded(res, [
      { field: "path", code: "REG_URL_RAW_CHARACTER" },
      { field: "query.a", code: "REG_URL_RAW_CHARACTER" },
      { field: "query.purpose", code: "REG_URL_BAD_ESCAPE" },
    ]);
  });

  it("refuses malformed %-escapes and escapes that are not UTF-8, in the query and in the path", async () => {
    for (const bad of ["%ZZ", "%E9%A3", "%FF", "50%"])
      expectNotEncoded(await rawGet(`${HOLDER}?purpose=${bad}`), [
        { field: "query.purpose", code: "REG_URL_BAD_ESCAPE" },
      ]);
    expectNotEncoded(await rawGet("/api/v1/licence-types/%E0%A4%A"), [
      { field: "path", code: "REG_URL_BAD_ESCAPE" },
    ]);
  });

  it("answers before authentication: no key is needed to learn the URL is unreadable", async () => {
    const res = await rawGet(`/api/v1/audit/events?purpose=%ZZ`);
    expectNotEncoded(res, [{ field: "query.purpose", code: "REG_URL_BAD_ESCAPE" }]);
  });

  it("takes the same purpose percent-encoded (as curl -G --data-urlencode sends it)", async () => {
    const res = await rawGet(`${HOLDER}?purpose=${encodeURIComponent("食品经营许可延续")}`);
    expect(res.status, res.body).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ licences: [] });
  });

  it("other requests Node's parser refuses keep our error shape", async () => {
    const res = await rawGet("/api/v1/reason-codes", "Bad Header Line\r\n");
    expect(res.status).toBe(400);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(JSON.parse(res.body)).toMatchObject({ code: "REG_BAD_REQUEST" });
  });
});
