// QR matrix, segmentation and version reporting for licence payloads: the fewest-bit segments, a capacity table
// that agrees with the qrcode library, and symbols that zbarimg reads as exactly the text given.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { toolsAvailable } from "../../../test-support/tools.js";
import { DATA_CODEWORDS_M, qrMatrix, qrPlan, qrVersion, QR_QUIET_ZONE_MODULES, type QrMatrix } from "./qr.js";
import { RenderError } from "./render-errors.js";

/** What zbarimg reads off the symbol drawn as a plain bitmap (PBM, 4 px a module, quiet zone included). */
function decoded(m: QrMatrix, dir: string): string {
  const px = 4;
  const side = (m.size + 2 * QR_QUIET_ZONE_MODULES) * px;
  const rows: string[] = [];
  for (let y = 0; y < side; y++) {
    let row = "";
    for (let x = 0; x < side; x++) {
      const r = Math.floor(y / px) - QR_QUIET_ZONE_MODULES;
      const c = Math.floor(x / px) - QR_QUIET_ZONE_MODULES;
      row += r >= 0 && c >= 0 && r < m.size && c < m.size && m.isDark(r, c) ? "1" : "0";
    }
    rows.push(row);
  }
  const file = path.join(dir, "qr.pbm");
  writeFileSync(file, `P1\n${side} ${side}\n${rows.join("\n")}\n`);
  // stderr ignored: zbarimg complains about D-Bus, which containers lack. --raw prints the text and a newline.
  return execFileSync("zbarimg", ["--raw", "-q", file], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  }).replace(/\n$/u, "");
}

// A format 2 signed QR URL as the registry prints it (sizes as for the largest catalogue record).
const SIGNED =
  "https://ZWFW.HAIFENG.GOV.CN/v#11100000MB0143028R013.7K2M9QX4ZP1A.1.QRG2EAJGAREACAQDAQCQMBYIUBMDTJQGDJVB2UIYECBGHZVRSUCCDA3IHEYTINBRGUZDCBTEKRBFQURCDFIH2IYZK6PCIUFLZXXRENCWPCIKXTPPCI2FM6EQLBAO3TLOE7LTXXQBPYFJDUCHBPCQPTQUMZMPHBD7RG6U3V2AKSWK2ZPHERMYOGHIIMZWHSEGYGAE6QBM2Y22SLZ556ADOCK5TIUQOUBX5A";

describe("qr", () => {
  it("reports the version a payload needs at level M", () => {
    expect(qrVersion("https://v.example/1")).toBe(2);
    const url = `https://verify.elicence.example/v/1.2.156.3005.2.11100000MB0143028R001.11441521MB2C97310M.2430599.001.U#k=${"A".repeat(43)}`;
    const m = qrMatrix(url);
    expect(m.size).toBe(17 + 4 * m.version);
    expect(m.version).toBeGreaterThanOrEqual(6);
    // Finder pattern corner is dark.
    expect(m.isDark(0, 0)).toBe(true);
  });

  it("throws SIG_RENDER_QR_TOO_LONG for a payload beyond version 40", () => {
    expect(() => qrMatrix("x".repeat(5000))).toThrow(RenderError);
  });

  it("has the data capacity of every version at level M that the qrcode library has", () => {
    const require = createRequire(import.meta.url);
    const { getCapacity } = require("qrcode/lib/core/version.js") as {
      getCapacity: (version: number, ecl: unknown, mode: unknown) => number;
    };
    const { M } = require("qrcode/lib/core/error-correction-level.js") as { M: unknown };
    const { MIXED } = require("qrcode/lib/core/mode.js") as { MIXED: unknown };
    expect(DATA_CODEWORDS_M).toHaveLength(40);
    DATA_CODEWORDS_M.forEach((codewords, i) =>
      expect(codewords * 8, `version ${i + 1}`).toBe(getCapacity(i + 1, M, MIXED)),
    );
  });

  it("segments a signed QR URL into byte, alphanumeric and numeric runs: version 10", () => {
    const plan = qrPlan(SIGNED);
    expect(plan?.segments.map((s) => [s.mode, s.text.length])).toEqual([
      ["byte", 5], // https
      ["alphanumeric", 23], // ://ZWFW.HAIFENG.GOV.CN/
      ["byte", 2], // v#
      ["numeric", 8], // 11100000
      ["alphanumeric", SIGNED.length - 38],
    ]);
    expect(plan?.segments.map((s) => s.text).join("")).toBe(SIGNED);
    expect(plan?.version).toBe(10);
    expect(plan?.bits).toBeLessThanOrEqual(plan?.capacityBits ?? 0);
    // The library, given the same segments, picks the same version; given only the text it does no better.
    const segments = (plan?.segments ?? []).map((s): QRCode.QRCodeSegment =>
      s.mode === "byte" ? { mode: "byte", data: Buffer.from(s.text) } : { mode: s.mode, data: s.text },
    );
    expect(QRCode.create(segments, { errorCorrectionLevel: "M" }).version).toBe(10);
    expect(QRCode.create(SIGNED, { errorCorrectionLevel: "M" }).version).toBeGreaterThanOrEqual(10);
    // A lower-case host puts the whole prefix in byte mode: 22 bits more, most of what the largest record has spare.
    const lower = qrPlan(SIGNED.replace("ZWFW.HAIFENG.GOV.CN", "zwfw.haifeng.gov.cn"));
    expect(lower?.segments[0]).toEqual({ mode: "byte", text: "https://zwfw.haifeng.gov.cn/v#" });
    expect((lower?.bits ?? 0) - (plan?.bits ?? 0)).toBe(22);
  });

  it.skipIf(!toolsAvailable("qr symbols read back", "zbarimg"))(
    "draws symbols that read back as exactly the text: mixed segments, digits, Chinese",
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), "elicence-qr-"));
      try {
        for (const text of [SIGNED, "证照 ABC 1234567890 abc", "12345678901234567890", "HTTPS://A.B/V#X"])
          expect(decoded(qrMatrix(text), dir), text).toBe(text);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
