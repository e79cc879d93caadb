import { AnnotationMetadataEntryType } from "cdktf";
import { EnvironmentStacks } from "../../stacks";
import { WITH_DOMAIN, buildSynthesized as build } from "./environment-fixtures";

const WORKLOAD: (keyof EnvironmentStacks)[] = ["storage", "registry", "database", "parameters", "compute"];

describe("Phase 1 stacks", () => {
  test("each workload stack is its own stack with its own state key", () => {
    const { stacks, parsed } = build("test");
    for (const kind of WORKLOAD) {
      const stack = stacks[kind];
      expect(stack.node.id).toBe(`test-${kind}`);
      const backend = (parsed(stack).terraform as { backend: { s3: { key: string } } }).backend.s3;
      expect(backend.key).toBe(`test/${kind}.tfstate`);
    }
  });

  test("no data source reads AWS at plan time: only remote state of upstream stacks", () => {
    const { stacks, parsed } = build();
    for (const kind of WORKLOAD) {
      const types = Object.keys(parsed(stacks[kind]).data ?? {});
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
    const deps = (kind: keyof EnvironmentStacks) => stacks[kind].dependencies.map((s) => s.node.id).sort();
    expect(deps("database")).toEqual(["development-network"]);
    expect(deps("parameters")).toEqual([
      "development-database",
      "development-identity",
      "development-registry",
      "development-storage",
    ]);
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
      "/webapp/development/app/DB_READER_HOST",
      "/webapp/development/app/DB_USER",
      "/webapp/development/app/LOG_GROUP",
      "/webapp/development/app/PGSSLMODE",
      "/webapp/development/app/S3_BUCKET",
      "/webapp/development/database/master-secret-arn",
      "/webapp/development/deploy/image-repository",
      "/webapp/development/deploy/image-tag",
    ]);
  });

  test("the application is told its own database user; the master secret's ARN stays outside app/", () => {
    const { stacks, parsed } = build();
    const byName = Object.fromEntries(
      Object.values(parsed(stacks.parameters).resource?.aws_ssm_parameter ?? {}).map((p) => [p.name, p.value]),
    );
    expect(byName["/webapp/development/app/DB_USER"]).toBe("app_user");
    expect(byName["/webapp/development/app/PGSSLMODE"]).toBe("require");
    expect(String(byName["/webapp/development/database/master-secret-arn"])).toMatch(/master_user_secret/);
  });

  test("the bucket policy names the role the compute stack creates", () => {
    const { stacks, parsed } = build();
    const policy = Object.values(parsed(stacks.storage).resource?.aws_s3_bucket_policy ?? {})[0];
    const role = Object.values(parsed(stacks.compute).resource?.aws_iam_role ?? {})[0];
    expect(String(policy.policy)).toContain(`:role/${role.name}`);
  });

  test("without a domain the dns and records stacks are empty, and synth says where the application answers", () => {
    const { stacks, parsed } = build();
    expect(stacks.dns.node.id).toBe("development-dns");
    expect(parsed(stacks.dns).resource).toBeUndefined();
    expect(parsed(stacks.records).resource).toBeUndefined();
    const info = stacks.records.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.INFO);
    expect(info.map((m) => m.data)).toEqual([
      expect.stringMatching(/No DNS for development: .*development-compute stack's PublicIp.*dns\.domainName/),
    ]);
    expect(stacks.compute.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.INFO)).toEqual([]);
  });

  test("with a domain the records stack points the record at the compute stack's Elastic IP", () => {
    const { stacks, parsed } = build("production", WITH_DOMAIN);
    expect(stacks.records.node.id).toBe("production-records");
    const records = parsed(stacks.records);
    const [record] = Object.values(records.resource?.aws_route53_record ?? {});
    expect(String((record.records as string[])[0])).toMatch(/terraform_remote_state\.[\w-]*production-compute/);
    expect(stacks.records.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.INFO)).toEqual([]);
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

  test("production's repository, alarm key, Elastic IP and log groups refuse terraform destroy; development's do not", () => {
    const lifecycles = (name: string) => {
      const { stacks, parsed } = build(name);
      const of = (kind: keyof EnvironmentStacks, type: string) =>
        Object.entries(parsed(stacks[kind]).resource?.[type] ?? {}).map(([address, r]) => [
          `${type}.${address.replace(/_[0-9A-F]{8}$/, "")}`,
          r.lifecycle,
        ]);
      return [
        ...of("registry", "aws_ecr_repository"),
        ...of("monitoring", "aws_kms_key"),
        ...of("compute", "aws_eip"),
        ...of("compute", "aws_cloudwatch_log_group"),
        ...of("database", "aws_cloudwatch_log_group"),
      ];
    };
    const resources = [
      "aws_ecr_repository.ContainerRegistry_Repository",
      "aws_kms_key.Monitoring_Notifications_Key",
      "aws_eip.AppHost_ElasticIp",
      "aws_cloudwatch_log_group.AppRuntime_AppLogGroup",
      "aws_cloudwatch_log_group.Database_LogGroup-postgresql",
      "aws_cloudwatch_log_group.Database_LogGroup-upgrade",
    ];
    expect(lifecycles("production")).toEqual(resources.map((r) => [r, { prevent_destroy: true }]));
    expect(lifecycles("development")).toEqual(resources.map((r) => [r, undefined]));
  });
});
