import { TerraformResource, TerraformStack } from "cdktf";
// The function cdktf itself names resources with (`TerraformStack.allocateLogicalId`); the package exports it
// only from this path. __tests__/modules/addresses.test.ts pins its results against addresses cdktf synthesized.
import { makeUniqueId } from "cdktf/lib/private/unique";
import { IConstruct } from "constructs";

/** The construct IDs from the stack that holds `scope` down to `scope` itself, as cdktf names resources from. */
export function pathInStack(scope: IConstruct): string[] {
  const stack = TerraformStack.of(scope);
  const scopes = scope.node.scopes;
  return scopes.slice(scopes.indexOf(stack) + 1).map((c) => c.node.id);
}

/**
 * The Terraform address cdktf gives a resource of `type` at `path` (construct IDs below its stack), for example
 * `aws_subnet.Network_PublicSubnet0_B2FC5C28` for `["Network", "PublicSubnet0"]`.
 */
export function addressAt(type: string, path: readonly string[]): string {
  return `${type}.${makeUniqueId([...path])}`;
}

/**
 * Tells Terraform that `resource` is the one that lived at `legacyPath` (construct IDs below the stack) before
 * its construct path changed: a `moved` block from the old address to the new one, so the deployed object is
 * kept and nobody runs `terraform state mv`. Moves only within one stack; a move to another stack needs
 * `terraform state rm` and `terraform import` (CHANGELOG.md).
 *
 * @returns the old address.
 */
export function movedFrom(resource: TerraformResource, legacyPath: readonly string[]): string {
  const from = addressAt(resource.terraformResourceType, legacyPath);
  resource.moveFromId(from);
  return from;
}
