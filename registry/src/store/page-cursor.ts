// Keyset paging shared by both adapters: listLicences pages by identifier, listSealUsage by the ledger's seq. The
// cursor is the last key seen, so inserts between pages never shift a page (no gaps, no duplicates).
import { StoreError } from "./store-error.js";

export const MAX_PAGE_SIZE = 500;
const PREFIX = "lic1:";
/** A different prefix per list, so a cursor from one list is refused by another instead of misread. */
const SEQ_PREFIX = "seq1:";

function badCursor(): StoreError {
  return new StoreError(
    "REG_STORE_BAD_QUERY",
    "The page cursor is not one this registry issued: start again from the first page.",
  );
}

export function encodeCursor(lastIdentifier: string): string {
  return Buffer.from(PREFIX + lastIdentifier, "utf8").toString("base64url");
}

/** Returns the identifier after which the page starts, or null for the first page. */
export function decodeCursor(after: string | undefined): string | null {
  if (after === undefined) return null;
  const text = Buffer.from(after, "base64url").toString("utf8");
  if (!text.startsWith(PREFIX) || text.length === PREFIX.length) throw badCursor();
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

export function encodeSeqCursor(lastSeq: number): string {
  return Buffer.from(SEQ_PREFIX + String(lastSeq), "utf8").toString("base64url");
}

/** Returns the seq after which the page starts, or null for the first page. */
export function decodeSeqCursor(after: string | undefined): number | null {
  if (after === undefined) return null;
  const text = Buffer.from(after, "base64url").toString("utf8");
  const digits = text.startsWith(SEQ_PREFIX) ? text.slice(SEQ_PREFIX.length) : "";
  const seq = Number(digits);
  if (!/^[1-9][0-9]*$/.test(digits) || !Number.isSafeInteger(seq)) throw badCursor();
  return seq;
}

/** Cuts a result ordered by seq and fetched with limit + 1 rows into a page. */
export function toSeqPage<T extends { seq: number }>(
  rows: T[],
  limit: number,
): { items: T[]; next?: string } {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return last ? { items, next: encodeSeqCursor(last.seq) } : { items };
}

/** Audit events by action page by (at, seq): the time the range is on, then seq for events of the same instant. */
const AT_SEQ_PREFIX = "aus1:";

export function encodeAtSeqCursor(at: string, seq: number): string {
  return Buffer.from(`${AT_SEQ_PREFIX}${seq}|${at}`, "utf8").toString("base64url");
}

/** Returns the (at, seq) after which the page starts, or null for the first page. */
export function decodeAtSeqCursor(after: string | undefined): { at: string; seq: number } | null {
  if (after === undefined) return null;
  const text = Buffer.from(after, "base64url").toString("utf8");
  const m = text.startsWith(AT_SEQ_PREFIX)
    ? /^([1-9][0-9]*)\|(.+)$/su.exec(text.slice(AT_SEQ_PREFIX.length))
    : null;
  const seq = Number(m?.[1]);
  if (!m?.[2] || !Number.isSafeInteger(seq)) throw badCursor();
  return { at: m[2], seq };
}

/** Cuts a result ordered by (at, seq) and fetched with limit + 1 rows into a page. */
export function toAtSeqPage<T extends { at: string; seq: number }>(
  rows: T[],
  limit: number,
): { items: T[]; next?: string } {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return last ? { items, next: encodeAtSeqCursor(last.at, last.seq) } : { items };
}
