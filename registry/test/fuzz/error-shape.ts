// The fuzz suite's one property: no answer is a 5xx, and every 4xx is the project's JSON error body.
import { expect } from "vitest";

export interface Answer {
  status: number;
  contentType: string | undefined;
  body: string;
}

/** Fails (with the answer in the message) on a 5xx, or on a 4xx that is not `{ code, message, details[] }` JSON. */
export function expectClientErrorOrSuccess(a: Answer, what: string): void {
  const shown = `${what} → ${a.status} ${a.contentType ?? "(no content-type)"} ${a.body.slice(0, 400)}`;
  expect(a.status, shown).toBeLessThan(500);
  if (a.status < 400) return;
  expect(a.contentType ?? "", shown).toMatch(/^application\/json\b/u);
  let body: unknown;
  try {
    body = JSON.parse(a.body);
  } catch {
    expect.fail(`${shown}: the body is not JSON`);
  }
  expect(body, shown).toMatchObject({
    code: expect.stringMatching(/^[A-Z][A-Z0-9_]+$/u),
    message: expect.any(String),
    details: expect.any(Array),
  });
}
