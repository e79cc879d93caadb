import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { synthesize } from "../../scripts/preview/synth";
import { runPreview, stackSection } from "./run-preview";

// Real Terraform and the real AWS provider, offline: each case synthesizes both sides, builds the baseline of the
// stacks it names (and of the stacks those read) and plans the change against it.
jest.setTimeout(240_000);

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "preview-test-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("npm run preview", () => {
  test("a configuration the app refuses (Phase 2 without a domain) is printed as is, exit 2", async () => {
    const run = await runPreview(["--env", "production", "--phase", "2"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /Invalid configuration \(1 problem\):\n {2}- environments\.production\.dns\.domainName: got undefined; expected a domain/,
    );
    expect(run.stdout).toBe("");
  });

  test("Multi-AZ on is an in-place update of the database instance, exit 0", async () => {
    const run = await runPreview([
      "--env",
      "production",
      "--set",
      "capabilities.database.multiAz=true",
      "--stack",
      "database",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const database = stackSection(run.stdout, "production-database");
    expect(database).toMatch(
      /~ +update +aws_db_instance\.Database_Instance_\w+ +\[multi_az; STATEFUL: database instance\]/,
    );
    expect(database.split("\n")).toHaveLength(2);
    expect(run.stdout).toMatch(/Safe: no stateful resource is destroyed or replaced \(exit 0\)/);
  });

  test("a larger root volume is a new launch template version, which replaces the host (not stateful): exit 0", async () => {
    const run = await runPreview([
      "--env",
      "production",
      "--set",
      "compute.rootVolumeSizeGiB=30",
      "--stack",
      "compute",
    ]);
    expect(run.code).toBe(0);
    const compute = stackSection(run.stdout, "production-compute");
    expect(compute).toMatch(
      /-\/\+ replace aws_instance\.AppHost_Instance_\w+ +\[forced by launch_template\[0\]\.version\]/,
    );
    expect(compute).toMatch(
      /~ +update +aws_launch_template\.\S+ +\[block_device_mappings, default_version, latest_version\]/,
    );
    // The Elastic IP stays: it is attached to the network interface, which outlives the instance.
    expect(compute).not.toMatch(/aws_eip/);
  });

  test("renaming the application bucket replaces it, forced by `bucket`, a stateful resource: exit 1", async () => {
    const run = await runPreview([
      "--env",
      "development",
      "--set",
      "storage.bucketName=webapp-development-renamed",
      "--stack",
      "storage",
    ]);
    expect(run.code).toBe(1);
    const storage = stackSection(run.stdout, "development-storage");
    expect(storage).toMatch(
      /-\/\+ replace aws_s3_bucket\.AppStorage_Bucket_\w+ +\[forced by bucket; STATEFUL: bucket\]/,
    );
    expect(storage).not.toMatch(/REFUSED/);
    // The bucket's policy, versioning, encryption, ... follow it: they name the bucket.
    expect(storage).toMatch(/replace aws_s3_bucket_policy\.\S+ +\[forced by bucket\]/);
    expect(run.stdout).toMatch(
      /NOT SAFE \(exit 1\):\n {2}- development-storage: stateful aws_s3_bucket\.\S+ \(bucket\) would be replaced/,
    );
  });

  test("in production, where the bucket has prevent_destroy, the same rename is reported as refused (Markdown)", async () => {
    const run = await runPreview([
      "--env",
      "production",
      "--set",
      "storage.bucketName=webapp-production-renamed",
      "--stack",
      "storage",
      "--format",
      "markdown",
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^### Change preview: production/);
    expect(run.stdout).toMatch(
      /- production-storage: prevent_destroy refuses to replace aws_s3_bucket\.AppStorage_Bucket_\w+/,
    );
    expect(run.stdout).toMatch(
      /\| replace \| `aws_s3_bucket\.AppStorage_Bucket_\w+` \| ⚠️ bucket \| forced by `bucket` \*\*refused by prevent_destroy\*\* \|/,
    );
  });

  test("a domain removed lists the hosted zone (stateful), the record and the health check as destroys, exit 1", async () => {
    const start = join(scratch, "with-domain.json");
    writeFileSync(start, JSON.stringify({ dns: { domainName: "example.com" } }));
    const [run, withoutDomain] = await Promise.all([
      runPreview([
        "--env",
        "development",
        "--start",
        start,
        "--set",
        "dns=null",
        "--stack",
        "dns",
        "--stack",
        "records",
      ]),
      synthesize(
        "development",
        resolve(__dirname, "..", ".."),
        join(scratch, "synth"),
        "development",
        undefined,
        process.env,
      ),
    ]);
    expect(run.code).toBe(1);
    const deletesIn = (stack: string) =>
      stackSection(run.stdout, stack)
        .split("\n")
        .filter((line) => /^ +- +delete /.test(line))
        .map((line) => line.trim().split(/\s+/)[2].split(".")[0])
        .sort();
    // Both stacks become empty and list what they held: the zone in dns, the record and its check in records.
    expect(deletesIn("development-dns")).toEqual(["aws_route53_zone"]);
    expect(deletesIn("development-records")).toEqual(["aws_route53_health_check", "aws_route53_record"]);
    const dns = stackSection(run.stdout, "development-dns");
    expect(dns).toMatch(/delete +aws_route53_zone\.\S+ +\[STATEFUL: hosted zone\]/);
    expect(run.stdout).toMatch(/- development-dns: stateful aws_route53_zone\.\S+ \(hosted zone\) would be destroyed/);
    // Every environment keeps synthesizing both stacks, empty: nothing is orphaned.
    expect(withoutDomain.stacks.has("development-dns")).toBe(true);
    expect(withoutDomain.stacks.has("development-records")).toBe(true);
    expect(run.stdout).not.toMatch(/orphaned: no longer synthesized/);
  });
});
