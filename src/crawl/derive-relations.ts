/**
 * The one place that turns a listed model into the catalog's normalized relations: authors, licenses,
 * datasets, papers, languages, libraries, tags, architectures, base-model lineage and parameter counts. Pure
 * and request-free: everything comes from the listing item (tags, `cardData`, `config`, `safetensors`).
 *
 * The Hub states most facts twice, once as a prefixed tag (`license:mit`, `dataset:squad`, `arxiv:2106.09685`,
 * `base_model:finetune:org/name`) and once in the model card's front matter (`license`, `datasets`,
 * `base_model`, `base_model_relation`); each fact is kept once, with `source` saying which of the two said it.
 */
import type {
  BaseModelEdge,
  BaseModelRelation,
  FactSource,
  LicenseRef,
  ModelRecord,
  ModelRelations,
  NamedRef,
  PaperRef,
} from '../types.js';
import { isLanguageCode } from './language-codes.js';

const TYPED_RELATIONS: ReadonlySet<string> = new Set(['finetune', 'adapter', 'quantized', 'merge']);

export function deriveRelations(model: ModelRecord): ModelRelations {
  const card = model.cardData ?? {};
  const tags = new Refs<NamedRef>();
  const licenses = new Refs<LicenseRef>();
  const datasets = new Refs<NamedRef>();
  const papers = new Refs<PaperRef>();
  const languages = new Refs<NamedRef>();
  const lineage = new Lineage();

  for (const tag of model.tags) {
    tags.add({ name: tag, source: 'tag' });
    const colon = tag.indexOf(':');
    if (colon < 0) {
      if (isLanguageCode(tag)) languages.add({ name: tag, source: 'tag' });
      continue;
    }
    const prefix = tag.slice(0, colon);
    const value = tag.slice(colon + 1).trim();
    if (value === '') continue;
    if (prefix === 'license') licenses.add(license(value, 'tag'));
    else if (prefix === 'dataset') datasets.add({ name: value, source: 'tag' });
    else if (prefix === 'arxiv' || prefix === 'doi') addPaper(papers, tag, 'tag');
    else if (prefix === 'base_model') lineage.addTag(value);
  }

  const licenseName = cardString(card['license_name']);
  const licenseLink = cardString(card['license_link']);
  for (const name of cardStrings(card['license'])) licenses.add(license(name, 'card'));
  for (const ref of licenses.values()) {
    if (ref.name === 'other') Object.assign(ref, { licenseName, licenseLink });
  }
  for (const name of cardStrings(card['datasets'])) datasets.add({ name, source: 'card' });
  for (const name of cardStrings(card['language']))
    languages.add({ name: name.toLowerCase(), source: 'card' });
  for (const id of cardStrings(card['arxiv'])) addPaper(papers, `arxiv:${id}`, 'card');
  lineage.addCard(cardStrings(card['base_model']), cardString(card['base_model_relation']));

  const libraries = new Refs<NamedRef>();
  if (model.libraryName !== null) libraries.add({ name: model.libraryName, source: 'listing' });
  const cardLibrary = cardString(card['library_name']);
  if (cardLibrary !== null) libraries.add({ name: cardLibrary, source: 'card' });

  const author = model.author ?? (model.id.includes('/') ? model.id.slice(0, model.id.indexOf('/')) : null);
  const architectures = new Refs<NamedRef>();
  for (const name of configArchitectures(model.config)) architectures.add({ name, source: 'config' });

  return {
    authors: author === null ? [] : [{ name: author, source: 'listing' }],
    licenses: licenses.values(),
    datasets: datasets.values(),
    papers: papers.values(),
    languages: languages.values(),
    libraries: libraries.values(),
    tags: tags.values(),
    architectures: architectures.values(),
    baseModels: lineage.edges(),
    parameters: Object.entries(model.safetensors?.parameters ?? {}).map(([dtype, count]) => ({
      dtype,
      count,
    })),
  };
}

/** Refs by name, in first-seen order; a name said again from another source gets both sources. */
class Refs<T extends NamedRef> {
  private readonly byName = new Map<string, T>();

  add(ref: T): void {
    const seen = this.byName.get(ref.name);
    if (seen === undefined) this.byName.set(ref.name, ref);
    else seen.source = mergeSources(seen.source, ref.source);
  }

  values(): T[] {
    return [...this.byName.values()];
  }
}

