/**
 * The synthetic Hub: a deterministic function from (seed, models, sizes) to models, commits and bytes. The
 * HTTP layer serves it; tests use it to compute what a client should have received.
 *
 * - `hub.models()` iterates the listed models in downloads order (index = rank).
 * - `hub.get(id)` finds any model by its exact id (private and deleted ones included); `hub.lookup(id)` also
 *   accepts case variants and legacy aliases and says whether the id was canonical.
 * - `hub.listedSha(id)` is the `sha` the listing shows; `hub.currentSha(id)` what `main` points at now (they
 *   differ only for `specials.moved`).
 * - `hub.files(id, sha)` lists a commit's files with sizes, git blob ids and LFS oids; `hub.readFile` and
 *   `hub.fileChunks` produce their bytes.
 */
import { createHubContext, type HubContext } from './hub-context.js';
import type { HubModel } from './hub-model.js';
import { candidateIndices } from './index-code.js';
import { contentChunks, readContent } from './file-content.js';
import { generateModel, modelIdentity } from './generate-model.js';
import { seedKey } from './random.js';
import { RepoCommits, type HubFile, type RepoCommit } from './repo-commits.js';
import { resolveSizeProfile, type SizeProfile, type SizeProfileName } from './size-profiles.js';
import { PRIVATE_OWNER, type Specials } from './specials.js';
import { MAX_INDEX } from './index-code.js';
import { splitRepoKey } from '../../repo-key.js';

export interface SyntheticHubOptions {
  /** Public models an anonymous listing returns. */
  models: number;
  /** Everything is a pure function of the seed. */
  seed: number | string;
  /** File sizes; default `tiny`. */
  sizes?: SizeProfileName | SizeProfile;
  /** Place the special repos (gated, moved, ...) among the top ranks. Default true. */
  specials?: boolean;
  /** Commits kept in memory. Default 512. */
  commitCacheSize?: number;
}

export class SyntheticHub {
  /** Public models in the listing (N). */
  readonly size: number;
  readonly seed: string;
  readonly profile: SizeProfile;
  readonly specials: Specials;
  private readonly ctx: HubContext;
  private readonly repoCommits: RepoCommits;

  constructor(options: SyntheticHubOptions) {
    if (!Number.isInteger(options.models) || options.models < 0 || options.models + 2 > MAX_INDEX) {
      throw new RangeError(`models must be an integer in [0, ${MAX_INDEX - 2}]`);
    }
    this.size = options.models;
    this.profile = resolveSizeProfile(options.sizes);
    const key = seedKey(options.seed);
    this.seed = key.text;
    this.ctx = createHubContext(key, options.models, this.profile, options.specials ?? true);
    this.repoCommits = new RepoCommits(this.ctx, options.commitCacheSize ?? 512);
    this.specials = this.describeSpecials();
  }

  /** Listed plus private models; valid indices are [0, total). */
  get total(): number {
    return this.ctx.total;
  }

  /** The model at generation index `index` (its rank in downloads order when listed). */
  at(index: number): HubModel {
    return generateModel(this.ctx, index);
  }

  /** Listed models in downloads order (non-increasing downloads), from rank `start` to `end` (exclusive). */
  *models(start = 0, end = this.size): Generator<HubModel> {
    for (let i = Math.max(0, start); i < Math.min(end, this.size); i++) yield generateModel(this.ctx, i);
  }

  /** The model whose canonical id is exactly `id`, private and deleted ones included. */
  get(id: string): HubModel | undefined {
    const found = this.lookup(id);
    return found?.canonical === true ? found.model : undefined;
  }

  /**
   * The model `id` designates: exactly (`canonical: true`), or through a case variant or a legacy alias
   * (`canonical: false`: the Hub answers those with a 307 to `model.id`).
   */
  lookup(id: string): { model: HubModel; canonical: boolean } | undefined {
    const lower = id.toLowerCase();
    for (const index of candidateIndices(id, this.ctx.seed.words)) {
      if (index >= this.ctx.total) continue;
      const identity = modelIdentity(this.ctx, index);
      if (identity.id === id) return { model: generateModel(this.ctx, index), canonical: true };
      if (identity.id.toLowerCase() === lower)
        return { model: generateModel(this.ctx, index), canonical: false };
      const model = generateModel(this.ctx, index);
      if (model.aliases.some((alias) => alias.toLowerCase() === lower)) return { model, canonical: false };
    }
    return undefined;
  }

  /**
   * The datasets and the spaces this Hub serves (`/api/datasets/{id}`, `/datasets/{id}/resolve/...`): a few of
   * each, the models at the tail of the listing under the other type (the Hub lets a model and a dataset share
   * a name), with their files, commits and bytes. Empty when the listing is too short.
   */
  get typedRepos(): { datasets: string[]; spaces: string[] } {
    const tail = (k: number): string[] =>
      this.size >= 6 ? [generateModel(this.ctx, this.size - 1 - k).id] : [];
    return { datasets: [...tail(0), ...tail(1)], spaces: tail(2) };
  }

