// Slow uploads against POST /api/v1/verify/pdf (issue 11 red team, slowloris): bodies that trickle in one byte at a
// time. Before the fix ten such connections from one address held every place of the verification gate and every
// other client got 503 REG_BUSY for as long as the connections stayed open (nothing bounded how long that was).
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startHarness, type Harness } from "../support/harness.js";
import { expectClientErrorOrSuccess } from "./error-shape.js";

let h: Harness;
let port: number;
beforeAll(async () => {
  h = await startHarness({
    signing: true,
    limits: { verifyPdfPerMinute: 10_000, verifyPdfConcurrency: 1, verifyPdfQueue: 3 },
    // A short grace and a rate a trickle of one byte every 200 ms stays far below, so the test waits seconds.
    verifyPdf: { uploadPace: { graceMs: 1_500, minBytesPerSecond: 1024 } },
  });
  await h.app.listen({ port: 0, host: "127.0.0.1" });
  port = (h.app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await h?.close();
});

const B = "redteam";
const HEAD =
  `POST /api/v1/verify/pdf HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: multipart/form-data; boundary=${B}\r\n` +
  `content-length: 100000\r\n\r\n--${B}\r\ncontent-disposition: form-data; name="file"; filename="a.pdf"\r\n` +
  `content-type: application/pdf\r\n\r\n%PDF-1.7\n`;

interface Trickle {
  /** The first answer's status line and body, once one came (or null when the connection closed without one). */
  answer: Promise<{ status: number; body: string; headers: string } | null>;
  stop(): void;
}

/** Sends HEAD, then one byte every 200 ms until the server answers or closes. */
function trickle(head = HEAD): Trickle {
  const socket = net.connect({ port, host: "127.0.0.1" });
  socket.on("error", () => undefined);
  socket.write(head);
  const timer = setInterval(() => socket.write("a"), 200);
  let received = "";
  const answer = new Promise<{ status: number; body: string; headers: string } | null>((resolve) => {
    const settle = () => {
      clearInterval(timer);
      const end = received.indexOf("\r\n\r\n");
      const status = /^HTTP\/1\.1 (\d{3})/u.exec(received)?.[1];
      resolve(
        status && end > 0
          ? { status: Number(status), headers: received.slice(0, end), body: received.slice(end + 4) }
          : null,
      );
    };
    socket.on("data", (d: Buffer) => {
      received += d.toString("utf8");
      const end = received.indexOf("\r\n\r\n");
      const length = Number(/content-length: (\d+)/iu.exec(received)?.[1] ?? NaN);
      if (end > 0 && received.length - end - 4 >= length) settle();
    });
    socket.on("close", settle);
  });
  return {
    answer,
    stop: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

async function verifyNow(): Promise<{ status: number; contentType: string | undefined; body: string }> {
  const b = "ok";
  const payload =
    `--${b}\r\ncontent-disposition: form-data; name="file"; filename="x.pdf"\r\ncontent-type: application/pdf\r\n\r\n` +
    `%PDF-1.7\n%%EOF\n\r\n--${b}--\r\n`;
  const r = await h.app.inject({
    method: "POST",
    url: "/api/v1/verify/pdf",
    headers: { "content-type": `multipart/form-data; boundary=${b}` },
    payload,
  });
  return { status: r.statusCode, contentType: r.headers["content-type"] as string | undefined, body: r.body };
}

describe("slow uploads to POST /api/v1/verify/pdf", () => {
  it("a body trickling in below the least pace is stopped with 408 REG_UPLOAD_TOO_SLOW, the connection closed", async () => {
    const t = trickle();
    const a = await t.answer;
    t.stop();
    expect(a, "the server never answered the trickling upload").not.toBeNull();
    expectClientErrorOrSuccess(
      { status: a!.status, contentType: /content-type: ([^\r]*)/iu.exec(a!.headers)?.[1], body: a!.body },
      "trickling upload",
    );
    expect(a!.status).toBe(408);
    expect(JSON.parse(a!.body)).toMatchObject({ code: "REG_UPLOAD_TOO_SLOW" });
    expect(a!.headers).toMatch(/connection: close/iu);
  });

  it("a client holding its share of places with slow uploads gets 429, and once they are stopped, uploads run again", async () => {
    // Gate: 1 running + 3 queued; one address may hold a quarter of it (1). The first trickle holds that place.
    const first = trickle();
    await new Promise((r) => setTimeout(r, 300));
    const second = await verifyNow();
    expectClientErrorOrSuccess(second, "second upload from the same address");
    expect(second.status).toBe(429);
    expect(JSON.parse(second.body)).toMatchObject({ code: "REG_RATE_LIMITED" });
    // The slow one is stopped by its pace, not left holding the place.
    expect((await first.answer)?.status).toBe(408);
    first.stop();
    const after = await verifyNow();
    expectClientErrorOrSuccess(after, "upload after the slow one was stopped");
    expect(after.status).toBe(200);
  });
});

describe("a client that closes the connection mid-upload", () => {
  // Red team: the abort (ECONNRESET "aborted") went down the 500 path and was logged as an "unhandled error" with its
  // stack, once per dropped upload: the operator's error log filled with what clients did.
  it("is no server error: nothing is logged as an unhandled error", async () => {
    const errors: unknown[] = [];
    const spy = vi.spyOn(h.app.log, "error").mockImplementation((...args: unknown[]) => {
      errors.push(args);
    });
    try {
      const socket = net.connect({ port, host: "127.0.0.1" });
      socket.on("error", () => undefined);
      socket.write(HEAD + "a".repeat(5000));
      await new Promise((r) => setTimeout(r, 300));
      socket.destroy();
      await new Promise((r) => setTimeout(r, 500));
      expect(errors.map((e) => JSON.stringify(e)).filter((e) => e.includes("unhandled error"))).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });
});
