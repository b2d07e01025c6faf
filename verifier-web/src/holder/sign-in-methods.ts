// The holder sign-in methods this page offers. One place to add a method (e.g. a national OIDC login): the page
// draws a choice when there is more than one.
import type { HolderSignInMethod } from "./sign-in-method.js";
import { shareCodeSignIn } from "./share-code-sign-in.js";

export function availableMethods(): HolderSignInMethod[] {
  return [shareCodeSignIn];
}
