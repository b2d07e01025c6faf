// The dependency-direction rules (scripts/lint/dependency-direction.js) fail on each kind of wrong import and pass
// the right ones: ESLint's API lints small snippets as if they were files in each workspace, and the project's own
// eslint.config.js is checked to apply them.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import { dependencyDirection } from "./dependency-direction.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

// Only the direction rules, without type information: the snippets are not files of the TypeScript project.
const eslint = new ESLint({
  cwd: REPO_ROOT,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ["**/*.ts"],
      languageOptions: { parser: tseslint.parser },
      plugins: { "@typescript-eslint": tseslint.plugin },
    },
    ...dependencyDirection,
  ],
});

/** The messages ESLint gives `code` placed at `file` (relative to the repository root). */
async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? "parse"}: ${m.message}`);
}

describe("dependency direction", () => {
  it("core imports nothing of ours, by name, by path or dynamically", async () => {
    expect(await problems("core/src/x.ts", `import { RegistryError } from "@elicence/registry";\n`)).toEqual([
      expect.stringContaining("core is the ground floor"),
    ]);
    expect(
      await problems("core/src/x.ts", `import type { Bilingual } from "@elicence/signer/browser";\n`),
    ).toHaveLength(1);
    expect(await problems("core/src/x.ts", `export { x } from "../../signer/src/der/der-set.js";\n`)).toEqual(
      [expect.stringContaining("by its package name")],
    );
    expect(await problems("core/src/x.ts", `export const m = () => import("@elicence/signer");\n`)).toEqual([
      expect.stringMatching(/^no-restricted-syntax: core is the ground floor/),
    ]);
    expect(await problems("core/src/x.ts", `import { chinaDate } from "./china-date.js";\n`)).toEqual([]);
  });

  it("the signer takes core only", async () => {
    expect(await problems("signer/src/x.ts", `import { mod3736 } from "@elicence/core";\n`)).toEqual([]);
    expect(
      await problems("signer/src/x.ts", `import { loadConfig } from "@elicence/registry/offline";\n`),
    ).toEqual([expect.stringContaining("The signer depends on core only")]);
    expect(await problems("signer/test/x.test.ts", `export * from "@elicence/registry";\n`)).toHaveLength(1);
  });

  it("the registry takes core and the signer, never the pages", async () => {
    expect(
      await problems(
        "registry/src/x.ts",
        `import { chinaDate } from "@elicence/core";\nimport { SealingPool } from "@elicence/signer";\n`,
      ),
    ).toEqual([]);
    expect(
      await problems("registry/src/x.ts", `import { t } from "@elicence/verifier-web/src/i18n.js";\n`),
    ).toEqual([expect.stringContaining("The registry depends on core and the signer only")]);
  });

  it("the pages take core, the signer's browser entry and the registry's API types only", async () => {
    const page = "verifier-web/src/x.ts";
    expect(
      await problems(
        page,
        `import { formatChinaDate } from "@elicence/core";\nimport { verifyQrPayload } from "@elicence/signer/browser";\nimport type { LicenceView } from "@elicence/registry/api";\n`,
      ),
    ).toEqual([]);
    expect(await problems(page, `import { reasonWords } from "@elicence/registry";\n`)).toEqual([
      expect.stringContaining("The pages depend on core and the signer only"),
    ]);
    expect(await problems(page, `import { LicenceView } from "@elicence/registry/api";\n`)).toEqual([
      expect.stringContaining("types only"),
    ]);
    expect(await problems(page, `import { validatePdf } from "@elicence/signer/verify";\n`)).toEqual([
      expect.stringContaining("browser-safe entry"),
    ]);
    expect(await problems(page, `import { LicenceSealer } from "@elicence/signer";\n`)).toHaveLength(1);
    // The pages' own tests start a registry: they may use it.
    expect(
      await problems("verifier-web/src/x.test.ts", `import { loadCatalogue } from "@elicence/registry";\n`),
    ).toEqual([]);
  });

  it("scripts take everything, by package name only", async () => {
    expect(
      await problems(
        "scripts/x.ts",
        `import { buildApp } from "@elicence/registry";\nimport { validatePdf } from "@elicence/signer/verify";\n`,
      ),
    ).toEqual([]);
    expect(
      await problems(
        "scripts/cli/x.ts",
        `import { openSqliteStore } from "../../registry/src/store/sqlite-store.js";\n`,
      ),
    ).toEqual([expect.stringContaining("by its package name")]);
    // Shared test helpers are not package surface.
    expect(
      await problems(
        "scripts/cli/x.test.ts",
        `import { startHarness } from "../../registry/test/support/harness.js";\n`,
      ),
    ).toEqual([]);
  });

  it("the project's eslint.config.js applies these rules", async () => {
    const project = new ESLint({ cwd: REPO_ROOT });
    for (const file of [
      "core/src/index.ts",
      "signer/src/index.ts",
      "registry/src/index.ts",
      "verifier-web/src/i18n.ts",
    ]) {
      const config = (await project.calculateConfigForFile(path.join(REPO_ROOT, file))) as {
        rules: Record<string, unknown>;
      };
      expect(config.rules["@typescript-eslint/no-restricted-imports"], file).toBeDefined();
      expect(config.rules["no-restricted-syntax"], file).toBeDefined();
    }
  });
});
