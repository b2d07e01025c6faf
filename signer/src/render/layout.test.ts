// Layout validation: every problem reported at once, each naming the file and the field.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parseLayout } from "./layout.js";
import { RenderError } from "./render-errors.js";

const FILE = "templates/11100000MB0143028R001/layout.json";
const type = { fieldKeys: ["entityType", "registeredCapital"], requiredKeys: ["entityType"] };

async function businessLayout(): Promise<Record<string, unknown>> {
  return JSON.parse(
    await readFile(new URL("../../../templates/11100000MB0143028R001/layout.json", import.meta.url), "utf8"),
  ) as Record<string, unknown>;
}

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RenderError);
    const e = err as RenderError;
    expect(e.code).toBe("SIG_RENDER_LAYOUT_INVALID");
    expect(e.message).toContain(FILE);
    return e.details.map((d) => `${d.path}: ${d.message}`);
  }
  throw new Error("expected parseLayout to throw");
}

describe("parseLayout", () => {
  it("accepts the shipped business-licence layout", async () => {
    const layout = parseLayout(await businessLayout(), FILE);
    expect(layout.rows.length).toBeGreaterThan(4);
  });

  it("reports every bad field with its path", async () => {
    const json = await businessLayout();
    json.rows = [
      { field: "entityType", widthMm: "wide" },
      { field: "nosuchfield", widthMm: 50 },
      { field: "registeredCapital", widthMm: 50 },
      { field: "entityType", widthMm: 50, column: 7 },
      { field: "entityType", widthMm: 50, text: "{entityType" },
    ];
    (json.seal as Record<string, unknown>).diameterMm = 5;
    json.colour = "red";
    const issues = issuesOf(() => parseLayout(json, FILE, type));
    expect(issues).toEqual(
      expect.arrayContaining([
        "rows[0].widthMm: must be a number",
        expect.stringMatching(
          /^rows\[1\]\.field: unknown field "nosuchfield"; the type's fields are entityType, registeredCapital/,
        ),
        expect.stringMatching(/^rows\[2\]\.optional: field "registeredCapital" is not required/),
        "rows[3].column: column 7 does not exist (body.columns has 2)",
        expect.stringMatching(/^rows\[4\]\.text: unclosed "\{"/),
        "seal.diameterMm: 5 is outside 20–60",
        expect.stringMatching(/^colour: unknown property/),
      ]),
    );
  });

  it("flags positions outside the page and placeholders the type does not have", async () => {
    const json = await businessLayout();
    json.qr = { leftMm: 280, topMm: 20, sizeMm: 30 };
    json.footer = [{ text: "{nope}", xMm: 10, topMm: 400, sizePt: 8 }];
    json.rows = [{ field: "entityType", widthMm: 50 }];
    const issues = issuesOf(() => parseLayout(json, FILE, type));
    expect(issues).toEqual(
      expect.arrayContaining([
        "qr.sizeMm: x 310 mm is outside the page (0–297 mm)",
        expect.stringMatching(/^footer\[0\]\.text: unknown placeholder \{nope\}/),
        "footer[0]: y 400 mm is outside the page (0–210 mm)",
      ]),
    );
  });
});
