/** The report as one HTML document: sections of facts and figures, the CSS inline, no external resource. */
import type { Figure, Section } from './figure.js';
import { PAGE_CSS } from './page-style.js';

/** Tables longer than this start folded (a click, or printing, opens them). */
const OPEN_TABLE_ROWS = 25;

// Printing shows folded tables too: a browser prints a closed <details> closed.
const PRINT_SCRIPT =
  "addEventListener('beforeprint',()=>{for(const d of document.querySelectorAll('details'))d.open=true});";

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

const NUMERIC = /^[-+]?[\d,.]+( ?[%×kMGTP]?B?(\/s)?)?$/;

function tableHtml(figure: Figure): string {
  const { header, rows } = figure.table;
  if (rows.length === 0) return '';
  const numeric = header.map((_, i) => rows.every((r) => NUMERIC.test(r[i] ?? '')));
  const cell = (tag: string, text: string, i: number): string =>
    `<${tag}${numeric[i] ? ' class="num"' : ''}>${escapeHtml(text)}</${tag}>`;
  const head = `<thead><tr>${header.map((h, i) => cell('th', h, i)).join('')}</tr></thead>`;
  const body = rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`).join('\n');
  const open = rows.length <= OPEN_TABLE_ROWS ? ' open' : '';
  return (
    `<details${open}><summary>the numbers (${rows.length} rows)</summary>` +
    `<div class="table-wrap"><table>${head}<tbody>\n${body}\n</tbody></table></div></details>`
  );
}

function figureHtml(f: Figure): string {
  const chart = f.svg ?? '<p class="none">nothing to draw</p>';
  return [
    `<figure id="${escapeHtml(f.id)}" data-mark="${escapeHtml(f.mark)}"${f.svg === null ? ' class="empty"' : ''}>`,
    `<h3>${escapeHtml(f.title)}</h3>`,
    `<figcaption>${escapeHtml(f.caption)}</figcaption>`,
    chart,
    tableHtml(f),
    '</figure>',
  ].join('\n');
}

function sectionHtml(s: Section): string {
  const facts =
    s.facts.length === 0
      ? ''
      : `<dl class="facts">${s.facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
  return [
    `<section id="${escapeHtml(s.id)}">`,
    `<h2>${escapeHtml(s.title)}</h2>`,
    facts,
    ...s.figures.map(figureHtml),
    '</section>',
  ].join('\n');
}

export interface PageInput {
  title: string;
  subtitle: string;
  sections: Section[];
  footer: string;
}

export function pageHtml(p: PageInput): string {
  const nav = p.sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`).join(' ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(p.title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<main>
<h1>${escapeHtml(p.title)}</h1>
<p>${escapeHtml(p.subtitle)}</p>
<nav>${nav}</nav>
${p.sections.map(sectionHtml).join('\n')}
<footer>${escapeHtml(p.footer)}</footer>
</main>
<script>${PRINT_SCRIPT}</script>
</body>
</html>
`;
}
