// Keyset paging for listLicences, shared by both adapters: pages are ordered by identifier and the cursor is
// the last identifier seen, so inserts between pages never shift a page (no gaps, no duplicates).
import { StoreError } from "./store-error.js";

export const MAX_PAGE_SIZE = 500;
const PREFIX = "lic1:";

export function encodeCursor(lastIdentifier: string): string {
  return Buffer.from(PREFIX + lastIdentifier, "utf8").toString("base64url");
}

/** Returns the identifier after which the page starts, or null for the first page. */
export function decodeCursor(after: string | undefined): string | null {
  if (after === undefined) return null;
  const text = Buffer.from(after, "base64url").toString("utf8");
  if (!text.startsWith(PREFIX) || text.length === PREFIX.length)
    throw new StoreError(
      "REG_STORE_BAD_QUERY",
      "The page cursor is not one this registry issued: start again from the first page.",
    );
  return text.slice(PREFIX.length);
}

export function checkPageSize(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
    throw new StoreError(
      "REG_STORE_BAD_QUERY",
      `Page size must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${limit}.`,
    );
}

/** Cuts a result fetched with limit + 1 rows into a page. */
export function toPage<T extends { identifier: string }>(
  rows: T[],
  limit: number,
): { items: T[]; next?: string } {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return last ? { items, next: encodeCursor(last.identifier) } : { items };
}
