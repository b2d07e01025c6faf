// A tiny node:http stand-in for the app's PKI routes (OCSP, CRLs, CA certificates), so validators that go online
// (pdfsig's OCSP check, openssl ocsp -url) reach the dev PKI under test. node:http on purpose: signer must not
// depend on the app's web framework.
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Pki } from "../../src/pki/pki.js";

export interface PkiServerRequest {
  method: string;
  path: string;
  contentType: string | undefined;
  status: number;
}

export interface PkiServer {
  port: number;
  /** http://127.0.0.1:<port>: what the PKI's CRL DP, OCSP and caIssuers URLs are built from. */
  baseUrl: string;
  /** Connects the server to the PKI once it exists (the PKI is created after the server: it needs the port). */
  serve(pki: Pki): void;
  /** Every request answered so far, oldest first. */
  readonly requests: PkiServerRequest[];
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

interface Reply {
  status: number;
  type?: string;
  body?: Uint8Array | string;
}

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error("request body too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on("error", reject);
  });
}

/** Starts the server on a free 127.0.0.1 port. Responses are made with the real clock, as validators check them. */
export async function startPkiServer(): Promise<PkiServer> {
  let pki: Pki | undefined;
  const requests: PkiServerRequest[] = [];

  const answer = async (req: IncomingMessage): Promise<Reply> => {
    if (!pki) return { status: 503 };
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    if (path === "/pki/ocsp" && req.method === "POST") {
      if (req.headers["content-type"] !== "application/ocsp-request") return { status: 415 };
      const der = await readBody(req);
      return { status: 200, type: "application/ocsp-response", body: await pki.respondOcsp(der, new Date()) };
    }
    if (req.method !== "GET") return { status: 405 };
    const crl = /^\/pki\/crl\/(root|issuing)\.crl$/u.exec(path);
    if (crl) {
      const ca = crl[1] as "root" | "issuing";
      return { status: 200, type: "application/pkix-crl", body: await pki.buildCrl({ ca, now: new Date() }) };
    }
    if (path === "/pki/certs/root.pem")
      return { status: 200, type: "application/x-pem-file", body: pki.rootPem };
    if (path === "/pki/certs/issuing.pem")
      return { status: 200, type: "application/x-pem-file", body: pki.issuingPem };
    return { status: 404 };
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    answer(req)
      .catch((): Reply => ({ status: 500 }))
      .then((r) => {
        requests.push({
          method: req.method ?? "",
          path: req.url ?? "",
          contentType: req.headers["content-type"],
          status: r.status,
        });
        res.statusCode = r.status;
        if (r.type) res.setHeader("content-type", r.type);
        res.end(r.body ?? "");
      })
      .catch(() => res.destroy());
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    serve: (p) => {
      pki = p;
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
