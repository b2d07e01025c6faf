// The page's live status call refuses any answer whose identifierSha256 is not exactly the digest of the verified
// identifier: padded, upper-cased, truncated, another licence's, empty or absent (a registry answering for the wrong
// licence, or one that does not say). A 404 without the registry's code is a failure, not "unknown licence".
import { describe, expect, it } from "vitest";
import { identifierSha256 } from "@elicence/signer";
import type { LiveStatus } from "./verdict.js";

// Loaded by a path the root project does not follow: the module is written for the page's bundler (".ts" imports,
// DOM RequestInit) and is type-checked by verifier-web/tsconfig.json instead.
const MODULE = "./live-status.ts";
const { fetchStatus } = (await import(MODULE)) as {
  fetchStatus: (token: string, identifier: string | null, fetchImpl: typeof fetch) => Promise<LiveStatus>;
};

const ID = "1.2.156.3005.2.11100000MB0143028R013.11441521MB2C97310M.2430599.001.F";
const OTHER = "1.2.156.3005.2.11100000MB0143028R013.11441521MB2C97310M.2430599.002.F";

const answering = (body: unknown, status = 200) =>
  (async () => Response.json(body, { status })) as unknown as typeof fetch;
const body = (digest: unknown) => ({
  state: "01",
  status: "valid",
  stateName: { zh: "有效", en: "valid" },
  identifierSha256: digest,
  checkedAt: "2026-12-07T00:00:00Z",
});

describe("fetchStatus", () => {
  it("takes only an answer naming exactly this identifier", async () => {
    const digest = await identifierSha256(ID);
    expect(digest).toHaveLength(43);
    expect(await fetchStatus("tok", ID, answering(body(digest)))).toMatchObject({ kind: "ok" });
    for (const wrong of [
      `${digest}=`,
      digest.toUpperCase(),
      digest.slice(0, 42),
      Buffer.from(digest, "base64url").toString("base64"),
      await identifierSha256(OTHER),
    ])
      expect(await fetchStatus("tok", ID, answering(body(wrong))), wrong).toMatchObject({
        kind: "mismatch",
        code: "VER_QR_STATUS_OTHER_LICENCE",
      });
    for (const absent of ["", null, undefined, 42])
      expect(await fetchStatus("tok", ID, answering(body(absent)))).toMatchObject({
        kind: "mismatch",
        code: "VER_QR_STATUS_UNNAMED",
      });
  });

  it("tells an unknown token from a registry without the route, and a malformed answer from a valid one", async () => {
    expect(await fetchStatus("tok", ID, answering({ code: "VER_STATUS_UNKNOWN" }, 404))).toEqual({
      kind: "unknown",
    });
    expect(await fetchStatus("tok", ID, answering({ message: "Not Found" }, 404))).toEqual({
      kind: "failed",
      httpStatus: 404,
    });
    expect(await fetchStatus("tok", ID, answering({ status: "valid" }))).toMatchObject({ kind: "failed" });
    expect(await fetchStatus("tok", ID, answering([]))).toMatchObject({ kind: "failed" });
  });
});
