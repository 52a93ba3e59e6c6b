/**
 * The model card: README.md with YAML front matter, and `cardData`, the same front matter as JSON (what the
 * Hub serves). Both come from one object, so they always agree.
 */
import type { HubModel } from './hub-model.js';
import { Rng, hash32 } from './random.js';

export type CardData = Record<string, string | string[]>;

/** The card's front matter as the API's `cardData`; null when the README has none. */
export function cardDataOf(model: HubModel): CardData | null {
  if (!model.hasCard) return null;
  const card: CardData = {};
  card['language'] = model.languages.length === 1 ? (model.languages[0] as string) : [...model.languages];
  card['license'] = model.license;
  if (model.facts.licenseName !== null) card['license_name'] = model.facts.licenseName;
  if (model.facts.licenseLink !== null) card['license_link'] = model.facts.licenseLink;
  if (model.libraryName !== null) card['library_name'] = model.libraryName;
  const tags = ['generated_from_trainer', model.family.stem.toLowerCase()].filter(
    (_, i) => i > 0 || model.baseModel !== null,
  );
  card['tags'] = tags;
  if (model.datasets.length > 0) card['datasets'] = [...model.datasets];
  const bases = model.baseModels.map((b) => b.id);
  if (bases.length > 0) card['base_model'] = bases.length === 1 ? (bases[0] as string) : bases;
  // The Hub infers the relation; cards may state it (`base_model_relation`), more often for quantizations.
  const relation = model.baseModel?.relation;
  if (relation !== undefined && relation !== 'finetune' && model.facts.cardRelation)
    card['base_model_relation'] = relation;
  if (model.pipelineTag !== null) card['pipeline_tag'] = model.pipelineTag;
  return card;
}

function yamlScalar(value: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9_./:-]*$/.test(value) && !/:\s|:$/.test(value)
    ? value
    : JSON.stringify(value);
}

/** YAML for a flat object of strings and string lists (all the card needs). */
export function cardYaml(card: CardData): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(card)) {
    if (Array.isArray(value)) {
      if (value.length === 0) lines.push(`${key}: []`);
      else lines.push(`${key}:`, ...value.map((v) => `- ${yamlScalar(v)}`));
    } else {
      lines.push(`${key}: ${yamlScalar(value)}`);
    }
  }
  return lines.join('\n') + '\n';
}

const FILLER = [
  'This model was trained on the data listed above.',
  'Evaluation results are reported on the held-out split.',
  'Use it with the library named in the card metadata.',
  'Limitations: the model inherits the biases of its training data.',
  'Training used a linear learning-rate schedule with warm-up.',
  'Intended for research and education.',
];

/**
 * README.md: front matter, a title, and filler up to `extraBytes`. `revision` > 1 marks the update of the
 * `moved` repo (so its README differs between the two commits).
 */
export function readmeText(model: HubModel, extraBytes: number, revision: number): string {
  const card = cardDataOf(model);
  const title = model.id.slice(model.id.indexOf('/') + 1);
  let text = card === null ? '' : `---\n${cardYaml(card)}---\n\n`;
  text += `# ${title}\n\n`;
  if (model.baseModel !== null)
    text += `This model is a ${model.baseModel.relation} of [${model.baseModel.id}](/${model.baseModel.id}).\n\n`;
  const rng = new Rng(hash32(0x72656164, model.index, revision));
  const target = text.length + extraBytes;
  while (text.length < target) text += `${rng.pick(FILLER)}\n`;
  if (revision > 1) text += `\n## Changelog\n\n- Updated weights (revision ${revision}).\n`;
  return text;
}
