// Public surface of licence rendering: the signer's index re-exports this.
export { renderLicence, GENERATED_NOTICE, PRODUCER } from "./render-licence.js";
export type { RenderInput, RenderedLicence } from "./render-licence.js";
export { describeLicence } from "./describe-licence.js";
export type { DescribeInput } from "./describe-licence.js";
export type {
  LicenceDescription,
  DescribedPage,
  PageItem,
  TextItem,
  BoxItem,
  QrItem,
  Rgb,
  FontWeightName,
} from "./page-description.js";
export { loadTemplate } from "./load-template.js";
export type { LoadedTemplate } from "./load-template.js";
export { parseLayout, pageSizeMm, LICENCE_REFS } from "./layout.js";
export type {
  Layout,
  LayoutTypeInfo,
  Row,
  FooterLine,
  HeaderLine,
  BodyStyle,
  Column,
  PageSize,
  LicenceRef,
} from "./layout.js";
export { renderTypeFromTypeJson, defaultLabel } from "./render-type.js";
export type { RenderType } from "./render-type.js";
export type { RenderLicenceData } from "./licence-values.js";
export { LONG_TERM } from "./licence-values.js";
export {
  loadFonts,
  embedSubset,
  embedWithFallback,
  fallbackFontPath,
  subsetStats,
  uniqueChars,
  useFallbackFont,
} from "./fonts.js";
export type { EmbeddedFonts, FontSet, LoadedFont, SubsetStats } from "./fonts.js";
export { createSealAppearance, drawSealOnPage, sealText, SEAL_RED } from "./seal.js";
export type { SealSpec } from "./seal.js";
export { qrMatrix, qrVersion, QR_QUIET_ZONE_MODULES } from "./qr.js";
export type { QrMatrix } from "./qr.js";
export { RenderError, RENDER_ERROR_CODES } from "./render-errors.js";
export type { RenderErrorCode, LayoutIssue } from "./render-errors.js";
