// ARIA tabs (WAI-ARIA Authoring Practices): one tab stop for the list, arrow keys and Home/End move between tabs,
// activation on move; each tab shows its panel and hides the others.

export function bindTabs(list: HTMLElement, onSelect: (panelId: string) => void): (tabId: string) => void {
  const tabs = [...list.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const select = (tab: HTMLButtonElement, focus: boolean) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      const panel = document.getElementById(t.getAttribute("aria-controls") ?? "");
      if (panel) panel.hidden = !on;
    }
    if (focus) tab.focus();
    onSelect(tab.getAttribute("aria-controls") ?? "");
  };
  for (const [i, tab] of tabs.entries()) {
    tab.addEventListener("click", () => select(tab, false));
    tab.addEventListener("keydown", (e) => {
      const to =
        e.key === "ArrowRight"
          ? tabs[(i + 1) % tabs.length]
          : e.key === "ArrowLeft"
            ? tabs[(i - 1 + tabs.length) % tabs.length]
            : e.key === "Home"
              ? tabs[0]
              : e.key === "End"
                ? tabs[tabs.length - 1]
                : undefined;
      if (!to) return;
      e.preventDefault();
      select(to, true);
    });
  }
  return (tabId) => {
    const tab = tabs.find((t) => t.id === tabId);
    if (tab) select(tab, false);
  };
}
