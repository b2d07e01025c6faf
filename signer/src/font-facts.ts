// The signer's font entry (@elicence/signer/fonts): what the registry asks of the licence fonts before anything is
// rendered (which characters they cannot draw, the fallback font an operator may set), without loading the renderer,
// the PDF engine and the sealing stack the package index brings (the issue rules run in every registry process, and
// the pages' type check reaches them through the API's response types).
export { undrawableChars } from "./render/font-coverage.js";
export { fallbackFontPath, useFallbackFont } from "./render/fonts.js";
