/**
 * The emulator's bare repositories: built on the first git request for a repo, kept for the emulator's
 * lifetime in a temp folder of its own, and removed when the emulator closes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HubModel } from '../hub/hub-model.js';
import type { SyntheticHub } from '../hub/synthetic-hub.js';
import { buildBareRepo } from './build-bare-repo.js';

export class GitRepoStore {
  private root: Promise<string> | null = null;
  private readonly repos = new Map<number, Promise<string>>();
  private closed = false;

  constructor(private readonly hub: SyntheticHub) {}

  /** The folder that holds every bare repo (`GIT_PROJECT_ROOT`), created on first use. */
  projectRoot(): Promise<string> {
    if (this.closed) return Promise.reject(new Error('the emulator is closed'));
    this.root ??= mkdtemp(join(tmpdir(), 'hf-emulator-git-'));
    return this.root;
  }

  /** HOME for the server's git processes (an empty folder inside the project root). */
  async home(): Promise<string> {
    return join(await this.projectRoot(), '.home');
  }

  /** Path of `model`'s bare repo relative to the project root (`/<index>.git`), built if need be. */
  async repoPath(model: HubModel): Promise<string> {
    let built = this.repos.get(model.index);
    if (built === undefined) {
      built = this.build(model);
      this.repos.set(model.index, built);
      // a failed build is retried by the next request rather than cached
      built.catch(() => this.repos.delete(model.index));
    }
    return built;
  }

  private async build(model: HubModel): Promise<string> {
    const root = await this.projectRoot();
    const name = `${model.index}.git`;
    await buildBareRepo(this.hub, model, join(root, name), await this.home());
    return `/${name}`;
  }

  /** Waits for builds in flight, then removes every repo. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled(this.repos.values());
    if (this.root !== null) await rm(await this.root, { recursive: true, force: true });
  }
}
