// Types of dependency-direction.js (plain JavaScript: eslint.config.js loads it without a TypeScript loader).
import type { Linter } from "eslint";

export declare const dependencyDirection: Linter.Config[];
