/**
 * The facts research tables are built from, generated for each model from its own stream of randomness (so
 * adding them changed no other draw): parameter counts per dtype (the Hub's `safetensors` block), GGUF header
 * facts, the custom name and link of `other` licenses, papers shared between models, a second base for
 * merges and the card's `base_model_relation`.
 */
import type { BaseModelRef } from './hub-model.js';
import { Rng, hash32 } from './random.js';
import type { NameParts } from './repo-names.js';
import { OTHER_LICENSES } from './vocabulary.js';

const SALT_FACTS = 0x66616374;

export interface ResearchFacts {
  /** Parameters per safetensors dtype; the block is served only when the commit has .safetensors files. */
  parameters: Record<string, number>;
  gguf: {
    architecture: string;
    contextLength: number;
    chatTemplate: string | null;
    bosToken: string;
    eosToken: string;
  };
  /** For `license: other`: the card's `license_name` and `license_link`. */
  licenseName: string | null;
  licenseLink: string | null;
  /** Extra `arxiv:` tags: often the family's own paper, which many models then share. */
  papers: string[];
  /** Whether the card states `base_model_relation` (the Hub's override of the inferred relation). */
  cardRelation: boolean;
}

/** Typical parameter counts for the size words of repo names. */
const PARAMETERS: Record<string, number> = {
  base: 110e6,
  small: 60e6,
  large: 335e6,
  tiny: 4.4e6,
  mini: 22e6,
  xl: 1.5e9,
  '7B': 7.24e9,
  '1.5B': 1.54e9,
  '0.5B': 494e6,
  '13B': 13e9,
  v2: 125e6,
  '': 125e6,
};

const CONTEXT: Record<string, number> = { llama: 131072, qwen2: 32768, mistral: 32768, gemma2: 8192 };

export function researchFacts(seed: number, index: number, parts: NameParts, license: string): ResearchFacts {
  const rng = new Rng(hash32(SALT_FACTS ^ seed, index));
  const total = Math.round((PARAMETERS[parts.size] ?? 125e6) * (0.95 + rng.float() * 0.1));
  const generative = parts.family.pipelineTag === 'text-generation';
  const dtype = generative
    ? rng.chance(0.7)
      ? 'BF16'
      : rng.chance(0.66)
        ? 'F16'
        : 'F32'
    : rng.chance(0.8)
      ? 'F32'
      : 'F16';
  const parameters: Record<string, number> =
    parts.variant === 'AWQ'
      ? { I32: Math.round(total * 0.85), F16: total - Math.round(total * 0.85) }
      : { [dtype]: total };
  // BERT-style checkpoints carry their position ids as int64.
  if (parts.family.tokenizer === 'wordpiece') parameters['I64'] = 512;
  const chat = parts.variant === 'chat' || parts.variant === 'Instruct';
  const other = license === 'other';
  const family = familyPaper(parts.family.stem);
  const papers: string[] = [];
  if (rng.chance(0.3)) papers.push(family);
  if (rng.chance(0.05)) papers.push(`arxiv:${2300 + rng.int(200)}.${String(10000 + rng.int(89999))}`);
  return {
    parameters,
    gguf: {
      architecture: parts.family.modelType ?? 'llama',
      contextLength: CONTEXT[parts.family.modelType ?? ''] ?? 4096,
      chatTemplate: chat ? "{% for message in messages %}{{ message['content'] }}{% endfor %}" : null,
      bosToken: '<s>',
      eosToken: '</s>',
    },
    licenseName: other ? rng.pick(OTHER_LICENSES) : null,
    licenseLink: other ? (rng.chance(0.5) ? 'LICENSE' : 'https://example.org/licenses/model-license') : null,
    papers,
    cardRelation: rng.chance(0.5),
  };
}

/** One paper per family (a fixed, made-up arXiv id). */
function familyPaper(stem: string): string {
  let h = 0x70617072;
  for (let i = 0; i < stem.length; i++) h = hash32(h, stem.charCodeAt(i));
  const month = String(1 + ((h >>> 3) % 12)).padStart(2, '0');
  return `arxiv:${18 + (h % 7)}${month}.${String(10000 + ((h >>> 7) % 89999))}`;
}

/** Tags of a model's lineage, in the Hub's forms: `base_model:<id>` then `base_model:<relation>:<id>`. */
export function lineageTags(bases: readonly BaseModelRef[]): string[] {
  return [...bases.map((b) => `base_model:${b.id}`), ...bases.map((b) => `base_model:${b.relation}:${b.id}`)];
}
