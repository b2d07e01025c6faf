// An ID number or credit code written in a request path so that the route still reads it (percent-escapes, full-width
// IME digits, lower case, a zero-width character copied along) must not reach the request log unmasked: the log is read
// by operators who never stated a purpose, and nothing records that they read it.
import { Writable } from "node:stream";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { loggerOptions } from "../../src/http/logging.js";
import { normaliseIdentifierInput } from "@elicence/core";

const ID = "110105199001011234";
const CREDIT = "91441521MA4UJ8KX2N";

async function loggedUrls(paths: string[]): Promise<{ lines: string[]; read: string[] }> {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  const options = loggerOptions("info");
  const app = Fastify({ logger: { ...(options as object), stream } });
  const read: string[] = [];
  // Reads its parameter as the holder routes do (fastify decodes the escapes, the identifier rules normalise).
  app.get<{ Params: { code: string } }>("/api/v1/holders/:code/licences", async (req) => {
    const n = normaliseIdentifierInput(req.params.code);
    read.push(n.ok ? n.value : "");
    return {};
  });
  for (const url of paths) await app.inject({ method: "GET", url });
  await app.close();
  return { lines, read };
}

const encode = (s: string) => [...s].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join("");
const fullWidth = (s: string) =>
  encodeURIComponent(s.replace(/[0-9A-Z]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)));

describe("request log", () => {
  it("masks a holder code however the path spells it", async () => {
    const paths = [
      `/api/v1/holders/${encode(ID)}/licences`,
      `/api/v1/holders/${encode(CREDIT)}/licences`,
      `/api/v1/holders/${fullWidth(ID)}/licences`,
      `/api/v1/holders/${fullWidth(CREDIT)}/licences`,
      `/api/v1/holders/${CREDIT.toLowerCase()}/licences`,
      `/api/v1/holders/%E2%80%8B${ID}/licences`,
      `/api/v1/holders/${ID.slice(0, 9)}%3${ID.slice(9, 10)}${ID.slice(10)}/licences`,
    ];
    const { lines, read } = await loggedUrls(paths);
    // Each spelling reaches the route as the real code: these are reads, not junk.
    expect(read).toEqual([ID, CREDIT, ID, CREDIT, CREDIT, ID, ID]);
    const log = lines.join("\n");
    for (const secret of [ID, CREDIT]) {
      expect(log).not.toContain(secret);
      expect(log.toUpperCase()).not.toContain(secret);
      expect(log).not.toContain(encode(secret).slice(0, 30));
      expect(log).not.toContain(fullWidth(secret).slice(0, 60));
      // The middle digits (birth date / organisation) never appear as a run.
      expect(log.toUpperCase()).not.toContain(secret.slice(6, 14));
    }
    expect(log).toContain("110105********1234");
    expect(log).toContain("91441521******KX2N");
  });

  it("leaves other paths readable", async () => {
    const { lines } = await loggedUrls(["/api/v1/holders/abc/licences", "/api/v1/licence-types"]);
    const log = lines.join("\n");
    expect(log).toContain('"url":"/api/v1/holders/abc/licences"');
    expect(log).toContain('"url":"/api/v1/licence-types"');
  });
});
