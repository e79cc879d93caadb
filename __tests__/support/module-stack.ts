import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { SynthesizedStack, synth } from "./synth";

/**
 * Builds one module in an otherwise empty stack (with an AWS provider) and synthesizes it, so a module test sees
 * only that module's resources.
 */
export function synthModule<T>(build: (scope: Construct) => T): {
  json: string;
  parsed: SynthesizedStack;
  construct: T;
} {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "Aws", { region: "ap-northeast-1" });
  const construct = build(stack);
  return { ...synth(stack), construct };
}

/** Parses an IAM or bucket policy document from a synthesized `policy` attribute. */
export function policyOf(resource: Record<string, unknown>): {
  Statement: {
    Sid?: string;
    Effect: string;
    Action: string | string[];
    Resource: string | string[];
    Condition?: unknown;
    Principal?: unknown;
  }[];
} {
  return JSON.parse(String(resource.policy));
}