  /** `lookup` for a repo key (src/repo-key.ts): a model's id, or `datasets/ID` / `spaces/ID` of a typed repo. */
  lookupRepo(key: string): { model: HubModel; canonical: boolean } | undefined {
    const { type, id } = splitRepoKey(key);
    if (type === 'model') return this.lookup(id);
    const ids = type === 'dataset' ? this.typedRepos.datasets : this.typedRepos.spaces;
    if (!ids.some((known) => known.toLowerCase() === id.toLowerCase())) return undefined;
    return this.lookup(id);
  }

  private model(idOrModel: string | HubModel): HubModel {
    if (typeof idOrModel !== 'string') return idOrModel;
    const model = this.get(idOrModel);
    if (model === undefined) throw new RangeError(`no model ${JSON.stringify(idOrModel)} in this hub`);
    return model;
  }

  /** Every commit of a repo, oldest first (`initial commit`, upload, and for `moved` the update). */
  commits(idOrModel: string | HubModel): RepoCommit[] {
    const model = this.model(idOrModel);
    return model.commitTimes.map((_, n) => this.repoCommits.commit(model, n));
  }

  /** The commit the listing shows (`sha`, `lastModified`). */
  listedCommit(idOrModel: string | HubModel): RepoCommit {
    const model = this.model(idOrModel);
    return this.repoCommits.commit(model, model.listedCommits - 1);
  }

  /** The commit `main` points at now. */
  currentCommit(idOrModel: string | HubModel): RepoCommit {
    const model = this.model(idOrModel);
    return this.repoCommits.commit(model, model.commitTimes.length - 1);
  }

  listedSha(idOrModel: string | HubModel): string {
    return this.listedCommit(idOrModel).sha;
  }

  currentSha(idOrModel: string | HubModel): string {
    return this.currentCommit(idOrModel).sha;
  }

  /**
   * The commit a revision names: `main`, `HEAD`, `refs/heads/main`, a full sha or a prefix of at least 7 hex
   * digits of any of the repo's commits. Undefined when it names none.
   */
  resolveRevision(idOrModel: string | HubModel, revision: string): RepoCommit | undefined {
    const model = this.model(idOrModel);
    if (revision === 'main' || revision === 'HEAD' || revision === 'refs/heads/main')
      return this.currentCommit(model);
    if (!/^[0-9a-f]{7,40}$/.test(revision)) return undefined;
    return this.commits(model).find((c) => c.sha.startsWith(revision));
  }

  private commitAt(idOrModel: string | HubModel, sha: string): RepoCommit {
    const commit = this.resolveRevision(idOrModel, sha);
    if (commit === undefined)
      throw new RangeError(
        `no revision ${sha} in ${typeof idOrModel === 'string' ? idOrModel : idOrModel.id}`,
      );
    return commit;
  }

  /** Files of the repo at a revision, in git order, with sizes, blob ids and LFS oids. */
  files(idOrModel: string | HubModel, revision: string): HubFile[] {
    return this.commitAt(idOrModel, revision).files;
  }

  /** Bytes `[start, end)` of a file (end exclusive; default the whole file). For large files use `fileChunks`. */
  readFile(idOrModel: string | HubModel, revision: string, path: string, start = 0, end?: number): Buffer {
    const spec = this.commitAt(idOrModel, revision).specs.get(path);
    if (spec === undefined) throw new RangeError(`no file ${JSON.stringify(path)}`);
    return readContent(spec.source, start, end);
  }

  /** Bytes `[start, end)` of a file as chunks of at most 256 KiB. */
  fileChunks(
    idOrModel: string | HubModel,
    revision: string,
    path: string,
    start = 0,
    end?: number,
  ): Generator<Buffer> {
    const spec = this.commitAt(idOrModel, revision).specs.get(path);
    if (spec === undefined) throw new RangeError(`no file ${JSON.stringify(path)}`);
    return contentChunks(spec.source, start, end);
  }

  /** @internal the HTTP layer's access to specs and context */
  get context(): HubContext {
    return this.ctx;
  }

  private describeSpecials(): Specials {
    const out: Specials = {
      gatedAuto: null,
      gatedManual: null,
      disabled: null,
      private: [],
      privateOwner: PRIVATE_OWNER,
      moved: null,
      deleted: null,
      manyFiles: null,
      thousandsOfFiles: null,
      oddNames: null,
      legacy: [],
      renamed: null,
    };
    for (const [index, kind] of [...this.ctx.specials].sort((a, b) => a[0] - b[0])) {
      const model = generateModel(this.ctx, index);
      if (kind === 'private') out.private.push(model.id);
      else if (kind === 'legacy') out.legacy.push(model.id);
      else if (kind === 'renamed') out.renamed = { from: model.aliases[0] as string, to: model.id };
      else out[kind] = model.id;
    }
    return out;
  }
}
