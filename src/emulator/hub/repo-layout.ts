/**
 * Which files a repo has at each of its commits, and where their bytes come from. Commit 0 is the Hub's
 * `initial commit` (only .gitattributes), commit 1 the upload, commit 2 (the `moved` repo only) an update
 * that rewrites README.md and the weights and adds CHANGELOG.md.
 */
import type { HubContext } from './hub-context.js';
import type { HubModel } from './hub-model.js';
import { textContent, type ContentSource } from './file-content.js';
import { readmeText } from './model-card.js';
import { Rng, hash32 } from './random.js';
import {
  GITATTRIBUTES,
  configJsonText,
  generationConfigText,
  isLfsPath,
  shardIndexText,
  specialTokensMapText,
  tokenizerConfigText,
  tokenizerJsonText,
  vocabText,
} from './repo-texts.js';
import { TAIL_PROFILE, type SizeProfile, type Span } from './size-profiles.js';
import { MANY_FILES, THOUSANDS_OF_FILES } from './specials.js';

export interface FileSpec {
  path: string;
  source: ContentSource;
  /** Stored with Git LFS (matches .gitattributes). */
  lfs: boolean;
}

const SALT_KEY = 0x6b657931;
const SALT_LAYOUT = 0x6c61796f;

function pathHash(path: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The AES key of one file's content at one content revision. */
function contentKey(ctx: HubContext, index: number, path: string, revision: number): Buffer {
  const key = Buffer.alloc(16);
  const p = pathHash(path);
  for (let w = 0; w < 4; w++)
    key.writeUInt32BE(hash32(SALT_KEY ^ (ctx.seed.words[w] as number), index, p, revision), w * 4);
  return key;
}

/** One shared content object, so that its blob id is computed once for all repos. */
export const GITATTRIBUTES_CONTENT: ContentSource = textContent(GITATTRIBUTES);

class Builder {
  readonly files: FileSpec[] = [];

  constructor(
    private readonly ctx: HubContext,
    private readonly model: HubModel,
    private readonly revision: number,
  ) {}

  text(path: string, text: string): void {
    this.files.push({ path, source: textContent(text), lfs: false });
  }

  /** Keystream bytes: raw for LFS paths, printable for regular ones. */
  bytes(path: string, size: number, revision = 1): void {
    const lfs = isLfsPath(path);
    const key = contentKey(this.ctx, this.model.index, path, revision);
    this.files.push({ path, source: { kind: lfs ? 'random' : 'printable', size, key }, lfs });
  }

  /** Rewrites (revision > 1) only what the `moved` update changes. */
  get weightRevision(): number {
    return this.revision >= 2 ? this.revision : 1;
  }
}

function draw(rng: Rng, span: Span): number {
  return rng.logRange(span[0], span[1]);
}

export function profileFor(ctx: HubContext, model: HubModel): SizeProfile {
  return model.head ? ctx.profile : TAIL_PROFILE;
}

/** The files of `model` at commit number `commit` (0-based). */
export function repoLayout(ctx: HubContext, model: HubModel, commit: number): FileSpec[] {
  const b = new Builder(ctx, model, commit);
  b.files.push({ path: '.gitattributes', source: GITATTRIBUTES_CONTENT, lfs: false });
  if (commit === 0) return b.files;
  const profile = profileFor(ctx, model);
  const rng = new Rng(hash32(SALT_LAYOUT ^ ctx.seed.words[1], model.index));
  b.text('README.md', readmeText(model, draw(rng, profile.readmeBytes), commit));
  if (commit >= 2)
    b.text('CHANGELOG.md', `# Changelog\n\n## revision ${commit}\n\n- Updated README and weights.\n`);

  const config = configJsonText(model);
  if (config !== null) b.text('config.json', config);

  switch (model.special) {
    case 'oddNames':
      oddNames(b);
      break;
    case 'manyFiles':
      numerous(b, MANY_FILES);
      return b.files;
    case 'thousandsOfFiles':
      numerous(b, THOUSANDS_OF_FILES);
      return b.files;
    default:
      break;
  }
  switch (model.shape) {
    case 'many-small': {
      const count = draw(rng, profile.smallFiles);
      for (let i = 0; i < count; i++) {
        b.bytes(
          `data/${String(Math.floor(i / 100)).padStart(2, '0')}/part-${String(i).padStart(5, '0')}.txt`,
          draw(rng, profile.smallFileBytes),
        );
      }
      return b.files;
    }
    case 'few-large': {
      const count = draw(rng, profile.largeFiles);
      const shards = shardNames('model', 'safetensors', count).map((path) => ({
        path,
        size: draw(rng, profile.largeFileBytes),
      }));
      for (const shard of shards) b.bytes(shard.path, shard.size, b.weightRevision);
      if (shards.length > 1) b.text('model.safetensors.index.json', shardIndexText(shards));
      return b.files;
    }
    case 'realistic':
      realistic(b, model, profile, rng);
      return b.files;
  }
}

function shardNames(stem: string, ext: string, count: number): string[] {
  if (count <= 1) return [`${stem}.${ext}`];
  const total = String(count).padStart(5, '0');
  return Array.from(
    { length: count },
    (_, i) => `${stem}-${String(i + 1).padStart(5, '0')}-of-${total}.${ext}`,
  );
}

function realistic(b: Builder, model: HubModel, profile: SizeProfile, rng: Rng): void {
  const head = model.head;
  const tokenizer = model.family.tokenizer;
  if (tokenizer !== null) {
    b.text('tokenizer_config.json', tokenizerConfigText(model));
    if (head) {
      b.text('special_tokens_map.json', specialTokensMapText(model));
      if (tokenizer === 'wordpiece') b.text('vocab.txt', vocabText(model, 60));
      if (tokenizer === 'bpe') b.text('tokenizer.json', tokenizerJsonText(model, 40));
      if (tokenizer === 'sentencepiece') b.bytes('tokenizer.model', 256 + (model.index % 512));
    }
  }
  if (head && model.pipelineTag === 'text-generation')
    b.text('generation_config.json', generationConfigText(model));

  const shards = draw(rng, profile.weightShards);
  const weights = (stem: string, ext: string, count = shards): void => {
    const files = shardNames(stem, ext, count).map((path) => ({
      path,
      size: draw(rng, profile.weightBytes),
    }));
    for (const f of files) b.bytes(f.path, f.size, b.weightRevision);
    if (files.length > 1) b.text(`${stem}.${ext}.index.json`, shardIndexText(files));
  };
  switch (model.format) {
    case 'safetensors':
      weights('model', 'safetensors');
      break;
    case 'pytorch':
      weights('pytorch_model', 'bin');
      break;
    case 'gguf': {
      const stem = model.id.slice(model.id.indexOf('/') + 1);
      for (const quant of ['Q4_K_M', 'Q8_0'].slice(0, head ? 2 : 1))
        b.bytes(`${stem}.${quant}.gguf`, draw(rng, profile.weightBytes), b.weightRevision);
      break;
    }
    case 'onnx':
      b.bytes('onnx/model.onnx', draw(rng, profile.weightBytes), b.weightRevision);
      weights('model', 'safetensors', 1);
      break;
    case 'h5':
      b.bytes('tf_model.h5', draw(rng, profile.weightBytes), b.weightRevision);
      weights('pytorch_model', 'bin', 1);
      break;
    case 'diffusers':
      b.text(
        'model_index.json',
        JSON.stringify({ _class_name: 'StableDiffusionPipeline', _diffusers_version: '0.30.0' }, null, 2) +
          '\n',
      );
      for (const part of head ? ['unet', 'vae', 'text_encoder'] : ['unet']) {
        b.text(`${part}/config.json`, JSON.stringify({ _class_name: part, sample_size: 64 }, null, 2) + '\n');
        b.bytes(
          `${part}/diffusion_pytorch_model.safetensors`,
          draw(rng, profile.weightBytes),
          b.weightRevision,
        );
      }
      b.text(
        'scheduler/scheduler_config.json',
        JSON.stringify({ _class_name: 'PNDMScheduler', num_train_timesteps: 1000 }, null, 2) + '\n',
      );
      break;
    case 'adapter':
      b.text(
        'adapter_config.json',
        JSON.stringify(
          { peft_type: 'LORA', r: 8, lora_alpha: 16, base_model_name_or_path: model.baseModel?.id ?? null },
          null,
          2,
        ) + '\n',
      );
      b.bytes('adapter_model.safetensors', draw(rng, profile.weightBytes), b.weightRevision);
      break;
  }
  if (model.libraryName === 'sentence-transformers') {
    b.text(
      'modules.json',
      JSON.stringify(
        [
          { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
          { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
        ],
        null,
        2,
      ) + '\n',
    );
    b.text(
      '1_Pooling/config.json',
      JSON.stringify({ word_embedding_dimension: 384, pooling_mode_mean_tokens: true }, null, 2) + '\n',
    );
  }
  if (head && rng.chance(0.3)) b.bytes('training_args.bin', 512 + (model.index % 4096));
}

/** Paths that trip naive clients: spaces, quotes, accents, CJK, emoji, URL-significant characters, nesting. */
export const ODD_PATHS: ReadonlyArray<readonly [string, number]> = [
  ["données/é l'été.txt", 211],
  ['a b/c d.json', 0], // replaced by JSON below
  ['spaces in name.md', 97],
  ['日本語/モデル説明.txt', 150],
  ['emoji 🤗/hugging face 🤗.txt', 64],
  ['plus+sign & equals=sign.txt', 33],
  ['brackets [v2] (final), copy~1 @home.txt', 48],
  ['deep/er/and/deeper/still/leaf.txt', 20],
  ['__init__.py', 0],
  ['empty/.keep', 0],
  ['Mixed.Case/README.TXT', 80],
  ['a.txt', 5],
  ['a/z.txt', 6],
];

function oddNames(b: Builder): void {
  for (const [path, size] of ODD_PATHS) {
    if (path === 'a b/c d.json')
      b.text(path, JSON.stringify({ note: 'a path with spaces', ok: true }) + '\n');
    else if (size === 0) b.text(path, '');
    else b.bytes(path, size);
  }
  b.bytes('weights/é model.safetensors', 5000, b.weightRevision);
}

/** A repo of `total` files (counting README, config and .gitattributes), 100 per folder, plus two LFS files. */
function numerous(b: Builder, total: number): void {
  b.bytes('model.safetensors', 4096, b.weightRevision);
  b.bytes('extra/weights.bin', 2048, b.weightRevision);
  for (let i = 0; b.files.length < total; i++) {
    b.bytes(
      `files/${String(Math.floor(i / 100)).padStart(3, '0')}/file-${String(i).padStart(5, '0')}.txt`,
      16 + (i % 113),
    );
  }
}
