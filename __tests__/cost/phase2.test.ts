import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AVAILABLE_PHASES } from "../../config";
import { EnvironmentEstimate, estimate } from "../../scripts/cost/estimate";
import { render } from "../../scripts/cost/main";
import { comparedConfigurations } from "../../scripts/cost/phases";
import { renderMarkdown } from "../../scripts/cost/render";
import { defaultUsage } from "../../scripts/cost/usage";
import {
  PHASE_2_BY_HAND,
  PHASE_2_COMPUTE_BY_HAND,
  PHASE_2_ENDPOINTS_BY_HAND,
  PHASE_2_INGRESS_BY_HAND,
  PHASE_2_NAT_BY_HAND,
  PHASE_2_WITH_NAT_BY_HAND,
} from "../support/cost-by-hand";
import { phase2Production, withNatGateway } from "../support/phase2-environment";
import { synthesizeAllEnvironments } from "../support/terraform";

/**
 * Phase 2 prices: load balancer, Auto Scaling group, interface endpoints or a NAT gateway, Multi-AZ and a read
 * replica, on production as the stacks build Phase 2 (with a domain, which its load balancer needs). Expected
 * totals are arithmetic from the 2026 Tokyo list prices (__tests__/support/cost-by-hand.ts), not read from the
 * price file or the tool.
 */

const root = mkdtempSync(join(tmpdir(), "cost-phase2-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const within1Percent = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(0.01);

const hours = 730;
const production = defaultUsage("production");

let endpoints: EnvironmentEstimate;
let nat: EnvironmentEstimate;
beforeAll(() => {
  synthesizeAllEnvironments(join(root, "endpoints"), phase2Production());
  synthesizeAllEnvironments(join(root, "nat"), phase2Production(withNatGateway));
  endpoints = estimate(join(root, "endpoints"), "production", production);
  nat = estimate(join(root, "nat"), "production", production);
}, 120_000);

/** Writes one environment of raw stacks (`{ stack: { type: { name: config } } }`) and estimates it. */
function estimateRaw(
  name: string,
  stacks: Record<string, Record<string, Record<string, Record<string, unknown>>>>,
): EnvironmentEstimate {
  const dir = join(root, name);
  const manifest: Record<string, { synthesizedStackPath: string }> = {};
  for (const [stack, resource] of Object.entries(stacks)) {
    mkdirSync(join(dir, "stacks", stack), { recursive: true });
    writeFileSync(
      join(dir, "stacks", stack, "cdk.tf.json"),
      JSON.stringify({ provider: { aws: [{ region: "ap-northeast-1" }] }, resource }),
    );
    manifest[stack] = { synthesizedStackPath: `stacks/${stack}/cdk.tf.json` };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ stacks: manifest }));
  return estimate(dir, "production", production);
}

const usdOf = (e: EnvironmentEstimate, priceKey: string) =>
  e.items.filter((i) => i.priceKey === priceKey).reduce((sum, i) => sum + i.monthlyUsd, 0);

