// GET /api/v1/licence-types/{code} carries exampleRequest, the complete body of POST /api/v1/licences for the
// catalogue's example: the README's first issue sends it as it is.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auth, startHarness, TYPES, type Harness } from "../support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ signing: false, start: new Date() });
});
afterAll(async () => {
  await h.close();
});

describe("a licence type's example request", () => {
  it.each(Object.entries(TYPES))("%s: is accepted as it is by POST /api/v1/licences", async (_name, code) => {
    const type = await h.app.inject({ method: "GET", url: `/api/v1/licence-types/${code}` });
    const body = type.json<{ exampleRequest: { typeCode: string } }>().exampleRequest;
    expect(body.typeCode).toBe(code);
    const issuer =
      code === TYPES.road
        ? h.key.transportIssuer
        : code === TYPES.teacher
          ? h.key.educationIssuer
          : h.key.issuer;
    const res = await h.app.inject({
      method: "POST",
      url: "/api/v1/licences",
      headers: auth(issuer, { "idempotency-key": `example-${code}` }),
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ typeCode: code, version: "001", state: "01" });
  });
});
