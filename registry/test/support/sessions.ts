// Signing in at the window desk, the issuing office or as a holder through the API, and sending the session cookie with its CSRF token.
import type { LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import { auth, exampleIssue, type Harness } from "./harness.js";

export interface SignedIn {
  res: LightMyRequestResponse;
  /** The Cookie header value carrying the session id. */
  cookie: string;
  csrf: string;
  setCookies: string[];
}

export function setCookiesOf(res: LightMyRequestResponse): string[] {
  const raw = res.headers["set-cookie"];
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
}

/** The value a Set-Cookie list gives cookie `name`. */
export function cookieValue(setCookies: string[], name: string): string | undefined {
  const line = setCookies.find((c) => c.startsWith(`${name}=`));
  return line?.slice(name.length + 1).split(";")[0];
}

async function signIn(h: Harness, url: string, payload: object, cookieName: string): Promise<SignedIn> {
  const res = await h.app.inject({ method: "POST", url, payload });
  const setCookies = setCookiesOf(res);
  const id = cookieValue(setCookies, cookieName);
  return {
    res,
    cookie: `${cookieName}=${id ?? ""}`,
    csrf: res.statusCode === 201 ? (res.json<{ csrfToken: string }>().csrfToken ?? "") : "",
    setCookies,
  };
}

export function deskSignIn(h: Harness, key: string = h.key.clerk): Promise<SignedIn> {
  return signIn(h, "/api/v1/desk/session", { key }, "elicence_desk");
}

export function issuerSignIn(h: Harness, key: string = h.key.issuer): Promise<SignedIn> {
  return signIn(h, "/api/v1/issuer/session", { key }, "elicence_issuer");
}

export function holderSignIn(h: Harness, holderCode: string, shareCode: string): Promise<SignedIn> {
  return signIn(h, "/api/v1/holder/session", { holderCode, shareCode }, "elicence_holder");
}

/** Headers of a cookie-authenticated request; `csrf: null` leaves the token out. */
export function withSession(s: SignedIn, csrf: string | null = s.csrf): Record<string, string> {
  return { cookie: s.cookie, ...(csrf !== null ? { "x-csrf-token": csrf } : {}) };
}

/** Issues the catalogue's example of `typeCode` (to `holder`, or the type's example holder) with the issuer key: the
 *  licence the session tests then look up through a desk or holder session. */
export async function issueExample(
  h: Harness,
  typeCode: string,
  idempotencyKey: string,
  holder?: { name: string; code: string },
): Promise<{ holder: { name: string; code: string }; identifier: string }> {
  const payload = exampleIssue(h.catalogue, typeCode, holder);
  const res = await h.app.inject({
    method: "POST",
    url: "/api/v1/licences",
    headers: auth(h.key.issuer, { "idempotency-key": idempotencyKey }),
    payload,
  });
  expect(res.statusCode).toBe(201);
  return { holder: payload.holder, identifier: res.json<{ identifier: string }>().identifier };
}

/** A desk session that has looked `holderCode` up (so it is the desk's applicant), with the purpose given. */
export async function deskWithApplicant(
  h: Harness,
  holderCode: string,
  purpose = "食品经营许可延续申请",
): Promise<SignedIn> {
  const desk = await deskSignIn(h);
  expect(desk.res.statusCode).toBe(201);
  const lookup = await h.app.inject({
    method: "GET",
    url: `/api/v1/holders/${encodeURIComponent(holderCode)}/licences?purpose=${encodeURIComponent(purpose)}`,
    headers: withSession(desk),
  });
  expect(lookup.statusCode, lookup.body).toBe(200);
  return desk;
}

/** A share code handed out the only way there is: by a clerk at the desk, for the applicant just looked up. */
export async function handOutShareCode(
  h: Harness,
  holderCode: string,
  purpose = "持证人查询本人证照",
): Promise<{ shareCode: string; expiresAt: string; holderCode: string }> {
  const desk = await deskWithApplicant(h, holderCode);
  const res = await h.app.inject({
    method: "POST",
    url: `/api/v1/holders/${encodeURIComponent(holderCode)}/share-codes`,
    headers: withSession(desk),
    payload: { purpose },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
