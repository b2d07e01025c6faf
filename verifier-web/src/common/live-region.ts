// The desk's and the holder page's polite live region (#announce): what changed without moving focus (signed in,
// signed out, a licence opened), said to screen readers.

/** A function that says `text` through `region`. */
export function announcer(region: HTMLElement): (text: string) => void {
  return (text) => {
    region.textContent = "";
    // A fresh text node after a tick: screen readers announce a change, not a node that was already there.
    window.setTimeout(() => (region.textContent = text), 50);
  };
}
