// The direction the workspaces may depend on each other, enforced by ESLint (eslint.config.js spreads these configs):
//
//   core  ←  signer  ←  registry  ←  scripts        verifier-web (the pages) ←  core, signer's browser entry
//
// - core imports nothing of ours; the signer only core; the registry core and the signer; scripts anything.
// - The pages' code (verifier-web/src, tests aside) takes core and @elicence/signer/browser, and of the registry only
//   the API's response types (`import type` from @elicence/registry/api): nothing of the registry is bundled.
// - A package is reached by its name, so through its package.json `exports` (each package's index plus the few
//   named entries documented there); a relative path into another package's src/ is refused everywhere. (TypeScript
//   already refuses a subpath the exports do not list; this keeps relative paths from going around them.)
// Test helpers (registry/test/support, signer/test/…, test-support/) are shared between test suites and not limited.
// scripts/lint/dependency-direction.test.ts runs ESLint on bad snippets to prove each rule fails when broken.
// Plain JavaScript (not TypeScript) because eslint.config.js loads it before any TypeScript tooling is up.

const PACKAGES = ["core", "signer", "registry", "verifier-web"];

/** A relative import into another package's sources: ../../registry/src/… */
const INTO_OTHER_SRC = {
  regex: `^(\\.\\./)+(${PACKAGES.join("|")})/src(/|$)`,
  message:
    "Import another workspace by its package name (@elicence/core, @elicence/signer, @elicence/registry), so through its index, not by a path into its src/.",
};

/** Import patterns `files` may not use (the relative-path rule always included: flat config replaces, not merges). */
function restrict(files, patterns, ignores = []) {
  const all = [...patterns, INTO_OTHER_SRC];
  return {
    files,
    ignores,
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: all }],
      // no-restricted-imports does not see import(): the same patterns, for dynamic imports.
      "no-restricted-syntax": [
        "error",
        ...all
          .filter((p) => !p.allowTypeImports)
          .map((p) => ({
            selector: `ImportExpression[source.value=/${p.regex.replaceAll("/", "\\/")}/]`,
            message: p.message,
          })),
      ],
    },
  };
}

const pkg = (names) => `^@elicence/(${names})(/|$)`;

export const dependencyDirection = [
  restrict(["**/*.ts"], []),
  restrict(
    ["core/**/*.ts"],
    [
      {
        regex: "^@elicence/",
        message:
          "core is the ground floor: it imports nothing of ours (move the shared rule into core instead).",
      },
    ],
  ),
  restrict(
    ["signer/**/*.ts"],
    [
      {
        regex: pkg("registry|verifier-web|templates"),
        message:
          "The signer depends on core only: pass what it needs from the registry in as an argument or a port.",
      },
    ],
  ),
  restrict(
    ["registry/**/*.ts"],
    [
      {
        regex: pkg("verifier-web|templates"),
        message: "The registry depends on core and the signer only; the pages are served as built files.",
      },
    ],
  ),
  restrict(
    ["verifier-web/src/**/*.ts"],
    [
      {
        regex: "^@elicence/registry(?!/api$)(/|$)",
        message:
          "The pages depend on core and the signer only; the registry's API response types come from @elicence/registry/api (import type).",
      },
      {
        regex: "^@elicence/registry/api$",
        allowTypeImports: true,
        message:
          "@elicence/registry/api is types only: use `import type`, so nothing of the registry is bundled.",
      },
      {
        regex: "^@elicence/signer(/(?!browser$).*)?$",
        message:
          "The pages take the signer's browser-safe entry, @elicence/signer/browser (the index loads PKCS#11, fonts and the PDF engine).",
      },
    ],
    ["verifier-web/src/**/*.test.ts"],
  ),
];
