import { z } from "zod";
import { cidrContains, cidrSubnet, cidrsOverlap, formatCidr, parseCidr } from "./cidr";
import {
  DeepReadonly,
  Resolved,
  acrossFields,
  failed,
  flag,
  list,
  report,
  retentionDays,
  section,
  text,
} from "./rules";

const MAX_AZS = 8;
// Derived subnets split the VPC into 16 equal blocks: public subnets take 0..7, private subnets 8..15.
const DERIVED_SUBNET_BITS = 4;
const PRIVATE_BLOCK_OFFSET = 8;
const SUBNET_LISTS = ["publicSubnetCidrs", "privateSubnetCidrs"] as const;

const subnetCidr = text({
  test: (cidr) => (parseCidr(cidr)?.prefixLength ?? 99) <= 28,
  expected: "an IPv4 CIDR with no host bits set and a prefix length of at most /28",
  fix: "write the subnet's network address, for example 10.0.1.0/24",
});

const subnetList = list(subnetCidr, {
  expected: "a list of subnet CIDRs, one per availability zone",
  fix: "give exactly one subnet per zone, in the order of availabilityZones, or omit the list to derive it",
});

const fields = section(
  "network section",
  {
    /** IPv4 CIDR of the VPC, `/16` to `/24`. */
    vpcCidr: text(
      {
        test: (cidr) => parseCidr(cidr) !== undefined,
        expected: "an IPv4 CIDR with no host bits set, such as 10.0.0.0/16",
        fix: "write the network address and prefix length, for example 10.10.0.0/16",
      },
      {
        test: (cidr) => parseCidr(cidr)!.prefixLength >= 16 && parseCidr(cidr)!.prefixLength <= 24,
        expected: "a prefix length from /16 to /24",
        fix: "AWS allows /16 to /28 for a VPC; this project needs room for 16 subnets, so use /16 to /24",
      },
    ),
    /** Availability zones, at least two (RDS subnet groups need two), all in the environment's region. */
    availabilityZones: list(
      text({ expected: "an availability zone name such as ap-northeast-1a", fix: "write the zone's name" }),
      {
        test: (azs) => azs.length >= 2 && azs.length <= MAX_AZS,
        expected: `2 to ${MAX_AZS} availability zones`,
        fix: "list at least two zones: an RDS subnet group needs subnets in two availability zones",
      },
      { test: (azs) => new Set(azs).size === azs.length, expected: "distinct zones", fix: "remove the repeated zone" },
    ),
    /**
     * One public subnet CIDR per availability zone, in the same order.
     * @default - derived: the VPC split into 16 blocks, public subnets take blocks 0..n-1
     */
    publicSubnetCidrs: subnetList.optional(),
    /**
     * One private subnet CIDR per availability zone, in the same order.
     * @default - derived: the VPC split into 16 blocks, private subnets take blocks 8..8+n-1
     */
    privateSubnetCidrs: subnetList.optional(),
    /**
     * Record VPC flow logs (all traffic) to CloudWatch Logs.
     * Off by default: ingestion costs about USD 0.76 per GB in ap-northeast-1, which a minimal environment rarely justifies.
     * @default false
     */
    enableFlowLogs: flag().default(false),
    /**
     * Retention of the flow log group, in days.
     * @default 30
     */
    flowLogRetentionDays: retentionDays().default(30),
    /**
     * One NAT gateway in the first public subnet, the private subnets' route to the internet: for an application
     * that must call third-party APIs from private hosts. About USD 45 a month plus USD 0.062 per GB in
     * ap-northeast-1, and one zone's outage cuts that route (docs/phase2.md). VPC endpoints reach AWS without it.
     * @default false
     */
    enableNatGateway: flag().default(false),
    /**
     * Refuse `terraform destroy` of the NAT gateway's Elastic IP, the outbound address third parties allow-list.
     * Turning it off in production needs an acknowledged PREVENT-DESTROY.
     * @default - true in production, false elsewhere
     */
    preventNatAddressDestroy: flag().optional(),

    /**
     * Refuse `terraform destroy` of the flow log group (`lifecycle.prevent_destroy`), when flow logs are on.
     * Turning it off in production needs an acknowledged PREVENT-DESTROY.
     * @default - true in production, false elsewhere
     */
    preventFlowLogDestroy: flag().optional(),
  },
  { fix: "add network: { vpcCidr, availabilityZones } to the environment" },
);

