/**
 * One PTMTorrent record (schema/ptmtorrent.schema.json) from a selected, catalogued model. Pure.
 *
 * Optional fields without a value are omitted, not null: the schema types them as strings or non-empty arrays
 * (`contains` needs at least one item), so an empty list is left out too.
 */
import type { CatalogModel } from '../catalog/index.js';

/** The owner of legacy single-segment ids (`gpt2`), as the seed's `repos/huggingface.co/<name>` layout had it. */
export const LEGACY_OWNER = 'huggingface.co';

export interface PtmDataset {
  DatasetName: string;
  DatasetOwner: string;
  DatasetURL: string;
  DatasetOwnerURL: string;
}

export interface PtmTorrentRecord {
  id: number;
  ModelHub: {
    ModelHubName: string;
    ModelHubURL: string;
    MetadataFilePath: string;
    MetadataObjectID: string;
  };
  ModelName: string;
  ModelOwner: string;
  ModelURL: string;
  ModelOwnerURL: string;
  Datasets?: PtmDataset[];
  ModelPaperDOIs?: string[];
  LatestGitCommitSHA: string;
  ModelTask?: string;
  ModelArchitecture?: string;
}

export interface PtmRecordInput {
  /** 0-based rank in the selection. */
  rank: number;
  model: CatalogModel;
  /** Hub base URL, no trailing slash. */
  endpoint: string;
  /** The metadata file's path relative to `<data-dir>/huggingface/`. */
  metadataFilePath: string;
  /** The commit that was downloaded, when the ledger knows one; otherwise the sha at listing is used. */
  downloadedCommit: string | null;
}

/** Repo ids as the Hub allows them (hf-protocol.md §9): `name` or `namespace/name`. */
const REPO_ID = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)?$/;

export function toPtmTorrentRecord(input: PtmRecordInput): PtmTorrentRecord {
  const { rank, model, endpoint, metadataFilePath, downloadedCommit } = input;
  const owner = nonEmpty(model.author) ?? namespaceOf(model.id) ?? LEGACY_OWNER;
  const datasets = datasetsOf(model, endpoint);
  const dois = paperDois(model.tags);
  const commit = nonEmpty(downloadedCommit) ?? nonEmpty(model.sha);
  const task = nonEmpty(model.pipelineTag);
  const architecture = nonEmpty(model.modelType) ?? nonEmpty(model.architectures[0]);
  // Built in the schema's property order, so the files read the same record after record.
  const record = {
    id: rank,
    ModelHub: {
      ModelHubName: 'Hugging Face',
      ModelHubURL: endpoint,
      MetadataFilePath: metadataFilePath,
      MetadataObjectID: model.id,
    },
    ModelName: model.id,
    ModelOwner: owner,
    ModelURL: `${endpoint}/${model.id}`,
    ModelOwnerURL: ownerUrl(endpoint, owner),
    ...(datasets.length > 0 ? { Datasets: datasets } : {}),
    ...(dois.length > 0 ? { ModelPaperDOIs: dois } : {}),
    // Required by the schema: when neither commit is known the field is left out and validation names the model.
    ...(commit !== null ? { LatestGitCommitSHA: commit } : {}),
    ...(task !== null ? { ModelTask: task } : {}),
    ...(architecture !== null ? { ModelArchitecture: architecture } : {}),
  };
  return record as PtmTorrentRecord;
}

/** `doi:` tags as they are, then each `arxiv:<id>` tag as arXiv's DOI `10.48550/arXiv.<id>`; deduplicated. */
export function paperDois(tags: readonly string[]): string[] {
  const dois = tagValues(tags, 'doi:');
  const arxiv = tagValues(tags, 'arxiv:').map((id) => `10.48550/arXiv.${id}`);
  return [...new Set([...dois, ...arxiv])];
}

/**
 * cardData.datasets, then `dataset:` tags, deduplicated; entries that are not repo ids (free text such as
 * "custom data" in a model card) are dropped, since they name no dataset on the Hub.
 */
export function datasetsOf(
  model: Pick<CatalogModel, 'cardDatasets' | 'tags'>,
  endpoint: string,
): PtmDataset[] {
  const names = [...model.cardDatasets.map((d) => d.trim()), ...tagValues(model.tags, 'dataset:')];
  return [...new Set(names)]
    .filter((name) => REPO_ID.test(name))
    .map((name) => {
      const owner = namespaceOf(name) ?? LEGACY_OWNER;
      return {
        DatasetName: name,
        DatasetOwner: owner,
        DatasetURL: `${endpoint}/datasets/${name}`,
        DatasetOwnerURL: ownerUrl(endpoint, owner),
      };
    });
}

/**
 * `<endpoint>/<owner>`; for the legacy owner, the Hub itself (`<endpoint>`), since `<endpoint>/huggingface.co`
 * is no page.
 */
export function ownerUrl(endpoint: string, owner: string): string {
  return owner === LEGACY_OWNER ? endpoint : `${endpoint}/${owner}`;
}

function namespaceOf(id: string): string | null {
  const slash = id.indexOf('/');
  return slash > 0 ? id.slice(0, slash) : null;
}

function tagValues(tags: readonly string[], prefix: string): string[] {
  return tags
    .filter((tag) => tag.toLowerCase().startsWith(prefix))
    .map((tag) => tag.slice(prefix.length).trim())
    .filter((value) => value !== '');
}

function nonEmpty(value: string | null | undefined): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}
