import { AnnotationMetadataEntryType, TerraformStack, Testing } from "cdktf";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EnvironmentInput } from "../../config";
import { EnvironmentStacks, buildEnvironment } from "../../stacks";
import { environmentConfig } from "../support/environment";
import { SynthesizedStack } from "../support/synth";

const built = new Map<string, ReturnType<typeof synthesize>>();

/**
 * Builds and synthesizes a whole environment, as `cdktf synth` does (cross-stack references resolved); one
 * synth per environment and domain, shared by the tests that only read it.
 */
function build(name = "development", change?: (env: EnvironmentInput) => EnvironmentInput) {
  const key = `${name}:${change?.toString() ?? ""}`;
  if (!built.has(key)) built.set(key, synthesize(name, change));
  return built.get(key)!;
}

function synthesize(name: string, change: (env: EnvironmentInput) => EnvironmentInput = (e) => e) {
  const app = Testing.app();
  const stacks = buildEnvironment(app, environmentConfig(name, change));
  app.synth();
  const parsed = (stack: TerraformStack): SynthesizedStack =>
    JSON.parse(readFileSync(join(app.outdir, "stacks", stack.node.id, "cdk.tf.json"), "utf8")) as SynthesizedStack;
  return { app, stacks, parsed };
}

const WORKLOAD: (keyof EnvironmentStacks)[] = ["storage", "registry", "database", "parameters", "compute"];

describe("Phase 1 stacks", () => {
  test("each workload stack is its own stack with its own state key", () => {
    const { stacks, parsed } = build("test");
    for (const kind of WORKLOAD) {
      const stack = stacks[kind]!;
      expect(stack.node.id).toBe(`test-${kind}`);
      const backend = (parsed(stack).terraform as { backend: { s3: { key: string } } }).backend.s3;
      expect(backend.key).toBe(`test/${kind}.tfstate`);
    }
  });

  test("no data source reads AWS at plan time: only remote state of upstream stacks", () => {
    const { stacks, parsed } = build();
    for (const kind of WORKLOAD) {
      const types = Object.keys(parsed(stacks[kind]!).data ?? {});
      expect(types.filter((t) => t !== "terraform_remote_state")).toEqual([]);
    }
  });

  test("database and compute read the network stack's outputs", () => {
    const { stacks, parsed } = build();
    for (const kind of ["database", "compute"] as const) {
      const remote = Object.keys(parsed(stacks[kind]).data?.terraform_remote_state ?? {});
      expect(remote).toEqual(expect.arrayContaining([expect.stringMatching(/development-network$/)]));
    }
  });

  test("deploy order: network, then storage/registry/database, then parameters, then compute", () => {
    const { stacks } = build();
    const deps = (kind: keyof EnvironmentStacks) => stacks[kind]!.dependencies.map((s) => s.node.id).sort();
    expect(deps("database")).toEqual(["development-network"]);
    expect(deps("parameters")).toEqual(["development-database", "development-registry", "development-storage"]);
    expect(deps("compute")).toEqual(
      expect.arrayContaining(["development-network", "development-database", "development-parameters"]),
    );
    expect(deps("storage")).toEqual([]);
    expect(deps("registry")).toEqual([]);
  });

  test("the parameters stack publishes what the application needs under /<project>/<env>/app", () => {
    const { stacks, parsed } = build();
    const names = Object.values(parsed(stacks.parameters).resource?.aws_ssm_parameter ?? {}).map((p) => p.name);
    expect(names.sort()).toEqual([
      "/webapp/development/app/AWS_REGION",
      "/webapp/development/app/DB_HOST",
      "/webapp/development/app/DB_NAME",
      "/webapp/development/app/DB_PORT",
      "/webapp/development/app/DB_SECRET_ARN",
      "/webapp/development/app/LOG_GROUP",
      "/webapp/development/app/PGSSLMODE",
      "/webapp/development/app/S3_BUCKET",
      "/webapp/development/deploy/image-repository",
      "/webapp/development/deploy/image-tag",
    ]);
  });

  test("the bucket policy names the role the compute stack creates", () => {
    const { stacks, parsed } = build();
    const policy = Object.values(parsed(stacks.storage).resource?.aws_s3_bucket_policy ?? {})[0];
    const role = Object.values(parsed(stacks.compute).resource?.aws_iam_role ?? {})[0];
    expect(String(policy.policy)).toContain(`:role/${role.name}`);
  });

  test("without a domain there is no DNS stack, and synth says so", () => {
    const { app, stacks } = build();
    expect(stacks.dns).toBeUndefined();
    expect(app.node.children.map((c) => c.node.id)).not.toContain("development-dns");
    const info = stacks.compute.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.INFO);
    expect(info.map((m) => m.data)).toEqual([expect.stringMatching(/No DNS for development: .*dns\.domainName/)]);
  });

  test("with a domain the DNS stack points the record at the compute stack's Elastic IP", () => {
    const { stacks, parsed } = build("production", (e) => ({ ...e, dns: { domainName: "example.com" } }));
    expect(stacks.dns?.node.id).toBe("production-dns");
    const dns = parsed(stacks.dns!);
    const [record] = Object.values(dns.resource?.aws_route53_record ?? {});
    expect(String((record.records as string[])[0])).toMatch(/terraform_remote_state\.[\w-]*production-compute/);
    expect(stacks.compute.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.INFO)).toEqual([]);
  });

  test("production's database and bucket refuse terraform destroy; development's do not", () => {
    const protectedIn = (name: string) => {
      const { stacks, parsed } = build(name);
      const db = Object.values(parsed(stacks.database).resource?.aws_db_instance ?? {})[0];
      const bucket = Object.values(parsed(stacks.storage).resource?.aws_s3_bucket ?? {})[0];
      return [db.lifecycle, bucket.lifecycle];
    };
    expect(protectedIn("production")).toEqual([{ prevent_destroy: true }, { prevent_destroy: true }]);
    expect(protectedIn("development")).toEqual([undefined, undefined]);
  });
});