/** The subnets of `vpcCidr` the project derives for `zoneCount` zones, starting at block `offset`. */
function derivedSubnets(vpcCidr: string, zoneCount: number, offset: number): string[] {
  const vpc = parseCidr(vpcCidr)!;
  return Array.from({ length: zoneCount }, (_, i) => formatCidr(cidrSubnet(vpc, DERIVED_SUBNET_BITS, offset + i)));
}

/**
 * The network section of one environment: the VPC, its zones and subnets. Subnet CIDRs are checked for format
 * even while the VPC CIDR is invalid; containment and overlap need a valid VPC and are checked once it is.
 */
export const networkSchema = acrossFields(fields, (network, ctx) => {
  const azs = network.availabilityZones;
  const zoneCount = Array.isArray(azs) && !failed(ctx, "availabilityZones") ? azs.length : undefined;
  const vpcOk = typeof network.vpcCidr === "string" && !failed(ctx, "vpcCidr");
  const subnets: { path: (string | number)[]; cidr: string }[] = [];
  SUBNET_LISTS.forEach((field, listIndex) => {
    const given = network[field];
    if (Array.isArray(given)) {
      if (zoneCount !== undefined && given.length !== zoneCount) {
        report(
          ctx,
          [field],
          given,
          `one CIDR per availability zone (${zoneCount})`,
          "give exactly one subnet per zone, in the order of availabilityZones, or omit the list to derive it",
        );
      }
      given.forEach((cidr, i) => {
        if (!failed(ctx, field, i)) subnets.push({ path: [field, i], cidr: cidr as string });
      });
    } else if (given === undefined && vpcOk && zoneCount !== undefined) {
      const derived = derivedSubnets(network.vpcCidr as string, zoneCount, listIndex * PRIVATE_BLOCK_OFFSET);
      derived.forEach((cidr, i) => subnets.push({ path: [field, i], cidr }));
    }
  });
  const blocks = subnets.map((s) => ({ ...s, block: parseCidr(s.cidr)! }));
  if (vpcOk) {
    const vpc = parseCidr(network.vpcCidr as string)!;
    for (const s of blocks.filter((b) => !cidrContains(vpc, b.block))) {
      report(
        ctx,
        s.path,
        s.cidr,
        `a block inside the VPC ${network.vpcCidr}`,
        "choose a subnet inside the VPC CIDR, or widen the VPC",
      );
    }
  }
  blocks.forEach((a, i) => {
    for (const b of blocks.slice(i + 1).filter((other) => cidrsOverlap(a.block, other.block))) {
      report(
        ctx,
        b.path,
        b.cidr,
        `no overlap with network.${a.path[0]}[${a.path[1]}] (${a.cidr})`,
        "give every subnet its own block",
      );
    }
  });
}).transform((network) => ({
  ...network,
  /** One public subnet CIDR per availability zone, in the same order; derived when configuration gives none. */
  publicSubnetCidrs: network.publicSubnetCidrs ?? derivedSubnets(network.vpcCidr, network.availabilityZones.length, 0),
  /** One private subnet CIDR per availability zone, in the same order; derived when configuration gives none. */
  privateSubnetCidrs:
    network.privateSubnetCidrs ??
    derivedSubnets(network.vpcCidr, network.availabilityZones.length, PRIVATE_BLOCK_OFFSET),
}));

/** Network settings for one environment, as written in configuration. */
export type NetworkInput = DeepReadonly<z.input<typeof networkSchema>>;

/** Network settings after validation, with subnets resolved. */
export type NetworkConfig = DeepReadonly<
  Resolved<z.output<typeof networkSchema>, "preventFlowLogDestroy" | "preventNatAddressDestroy">
>;
