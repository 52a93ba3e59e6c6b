/**
 * Word lists the synthetic Hub draws names and metadata from. Fictional organisations only: the emulator
 * must never be mistaken for real data.
 */

/** A model family: what its repos are for, which library loads them and what their files look like. */
export interface Family {
  /** Name stem as it appears in repo names (mixed case and dots on purpose). */
  stem: string;
  pipelineTag: string | null;
  libraryName: string | null;
  /** `architectures[0]` of config.json; null when the family ships no config.json. */
  architecture: string | null;
  modelType: string | null;
  tokenizer: 'wordpiece' | 'bpe' | 'sentencepiece' | null;
  /** The weight formats its repos use, in order of preference. */
  formats: readonly WeightFormat[];
  /** Languages its cards declare. */
  languages: readonly string[];
}

export type WeightFormat = 'safetensors' | 'pytorch' | 'gguf' | 'onnx' | 'h5' | 'diffusers' | 'adapter';

export const FAMILIES: readonly Family[] = [
  fam('bert', 'fill-mask', 'transformers', 'BertForMaskedLM', 'bert', 'wordpiece', [
    'safetensors',
    'pytorch',
  ]),
  fam('roberta', 'fill-mask', 'transformers', 'RobertaForMaskedLM', 'roberta', 'bpe', [
    'safetensors',
    'pytorch',
    'h5',
  ]),
  fam(
    'distilbert',
    'text-classification',
    'transformers',
    'DistilBertForSequenceClassification',
    'distilbert',
    'wordpiece',
    ['safetensors', 'pytorch'],
  ),
  fam(
    'deberta-v3',
    'token-classification',
    'transformers',
    'DebertaV2ForTokenClassification',
    'deberta-v2',
    'sentencepiece',
    ['safetensors'],
  ),
  fam('gpt2', 'text-generation', 'transformers', 'GPT2LMHeadModel', 'gpt2', 'bpe', [
    'safetensors',
    'pytorch',
    'onnx',
  ]),
  fam('Llama-3.1', 'text-generation', 'transformers', 'LlamaForCausalLM', 'llama', 'bpe', [
    'safetensors',
    'gguf',
  ]),
  fam('Qwen2.5', 'text-generation', 'transformers', 'Qwen2ForCausalLM', 'qwen2', 'bpe', [
    'safetensors',
    'gguf',
  ]),
  fam('Mistral', 'text-generation', 'transformers', 'MistralForCausalLM', 'mistral', 'sentencepiece', [
    'safetensors',
    'gguf',
  ]),
  fam('phi-3', 'text-generation', 'transformers', 'Phi3ForCausalLM', 'phi3', 'bpe', ['safetensors']),
  fam('gemma-2', 'text-generation', 'transformers', 'Gemma2ForCausalLM', 'gemma2', 'sentencepiece', [
    'gguf',
    'safetensors',
  ]),
  fam('t5', 'text2text-generation', 'transformers', 'T5ForConditionalGeneration', 't5', 'sentencepiece', [
    'safetensors',
    'pytorch',
    'h5',
  ]),
  fam(
    'opus-mt',
    'translation',
    'transformers',
    'MarianMTModel',
    'marian',
    'sentencepiece',
    ['pytorch', 'safetensors'],
    ['en', 'de', 'fr', 'es'],
  ),
  fam(
    'whisper',
    'automatic-speech-recognition',
    'transformers',
    'WhisperForConditionalGeneration',
    'whisper',
    'bpe',
    ['safetensors'],
  ),
  fam('wav2vec2', 'automatic-speech-recognition', 'transformers', 'Wav2Vec2ForCTC', 'wav2vec2', null, [
    'pytorch',
    'safetensors',
  ]),
  fam('ViT', 'image-classification', 'transformers', 'ViTForImageClassification', 'vit', null, [
    'safetensors',
    'onnx',
  ]),
  fam('resnet', 'image-classification', 'timm', null, null, null, ['safetensors', 'pytorch']),
  fam('CLIP', 'zero-shot-image-classification', 'transformers', 'CLIPModel', 'clip', 'bpe', ['safetensors']),
  fam('stable-diffusion', 'text-to-image', 'diffusers', null, null, null, ['diffusers']),
  fam('all-MiniLM', 'sentence-similarity', 'sentence-transformers', 'BertModel', 'bert', 'wordpiece', [
    'safetensors',
    'onnx',
  ]),
  fam('lora', null, 'peft', null, null, null, ['adapter']),
  fam('yolo', 'object-detection', null, null, null, null, ['onnx', 'pytorch']),
  fam('custom', null, null, null, null, null, ['pytorch']),
];

function fam(
  stem: string,
  pipelineTag: string | null,
  libraryName: string | null,
  architecture: string | null,
  modelType: string | null,
  tokenizer: Family['tokenizer'],
  formats: readonly WeightFormat[],
  languages: readonly string[] = ['en'],
): Family {
  return { stem, pipelineTag, libraryName, architecture, modelType, tokenizer, formats, languages };
}

export const SIZES = [
  'base',
  'small',
  'large',
  'tiny',
  'mini',
  'xl',
  '7B',
  '1.5B',
  '0.5B',
  '13B',
  'v2',
  '',
] as const;

export const VARIANTS = [
  'finetuned-squad',
  'Instruct',
  'chat',
  'uncased',
  'GGUF',
  'AWQ',
  'sft',
  'dpo',
  'ner',
  'sentiment',
  'en-de',
  'merged',
  'ft',
  'v1.1',
  'distilled',
  'quantized',
  '',
  '',
] as const;

/** Organisation / user name parts (fictional). */
export const ORG_WORDS = [
  'acme',
  'lattice',
  'nimbus',
  'quokka',
  'vector',
  'orbit',
  'maple',
  'tensor',
  'cobalt',
  'lumen',
  'aurora',
  'pixel',
  'kestrel',
  'zephyr',
  'boreal',
  'cinder',
  'delta',
  'ember',
  'fjord',
  'granite',
] as const;

export const ORG_SUFFIXES = ['ai', 'labs', 'research', 'nlp', 'ml', 'group', 'hub', 'team'] as const;

export const USER_NAMES = [
  'alice',
  'bob',
  'chen',
  'dmitri',
  'eva',
  'farah',
  'goran',
  'hana',
  'ines',
  'jun',
  'kofi',
  'lena',
  'marco',
  'nadia',
  'oskar',
  'priya',
] as const;

/** Licenses, repeated roughly as often as the Hub sees them (apache-2.0 and mit lead, then "other"). */
export const LICENSES = [
  'apache-2.0',
  'apache-2.0',
  'apache-2.0',
  'apache-2.0',
  'mit',
  'mit',
  'mit',
  'other',
  'other',
  'cc-by-4.0',
  'cc-by-nc-4.0',
  'openrail',
  'llama3.1',
  'gpl-3.0',
];

/** `license_name` values of models whose card says `license: other`. */
export const OTHER_LICENSES = ['acme-research-license', 'lattice-community-license', 'nimbus-open-weights'];

export const DATASETS = [
  'squad',
  'squad_v2',
  'imdb',
  'glue',
  'wikitext',
  'common_voice',
  'imagenet-1k',
  'c4',
  'openwebtext',
  'conll2003',
  'emotion',
  'xsum',
];

export const LANGUAGES = ['en', 'fr', 'de', 'es', 'zh', 'ja', 'ar', 'hi', 'multilingual'];

export const EXTRA_TAGS = [
  'endpoints_compatible',
  'region:us',
  'autotrain_compatible',
  'text-generation-inference',
];
