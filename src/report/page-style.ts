/**
 * The page's stylesheet: light and dark (the reader's system setting), one column that fits a phone, and a
 * print layout (light, no figure split across pages; page.ts opens every table before printing).
 */
export const PAGE_CSS = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --rule: #d1d9e0;
  --accent: #2f6fb3; --accent-2: #c2571a; --stripe: #f6f8fa; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --rule: #3d444d; --accent: #5ca0e6;
    --accent-2: #f0883e; --stripe: #151b23; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 760px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
h3 { font-size: 1.05rem; margin: 0 0 4px; }
p, figcaption { color: var(--muted); }
nav a { margin-right: 0.8em; color: var(--accent); white-space: nowrap; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0.5rem 0 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
figure { margin: 1.5rem 0; break-inside: avoid; }
figure svg { display: block; max-width: 100%; height: auto; --plot-background: var(--bg); }
figure svg [aria-label="bar"], figure svg [aria-label="rect"] { fill: var(--accent); }
figure svg [aria-label="dot"], figure svg [aria-label="line"] { color: var(--accent); }
figure svg .cutoff { stroke: var(--accent-2); }
figure.empty .none { font-style: italic; }
details { margin-top: 4px; }
summary { cursor: pointer; color: var(--accent); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.85rem; margin-top: 4px; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 2px 10px 2px 0; border-bottom: 1px solid var(--rule); vertical-align: top; }
td.num, th.num { text-align: right; }
tbody tr:nth-child(even) { background: var(--stripe); }
footer { margin: 2rem 0; color: var(--muted); font-size: 0.85rem; overflow-wrap: anywhere; }
@media print {
  :root { color-scheme: light; --bg: #ffffff; --fg: #000000; --muted: #333333; --rule: #bbbbbb; --stripe: #ffffff; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  details > summary { display: none; }
  h2 { break-after: avoid; }
}
`;
