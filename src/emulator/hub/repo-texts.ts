/** Contents of the small text files a model repo carries (configs, tokenizers, .gitattributes). */
import type { HubModel } from './hub-model.js';

/** Extensions stored with Git LFS; `.gitattributes` below lists exactly these (plus the usual archive types). */
export const LFS_EXTENSIONS = [
  'bin',
  'safetensors',
  'gguf',
  'h5',
  'onnx',
  'pt',
  'pth',
  'ckpt',
  'msgpack',
  'model',
  'npy',
  'npz',
  'pkl',
  'tflite',
  'zip',
] as const;

const LFS_SET: ReadonlySet<string> = new Set(LFS_EXTENSIONS);

/** True when `.gitattributes` routes this path through LFS. */
export function isLfsPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 && LFS_SET.has(base.slice(dot + 1));
}

export const GITATTRIBUTES =
  LFS_EXTENSIONS.map((ext) => `*.${ext} filter=lfs diff=lfs merge=lfs -text`).join('\n') + '\n';

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

export interface TokenizerTokens {
  bos_token: string;
  eos_token: string;
  unk_token: string;
}

export function tokenizerTokens(model: HubModel): TokenizerTokens | null {
  switch (model.family.tokenizer) {
    case 'wordpiece':
      return { bos_token: '[CLS]', eos_token: '[SEP]', unk_token: '[UNK]' };
    case 'bpe':
      return { bos_token: '<|endoftext|>', eos_token: '<|endoftext|>', unk_token: '<|endoftext|>' };
    case 'sentencepiece':
      return { bos_token: '<s>', eos_token: '</s>', unk_token: '<unk>' };
    default:
      return null;
  }
}

/** config.json, or null for families that ship none. */
export function configJsonText(model: HubModel): string | null {
  if (model.family.architecture === null) return null;
  const layers = 2 + (model.index % 22);
  return json({
    architectures: [model.family.architecture],
    model_type: model.family.modelType,
    hidden_size: 64 * (1 + (model.index % 16)),
    num_attention_heads: 4,
    num_hidden_layers: layers,
    vocab_size: 30522 + (model.index % 1000),
    torch_dtype: 'float32',
    transformers_version: '4.44.2',
  });
}

/** The API's trimmed `config`: architectures, model_type and the tokenizer's special tokens. */
export function apiConfigOf(model: HubModel): Record<string, unknown> | null {
  if (model.family.architecture === null) return null;
  const tokens = tokenizerTokens(model);
  return {
    architectures: [model.family.architecture],
    model_type: model.family.modelType,
    ...(tokens === null ? {} : { tokenizer_config: { ...tokens } }),
  };
}

export function tokenizerConfigText(model: HubModel): string {
  return json({
    ...tokenizerTokens(model),
    model_max_length: 512 + (model.index % 4) * 512,
    clean_up_tokenization_spaces: true,
  });
}

export function specialTokensMapText(model: HubModel): string {
  return json(tokenizerTokens(model));
}

/** A small vocabulary, deterministic per model. */
export function vocabText(model: HubModel, entries: number): string {
  const lines = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  for (let i = 0; lines.length < entries; i++) lines.push(`tok${(i * 7919 + model.index) % 100000}`);
  return lines.join('\n') + '\n';
}

export function tokenizerJsonText(model: HubModel, entries: number): string {
  const vocab: Record<string, number> = {};
  for (let i = 0; i < entries; i++) vocab[`tok${(i * 104729 + model.index) % 1000003}`] = i;
  return json({ version: '1.0', truncation: null, padding: null, model: { type: 'BPE', vocab } });
}

export function generationConfigText(model: HubModel): string {
  return json({
    _from_model_config: true,
    bos_token_id: 1,
    eos_token_id: 2,
    transformers_version: '4.44.2',
    seed: model.index % 97,
  });
}

export function shardIndexText(weightFiles: ReadonlyArray<{ path: string; size: number }>): string {
  const weight_map: Record<string, string> = {};
  weightFiles.forEach((file, i) => (weight_map[`layers.${i}.weight`] = file.path));
  return json({ metadata: { total_size: weightFiles.reduce((n, f) => n + f.size, 0) }, weight_map });
}
