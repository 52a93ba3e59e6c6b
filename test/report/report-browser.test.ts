/**
 * The demo's report opened in a real headless chromium, from disk, with the network blocked: the page makes no
 * request, logs no error, and every chart draws one mark per row of the table under it. The licenses chart
 * is also checked against the catalog itself: the licenses the derivation makes of each stored item, counted
 * here in plain JS rather than by the report's SQL. Screenshots (light, dark, phone) go to
 * test-artifacts/report/ (gitignored).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { catalogPath } from '../../src/catalog/index.js';
import { deriveRelations } from '../../src/crawl/derive-relations.js';
import { recordFromStoredItem } from '../../src/hub/mappers/map-stored-item.js';
import { reportPath } from '../../src/report/index.js';
import { CHROMIUM, openChromium } from '../helpers/chromium.js';
import { runCli } from '../helpers/run-cli.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'report');
const FIGURES = [
  'created',
  'rank',
  'likes',
  'licenses',
  'libraries',
  'tasks',
  'architectures',
  'model-types',
  'languages',
  'parameters',
  'access',
  'relations',
  'depths',
  'bases',
  'states',
  'reasons',
  'disk',
  'throughput',
  'largest',
];

let dataDir: string;
let url: string;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hft-report-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  const r = await runCli(['demo', '--models', '400', '--top', '40', '--data-dir', dataDir, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  url = pathToFileURL(reportPath(dataDir)).href;
});
after(() => rmSync(dataDir, { recursive: true, force: true }));

/** Distinct licenses of the catalogued models (and "(none)"), counted without the report's SQL. */
function licensesInCatalog(): number {
  const db = new Database(catalogPath(dataDir), { readonly: true });
  try {
    const licenses = new Set<string>();
    for (const row of db.prepare<[], { raw: string }>('SELECT raw FROM models').iterate()) {
      const names = deriveRelations(recordFromStoredItem(row.raw, 'a stored model')).licenses.map(
        (l) => l.name,
      );
      for (const name of names.length > 0 ? names : ['(none)']) licenses.add(name);
    }
    return licenses.size;
  } finally {
    db.close();
  }
}

interface DrawnFigure {
  id: string;
  marks: number;
  rows: number;
  hasSvg: boolean;
}

test('the report draws every chart offline, one mark per table row, with no console error', async (t) => {
  const browser = await openChromium();
  if (browser === null) return t.skip(`${CHROMIUM} is not installed (apt-get install chromium)`);
  try {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url, { waitUntil: 'load' });

    const figures = await page.$$eval('figure[data-mark]', (nodes) =>
      nodes.map((f) => {
        const mark = f.getAttribute('data-mark') ?? '';
        return {
          id: f.id,
          marks: f.querySelectorAll(`svg [aria-label="${mark}"] > *`).length,
          rows: f.querySelectorAll('table tbody tr').length,
          hasSvg: f.querySelector('svg') !== null,
        };
      }),
    );
    assert.deepEqual(
      figures.map((f: DrawnFigure) => f.id),
      FIGURES,
    );
    for (const f of figures as DrawnFigure[]) {
      assert.ok(f.hasSvg, `${f.id}: no chart`);
      assert.ok(f.rows > 0, `${f.id}: no table rows`);
      assert.equal(f.marks, f.rows, `${f.id}: ${f.marks} marks for ${f.rows} rows`);
    }
    const licenses = figures.find((f: DrawnFigure) => f.id === 'licenses') as DrawnFigure;
    const distinct = licensesInCatalog();
    assert.equal(licenses.marks, Math.min(distinct, 20) + (distinct > 20 ? 1 : 0));
    assert.equal(await page.locator('#rank svg .cutoff').count(), 1, 'the selection cut-off is marked');

    await page.screenshot({ path: join(ARTIFACTS, 'light.png'), fullPage: true });
    assert.deepEqual(errors, []);
    assert.deepEqual(browser.blocked, [], 'the page asked for nothing outside the file');
  } finally {
    await browser.close();
  }
});

test('the report fits a phone and follows a dark system theme', async (t) => {
  const browser = await openChromium({ colorScheme: 'dark', viewport: { width: 390, height: 844 } });
  if (browser === null) return t.skip(`${CHROMIUM} is not installed (apt-get install chromium)`);
  try {
    const page = await browser.context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    // A string: this project compiles without the DOM lib, and this runs in the page.
    const layout = await page.evaluate<{ scrollWidth: number; background: string; widestChart: number }>(`({
      scrollWidth: document.documentElement.scrollWidth,
      background: getComputedStyle(document.body).backgroundColor,
      widestChart: Math.max(...[...document.querySelectorAll('figure svg')].map((s) => s.getBoundingClientRect().width)),
    })`);
    assert.ok(layout.scrollWidth <= 390, `the page is ${layout.scrollWidth} px wide on a 390 px phone`);
    assert.ok(layout.widestChart <= 390, `a chart is ${layout.widestChart} px wide`);
    assert.equal(layout.background, 'rgb(13, 17, 23)', 'dark background');
    await page.screenshot({ path: join(ARTIFACTS, 'phone-dark.png'), fullPage: false });
  } finally {
    await browser.close();
  }
});