describe("Phase 2 cost", () => {
  test("Phase 2 with endpoints agrees with the hand computation within 1 %", () => {
    within1Percent(endpoints.totalUsd, PHASE_2_BY_HAND);
    expect(endpoints.notPriced).toEqual([]);
  });

  test("Phase 2 with a NAT gateway instead agrees with the hand computation within 1 %", () => {
    within1Percent(nat.totalUsd, PHASE_2_WITH_NAT_BY_HAND);
    expect(nat.notPriced).toEqual([]);
    // Nine endpoints in three zones cost more than one NAT gateway (growth.md: say so in the cost table).
    expect(endpoints.stackTotals["production-network"]).toBeGreaterThan(5 * nat.stackTotals["production-network"]);
  });

  test("the stacks carry their own lines: load balancer in ingress, hosts in compute, egress in network", () => {
    expect(endpoints.stackTotals["production-ingress"]).toBeCloseTo(PHASE_2_INGRESS_BY_HAND, 1);
    expect(endpoints.stackTotals["production-compute"]).toBeCloseTo(PHASE_2_COMPUTE_BY_HAND, 1);
    expect(endpoints.stackTotals["production-network"]).toBeCloseTo(PHASE_2_ENDPOINTS_BY_HAND, 1);
    expect(nat.stackTotals["production-network"]).toBeCloseTo(PHASE_2_NAT_BY_HAND, 1);
    const replica = endpoints.items.find((i) => i.description.includes("read replica"))!;
    expect([replica.priceKey, replica.stack]).toEqual(["rds.postgres.db.t4g.micro.single-az", "production-database"]);
    // Nine interface endpoints, each in the three private subnets; the S3 gateway has no line.
    const endpointHours = endpoints.items.filter((i) => i.priceKey === "vpce.interface.hour");
    expect(endpointHours.map((i) => i.quantity)).toEqual(Array(9).fill(3 * hours));
    expect(endpoints.items.filter((i) => i.address.includes("S3Gateway"))).toEqual([]);
    // Traffic lines are too small for the 1 % totals to notice: checked on their own, with their assumption.
    expect(usdOf(endpoints, "vpce.interface.gb")).toBeCloseTo(0.01 * 10, 3);
    expect(endpoints.items.find((i) => i.priceKey === "vpce.interface.gb")!.assumption).toBe("endpointGiB");
    expect(usdOf(nat, "nat.gb")).toBeCloseTo(0.062 * 10, 3);
    expect(nat.items.find((i) => i.priceKey === "nat.gb")!.assumption).toBe("natGatewayGiB");
  });

  test("every phase this version builds is compared, and Phase 2 with a NAT gateway as its variant", () => {
    const compared = comparedConfigurations();
    expect(compared.filter((c) => !c.baseline).map((c) => c.patch.phase)).toEqual(AVAILABLE_PHASES);
    expect(compared.map((c) => [c.label, c.baseline])).toEqual([
      ["Phase 1", undefined],
      ["Phase 2", undefined],
      ["Phase 2, NAT gateway", "Phase 2"],
    ]);
    // Phase 2 is compared with a domain, and without the acknowledgement that a domain resolves.
    expect(compared[1].patch).toMatchObject({ phase: 2, dns: { domainName: "example.com" } });
    expect(JSON.stringify(compared[1].patch)).not.toContain("HTTPS-IN-PRODUCTION");
  });

  test("the phase table puts each phase's stack totals side by side, the total by hand", () => {
    const markdown = renderMarkdown([], undefined, [
      { label: "Phase 2", estimate: endpoints },
      { label: "Phase 2, NAT gateway", estimate: nat, baseline: "Phase 2" },
    ]);
    const ingress = PHASE_2_INGRESS_BY_HAND.toFixed(2);
    expect(markdown).toContain(`| production-ingress | ${ingress} | ${ingress} |`);
    expect(markdown).toContain(
      `| production-network | ${PHASE_2_ENDPOINTS_BY_HAND.toFixed(2)} | ${PHASE_2_NAT_BY_HAND.toFixed(2)} |`,
    );
    expect(markdown).toContain(
      `| **production** | **${endpoints.totalUsd.toFixed(2)}** | **${nat.totalUsd.toFixed(2)}** |`,
    );
  });

  test("the report itemizes Phase 2 and puts the NAT gateway against the endpoints in numbers", () => {
    const markdown = renderMarkdown([], undefined, [
      { label: "Phase 2", estimate: endpoints },
      { label: "Phase 2, NAT gateway", estimate: nat, baseline: "Phase 2" },
    ]);
    const section = markdown.slice(markdown.indexOf("## Phase 2 cost"));
    expect(section).toContain(`production as Phase 2: USD ${endpoints.totalUsd.toFixed(2)} per month, item by item`);
    expect(section).toMatch(/\| production-database \| `aws_db_instance\.ReadReplica-1_\w+` \| RDS db\.t4g\.micro/);
    // The variant is its difference from Phase 2: the nine endpoints removed, the gateway and its address added.
    const variant = section.slice(section.indexOf("### Phase 2, NAT gateway"));
    expect(variant.match(/Interface endpoint \S+, 3 zones \(removed\)/g)).toHaveLength(9);
    expect(variant).toMatch(
      /\| `aws_nat_gateway\.\w+` \| NAT gateway \(added\) \| - \| 0\.062\/hour x 730 = 45\.26 \|/,
    );
    const endpointsUsd = PHASE_2_ENDPOINTS_BY_HAND.toFixed(2);
    const natUsd = PHASE_2_NAT_BY_HAND.toFixed(2);
    const more = (PHASE_2_ENDPOINTS_BY_HAND - PHASE_2_NAT_BY_HAND).toFixed(2);
    const text = variant.replace(/\n/g, " ");
    expect(text).toContain(`9 interface endpoints in 3 zones cost USD ${endpointsUsd} a month`);
    expect(text).toContain(`One NAT gateway with its Elastic IP costs USD ${natUsd}`);
    expect(text).toContain(`USD ${more} a month more`);
    // Each zone of endpoints: 9 x 0.014 x 730; each endpoint: 3 x 0.014 x 730.
    expect(text).toContain(`each zone of them costs USD ${(9 * 0.014 * hours).toFixed(2)} a month`);
    expect(text).toContain(`each endpoint costs USD ${(3 * 0.014 * hours).toFixed(2)}, and \`ec2messages\``);
  });

  test("JSON with phases carries each phase's total and stack totals next to the environments", () => {
    const json = JSON.parse(render([endpoints], "json", [{ label: "Phase 2", estimate: nat }])) as {
      environments: { totalUsd: number }[];
      phases: { label: string; totalUsd: number; stackTotals: Record<string, number> }[];
    };
    expect(json.environments[0].totalUsd).toBe(endpoints.totalUsd);
    expect(json.phases).toEqual([{ label: "Phase 2", totalUsd: nat.totalUsd, stackTotals: nat.stackTotals }]);
  });

  test.each([
    ["min_size", { min_size: 2 }, 2],
    ["desired_capacity when set", { min_size: 1, desired_capacity: 3 }, 3],
  ])("an Auto Scaling group runs %s instances of its launch template's type", (_, sizes, count) => {
    const result = estimateRaw(`asg-${count}`, {
      "production-compute": {
        aws_launch_template: {
          Template: {
            instance_type: "t4g.micro",
            block_device_mappings: [{ ebs: { volume_size: 30, volume_type: "gp3" } }],
            network_interfaces: [{ associate_public_ip_address: "false" }],
          },
        },
        aws_autoscaling_group: {
          Group: { ...sizes, launch_template: { id: "${aws_launch_template.Template.id}", version: "$Latest" } },
        },
      },
    });
    expect(usdOf(result, "ec2.instance.t4g.micro")).toBeCloseTo(0.0108 * count * hours, 2);
    expect(usdOf(result, "ebs.gp3")).toBeCloseTo(0.096 * 30 * count, 2);
    expect(usdOf(result, "vpc.public-ipv4")).toBe(0);
  });

  test("hosts with a public address on launch pay the public IPv4 charge, each", () => {
    const result = estimateRaw("asg-public", {
      "production-compute": {
        aws_launch_template: {
          Template: { instance_type: "t4g.micro", network_interfaces: [{ associate_public_ip_address: "true" }] },
        },
        aws_autoscaling_group: {
          Group: { min_size: 2, launch_template: { id: "${aws_launch_template.Template.id}" } },
        },
      },
    });
    expect(usdOf(result, "vpc.public-ipv4")).toBeCloseTo(0.005 * 2 * hours, 2);
  });

  test("an internal load balancer has no public addresses; an internet-facing one has one per zone", () => {
    const result = estimateRaw("internal-lb", {
      "production-ingress": {
        aws_lb: {
          Internal: { load_balancer_type: "application", internal: true, subnets: ["a", "b"] },
          Public: { load_balancer_type: "application", subnets: ["a", "b"] },
        },
      },
    });
    const addresses = result.items.filter((i) => i.priceKey === "vpc.public-ipv4");
    expect(addresses.map((i) => [i.address, i.quantity])).toEqual([["aws_lb.Public", 2 * hours]]);
  });

  test("a replica in another stack bills its source's storage; subnets read from another stack count the tier", () => {
    const result = estimateRaw("cross-stack", {
      "production-network": {
        aws_subnet: {
          A: { tags: { tier: "private" } },
          B: { tags: { tier: "private" } },
          C: { tags: { tier: "public" } },
        },
        aws_vpc_endpoint: {
          Logs: {
            vpc_endpoint_type: "Interface",
            service_name: "com.amazonaws.ap-northeast-1.logs",
            subnet_ids: "${data.terraform_remote_state.x.outputs.subnets}",
          },
        },
      },
      "production-database": {
        aws_db_instance: { Primary: { instance_class: "db.t4g.micro", allocated_storage: 50, multi_az: true } },
      },
      "production-replicas": {
        aws_db_instance: {
          Replica: {
            instance_class: "db.t4g.micro",
            replicate_source_db: "${data.terraform_remote_state.database.outputs.identifier}",
          },
        },
      },
    });
    const replicaStorage = result.items.find((i) => i.stack === "production-replicas" && i.priceKey.includes("gp3"))!;
    expect([replicaStorage.priceKey, replicaStorage.quantity]).toEqual(["rds.gp3.single-az", 50]);
    const endpoint = result.items.find((i) => i.priceKey === "vpce.interface.hour")!;
    expect(endpoint.quantity).toBe(2 * hours);
  });
});
