import { isUnresolved } from "../synthesized-stack";
import { COMPLIANT, GuardrailRule, cannotVerify, nonCompliant } from "../types";
import { isComputed, stringArg, stringList } from "../values";

/**
 * The group keeps serving when an availability zone fails: its subnets are in at least two zones, so it launches
 * replacements in the zone that is left.
 */
export const asgSpansTwoZones: GuardrailRule = {
  id: "ASG-MULTI-AZ",
  description:
    "Auto Scaling groups span at least two availability zones: vpc_zone_identifier lists two or more distinct " +
    "subnets, and those created in the same stack are in at least two zones (or availability_zones lists two).",
  equivalents: { fsbp: ["AutoScaling.2"] },
  appliesTo: ["aws_autoscaling_group"],
  check(group, { stack }) {
    const c = group.config;
    const fix =
      "set vpc_zone_identifier to the private subnets of at least two availability zones (modules/network creates one " +
      "per zone)";
    if (c.vpc_zone_identifier !== undefined && c.vpc_zone_identifier !== null) {
      const raw = c.vpc_zone_identifier;
      // One expression for the whole list (a variable, a function, a list output) may hold one subnet or none.
      if (typeof raw === "string" && isUnresolved(raw)) {
        return cannotVerify(this.id, "vpc_zone_identifier", raw, "a list of subnet references, one per zone");
      }
      const subnets = [...new Set(stringList(raw))];
      const computed = subnets.find(isComputed);
      if (computed) return cannotVerify(this.id, "vpc_zone_identifier", computed, "a reference to the subnet");
      // Subnets of this stack tell their zone; others (an upstream stack's output, an ID) count as one zone each.
      const zones = new Set<string>();
      let unknown = 0;
      for (const subnet of subnets) {
        const local = stack.referencedResource(subnet, ["aws_subnet"]);
        const zone = local ? stringArg(local.config.availability_zone ?? local.config.availability_zone_id) : undefined;
        if (zone?.state === "set") zones.add(zone.value);
        else unknown += 1;
      }
      if (zones.size + unknown >= 2) return COMPLIANT;
      return nonCompliant(
        subnets.length < 2
          ? `the group launches into ${subnets.length === 0 ? "no subnet" : "one subnet"}, so one zone's outage stops it`
          : `the group's subnets are all in ${[...zones][0]}, so one zone's outage stops it`,
        fix,
      );
    }
    const zones = [...new Set(stringList(c.availability_zones))];
    const computed = zones.find(isUnresolved);
    if (computed) return cannotVerify(this.id, "availability_zones", computed, '"ap-northeast-1a"');
    if (zones.length >= 2) return COMPLIANT;
    return nonCompliant(
      zones.length === 0 ? "the group names no subnet and no availability zone" : `the group runs only in ${zones[0]}`,
      fix,
    );
  },
};
