// ESLint flat config: typescript-eslint with type information (no-floating-promises matters in async crypto code).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { dependencyDirection } from "./scripts/lint/dependency-direction.js";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "data/**",
      "dist/**",
      "coverage/**",
      "verifier-web/dist/**",
      "bench-results/**",
      "test-artifacts/**",
      "**/*.mjs",
      "eslint.config.js",
      "scripts/lint/dependency-direction.js",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/restrict-template-expressions": [
        "error",
        { allowNumber: true, allowBoolean: true },
      ],
    },
  },
  ...dependencyDirection,
);
