// One vitest run covers every workspace: unit tests beside the code, integration tests in <component>/test/.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "core/**/*.test.ts",
      "registry/**/*.test.ts",
      "signer/**/*.test.ts",
      "verifier-web/**/*.test.ts",
      "scripts/**/*.test.ts",
    ],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
