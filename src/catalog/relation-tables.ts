/**
 * The normalized relations that have a name table and a per-snapshot link table, as the catalog names them
 * (migration 6 creates them, the relation store writes them, export reads them).
 */
export const NAMED_RELATIONS = [
  { key: 'authors', table: 'authors', link: 'model_authors', idColumn: 'author_id' },
  { key: 'licenses', table: 'licenses', link: 'model_licenses', idColumn: 'license_id' },
  { key: 'datasets', table: 'datasets', link: 'model_datasets', idColumn: 'dataset_id' },
  { key: 'papers', table: 'papers', link: 'model_papers', idColumn: 'paper_id' },
  { key: 'languages', table: 'languages', link: 'model_languages', idColumn: 'language_id' },
  { key: 'libraries', table: 'libraries', link: 'model_libraries', idColumn: 'library_id' },
  { key: 'tags', table: 'tags', link: 'model_tags', idColumn: 'tag_id' },
  { key: 'architectures', table: 'architectures', link: 'model_architectures', idColumn: 'architecture_id' },
] as const;

export type NamedRelation = (typeof NAMED_RELATIONS)[number];
