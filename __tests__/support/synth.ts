import { TerraformStack, Testing } from "cdktf";

/** The synthesized Terraform JSON of a stack, parsed. */
export interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, Record<string, unknown>>;
  readonly terraform?: Record<string, unknown>;
  readonly provider?: Record<string, unknown[]>;
  /** Terraform `moved` blocks: addresses that changed, from the old one to the new one. */
  readonly moved?: readonly { readonly from: string; readonly to: string }[];
}

/** Synthesizes `stack` and returns the JSON string (for cdktf's matchers) and the parsed object. */
export function synth(stack: TerraformStack): { json: string; parsed: SynthesizedStack } {
  const json = Testing.synth(stack);
  return { json, parsed: JSON.parse(json) as SynthesizedStack };
}

/** Every resource of `type` in a synthesized stack, as [name, config] pairs. */
export function resourcesOf(parsed: SynthesizedStack, type: string): [string, Record<string, unknown>][] {
  return Object.entries(parsed.resource?.[type] ?? {});
}

/** The single resource of `type`; fails when there is not exactly one. */
export function onlyResource(parsed: SynthesizedStack, type: string): Record<string, unknown> {
  const found = resourcesOf(parsed, type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  return found[0][1];
}

/** The synthesized stack's `moved` blocks as a map from the old address to the new one. */
export function movedBlocks(parsed: SynthesizedStack): Record<string, string> {
  return Object.fromEntries((parsed.moved ?? []).map((m) => [m.from, m.to]));
}
