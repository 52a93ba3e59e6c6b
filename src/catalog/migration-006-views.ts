/**
 * PeaTMOSS-compatible names over the latest finished crawl snapshot, so queries written for PeaTMOSS run on
 * this catalog: `model` (`id` is the listing position, `context_id` the repo id), a singular name table and a
 * `model_to_<name>` link view per relation, and `model_to_base_model` for lineage. Plus the per-repo views of
 * the selection: `repo_file` (the manifest of the pinned commit), `download` (the ledger), `model_card`.
 * Part of migration 6 (views are schema too: change them only in a later migration).
 */
import { NAMED_RELATIONS, type NamedRelation } from './relation-tables.js';

const CURRENT = `(SELECT max(id) FROM crawl_snapshots WHERE status = 'finished')`;

const SINGULAR: Record<NamedRelation['key'], string> = {
  authors: 'author',
  licenses: 'license',
  datasets: 'dataset',
  papers: 'paper',
  languages: 'language',
  libraries: 'library',
  tags: 'tag',
  architectures: 'architecture',
};

export function peatmossViews(): string {
  const named = NAMED_RELATIONS.map(({ key, table, link, idColumn }) => {
    const one = SINGULAR[key];
    const extra = key === 'licenses' ? ', license_name, license_link' : '';
    return `
      CREATE VIEW ${one} AS SELECT * FROM ${table};
      CREATE VIEW model_to_${one} AS
        SELECT model_seq AS model_id, ${idColumn} AS ${one}_id, source${extra}
          FROM ${link} WHERE snapshot_id = ${CURRENT};`;
  }).join('\n');
  return `
    CREATE VIEW model AS
      SELECT seq AS id, id AS context_id, sha, downloads, likes, author, created_at, last_modified,
             downloads_all_time, trending_score, private, gated, disabled, library_name, pipeline_tag,
             model_type, parameters, gguf_parameters, gguf_architecture, gguf_context_length,
             gguf_chat_template, used_storage, mongo_id, snapshot_id
        FROM models WHERE snapshot_id = ${CURRENT};
    ${named}
    CREATE VIEW model_to_base_model AS
      SELECT model_seq AS model_id, base_id AS base_context_id, relation, source
        FROM model_base_models WHERE snapshot_id = ${CURRENT};
    CREATE VIEW model_parameter AS
      SELECT model_seq AS model_id, dtype, parameters FROM model_parameters WHERE snapshot_id = ${CURRENT};
    CREATE VIEW repo_file AS
      SELECT f.repo_id, f.commit_sha, f.path, f.size, f.blob_sha1, f.lfs_sha256, f.lfs_size,
             (d.state = 'verified') AS stored
        FROM download_repos r
        JOIN manifest_files f ON f.repo_id = r.repo_id AND f.commit_sha = r.commit_sha
        LEFT JOIN download_files d ON d.repo_id = f.repo_id AND d.path = f.path AND d.commit_sha = f.commit_sha;
    CREATE VIEW download AS
      SELECT repo_id, position, source, method, state, reason, detail, listed_commit, commit_sha, main_sha,
             files_total, files_verified, bytes_total, bytes_verified, disk_bytes, attempts, started_at,
             finished_at
        FROM download_repos;
    CREATE VIEW model_card AS
      SELECT repo_id, commit_sha, front_matter, parse_error, text, bytes FROM model_cards;
    CREATE VIEW model_card_field AS SELECT repo_id, commit_sha, key, value FROM model_card_fields;
    CREATE VIEW repo_commit AS
      SELECT repo_id, position, commit_sha, title, message, authors, date FROM repo_commits;
    CREATE VIEW repo_ref AS SELECT repo_id, kind, name, ref, target_commit FROM repo_refs;
  `;
}
