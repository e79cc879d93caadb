import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EnvironmentEstimate, estimate } from "../../scripts/cost/estimate";
import { render } from "../../scripts/cost/main";
import { renderMarkdown } from "../../scripts/cost/render";
import { defaultUsage } from "../../scripts/cost/usage";
import { PRODUCTION_PHASE_2, synthesizePhase2 } from "../support/phase2-environment";

/**
 * Phase 2 prices: load balancer, Auto Scaling group, interface endpoints or a NAT gateway, Multi-AZ and a read
 * replica. The environments are module-level stand-ins (__tests__/support/phase2-environment.ts) until the
 * stacks build Phase 2. Expected totals are arithmetic from the 2026 Tokyo list prices of the design page
 * (growth.md, section 4), not read from the price file or the tool.
 */

const root = mkdtempSync(join(tmpdir(), "cost-phase2-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const within1Percent = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(0.01);

const hours = 730;
const production = defaultUsage("production");

/** What Phase 2 costs whatever the egress: three zones, two t4g.small hosts, Multi-AZ db.t4g.micro + 1 replica. */
const commonByHand =
  0.0243 * hours + // Application Load Balancer
  0.008 * 1 * hours + // 1 LCU on average (loadBalancerCapacityUnits)
  0.005 * 3 * hours + // the load balancer's public IPv4 address in each of 3 zones
  0.0216 * 2 * hours + // 2 x t4g.small (min_size 2)
  0.096 * 20 * 2 + // 2 x 20 GB gp3 root volumes
  // no public IPv4 on the hosts: associate_public_ip_address = false
  // agent metrics: 4 per host x 2 = 8, inside the 10 free custom metrics
  0.051 * hours + // db.t4g.micro Multi-AZ (about twice 0.025)
  0.138 * 2 * 20 + // 20 GB gp3, Multi-AZ (twice 0.138)
  0.4 + // RDS-managed master secret
  0.025 * hours + // the read replica, db.t4g.micro Single-AZ
  0.138 * 20; // its own 20 GB (the source's allocated storage)

let endpoints: EnvironmentEstimate;
let nat: EnvironmentEstimate;
beforeAll(() => {
  synthesizePhase2(join(root, "endpoints"));
  synthesizePhase2(join(root, "nat"), { ...PRODUCTION_PHASE_2, egress: "nat" });
  endpoints = estimate(join(root, "endpoints"), "production", production);
  nat = estimate(join(root, "nat"), "production", production);
});

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
    const byHand =
      commonByHand +
      0.014 * 9 * 3 * hours + // 9 interface endpoints (HOST_INTERFACE_SERVICES) x 3 zones; the S3 gateway is free
      0.01 * 10; // 10 GB through the endpoints (endpointGiB)
    within1Percent(endpoints.totalUsd, byHand);
    expect(endpoints.notPriced).toEqual([]);
  });

  test("Phase 2 with a NAT gateway instead agrees with the hand computation within 1 %", () => {
    const byHand =
      commonByHand +
      0.062 * hours + // NAT gateway
      0.062 * 10 + // 10 GB through it (natGatewayGiB)
      0.005 * hours; // its Elastic IP
    within1Percent(nat.totalUsd, byHand);
    expect(nat.notPriced).toEqual([]);
    // Nine endpoints in three zones cost more than one NAT gateway (growth.md: say so in the cost table).
    expect(endpoints.stackTotals["production-network"]).toBeGreaterThan(5 * nat.stackTotals["production-network"]);
  });

  test("the stacks carry their own lines: load balancer in ingress, hosts in compute, replica in database", () => {
    expect(endpoints.stackTotals["production-ingress"]).toBeCloseTo(0.0243 * hours + 0.008 * hours + 0.015 * hours, 1);
    expect(endpoints.stackTotals["production-compute"]).toBeCloseTo(0.0216 * 2 * hours + 0.096 * 40, 1);
    const replica = endpoints.items.find((i) => i.description.includes("read replica"))!;
    expect([replica.priceKey, replica.stack]).toEqual(["rds.postgres.db.t4g.micro.single-az", "production-database"]);
    const gateway = endpoints.items.filter((i) => i.address.includes("S3Gateway"));
    expect(gateway).toEqual([]);
    // Traffic lines are too small for the 1 % totals to notice: checked on their own, with their assumption.
    expect(usdOf(endpoints, "vpce.interface.gb")).toBeCloseTo(0.01 * 10, 3);
    expect(endpoints.items.find((i) => i.priceKey === "vpce.interface.gb")!.assumption).toBe("endpointGiB");
    expect(usdOf(nat, "nat.gb")).toBeCloseTo(0.062 * 10, 3);
    expect(nat.items.find((i) => i.priceKey === "nat.gb")!.assumption).toBe("natGatewayGiB");
  });

  test("the phase table puts each phase's stack totals side by side, the total by hand", () => {
    const markdown = renderMarkdown([], undefined, [
      { label: "Phase 2", estimate: endpoints },
      { label: "Phase 2, NAT gateway", estimate: nat },
    ]);
    const ingress = 0.0243 * hours + 0.008 * hours + 0.005 * 3 * hours;
    expect(markdown).toContain(`| production-ingress | ${ingress.toFixed(2)} | ${ingress.toFixed(2)} |`);
    const natNetwork = 0.062 * hours + 0.062 * 10 + 0.005 * hours;
    expect(markdown).toMatch(new RegExp(`\\| production-network \\| \\d+\\.\\d\\d \\| ${natNetwork.toFixed(2)} \\|`));
    expect(markdown).toContain(
      `| **production** | **${endpoints.totalUsd.toFixed(2)}** | **${nat.totalUsd.toFixed(2)}** |`,
    );
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