function mergeSources(a: FactSource, b: FactSource): FactSource {
  if (a === b || a === 'card+tag') return a;
  if ((a === 'card' && b === 'tag') || (a === 'tag' && b === 'card')) return 'card+tag';
  return a;
}

/** Base-model edges: typed tags win over the untyped `base_model:<id>` tag and the card's relation. */
class Lineage {
  private readonly relations = new Map<string, { relation: BaseModelRelation; source: FactSource }>();

  addTag(value: string): void {
    const colon = value.indexOf(':');
    // Repo ids never contain ':', so `<relation>:<id>` is unambiguous.
    const typed = colon > 0 && TYPED_RELATIONS.has(value.slice(0, colon));
    const id = normalizeRepoId(typed ? value.slice(colon + 1) : value);
    if (id === null) return;
    const relation = typed ? (value.slice(0, colon) as BaseModelRelation) : 'unknown';
    const seen = this.relations.get(id);
    if (seen === undefined) this.relations.set(id, { relation, source: 'tag' });
    else if (seen.relation === 'unknown') seen.relation = relation;
  }

  addCard(ids: readonly string[], relationText: string | null): void {
    const declared = relationText?.toLowerCase() ?? '';
    const relation: BaseModelRelation = TYPED_RELATIONS.has(declared)
      ? (declared as BaseModelRelation)
      : 'unknown';
    for (const raw of ids) {
      const id = normalizeRepoId(raw);
      if (id === null) continue;
      const seen = this.relations.get(id);
      if (seen === undefined) {
        this.relations.set(id, { relation, source: 'card' });
      } else {
        seen.source = mergeSources(seen.source, 'card');
        if (seen.relation === 'unknown') seen.relation = relation;
      }
    }
  }

  edges(): BaseModelEdge[] {
    return [...this.relations].map(([baseId, { relation, source }]) => ({ baseId, relation, source }));
  }
}

/** A repo id as cards write it: bare, or as a Hub URL. Null for what cannot be one. */
export function normalizeRepoId(value: string): string | null {
  let id = value.trim().replace(/^https?:\/\/[^/]+\//, '');
  id = id.replace(/\/+$/, '');
  if (id === '' || id.includes(' ') || id.split('/').length > 2) return null;
  return id;
}

function license(name: string, source: FactSource): LicenseRef {
  return { name: name.trim().toLowerCase(), source, licenseName: null, licenseLink: null };
}

/**
 * `arxiv:2106.09685v2` → `arxiv:2106.09685`; old-style ids (`arxiv:hep-th/9901001`) are kept; `doi:` values
 * are lower-cased (DOIs are case-insensitive) and lose a `https://doi.org/` prefix.
 */
export function normalizePaper(tag: string): PaperRef | null {
  const colon = tag.indexOf(':');
  const kind = tag.slice(0, colon).toLowerCase();
  let value = tag
    .slice(colon + 1)
    .trim()
    .toLowerCase();
  if (kind === 'arxiv') {
    value = value
      .replace(/^https?:\/\/arxiv\.org\/(abs|pdf)\//, '')
      .replace(/\.pdf$/, '')
      .replace(/v\d+$/, '');
    if (!/^(\d{4}\.\d{4,5}|[a-z-]+(\.[a-z]{2})?\/\d{7})$/.test(value)) return null;
    return { name: `arxiv:${value}`, source: 'tag', arxivId: value, doi: null };
  }
  if (kind === 'doi') {
    value = value.replace(/^https?:\/\/(dx\.)?doi\.org\//, '');
    if (!/^10\.\d{4,9}\/\S+$/.test(value)) return null;
    return { name: `doi:${value}`, source: 'tag', arxivId: null, doi: value };
  }
  return null;
}

function addPaper(papers: Refs<PaperRef>, tag: string, source: FactSource): void {
  const paper = normalizePaper(tag);
  if (paper !== null) papers.add({ ...paper, source });
}

/** Cards write `datasets: squad` as often as `datasets: [squad]`; keep the non-empty strings. */
function cardStrings(value: unknown): string[] {
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  const out: string[] = [];
  for (const v of list) if (typeof v === 'string' && v.trim() !== '') out.push(v.trim());
  return out;
}

function cardString(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function configArchitectures(config: Record<string, unknown> | null): string[] {
  return config === null ? [] : cardStrings(config['architectures']);
}
