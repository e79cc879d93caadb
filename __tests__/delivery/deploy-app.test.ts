import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { Server, createServer } from "node:http";
import { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * scripts/delivery/deploy-app.sh against a fake `aws` on the PATH (__tests__/support/fake-aws/aws: records every
 * call, keeps a target group's states, fails on cue) and a real health endpoint on 127.0.0.1 that answers 503 while
 * any host runs the broken image, so the script's curl sees what a user would.
 */

const root = join(__dirname, "..", "..");
const script = join(root, "scripts", "delivery", "deploy-app.sh");
const fakeAwsDir = join(root, "__tests__", "support", "fake-aws");
const PARAMETER = "/webapp/production/deploy/image-tag";
const OLD = `sha256:${"a".repeat(64)}`;
const NEW = `sha256:${"b".repeat(64)}`;
const BROKEN = `sha256:${"c".repeat(64)}`;
const TARGET_GROUP =
  "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/webapp-production-app/0123456789abcdef";

interface Run {
  readonly status: number | null;
  readonly stderr: string;
  /** Every aws call and health request, in order, shortened to what the assertions read. */
  readonly steps: string[];
  /** The same calls, word for word. */
  readonly calls: string[];
  /** The image parameter after the run. */
  readonly parameter: string;
  /** What each instance runs after the run. */
  readonly running: Record<string, string>;
  /** Each registered target's state in the fake target group after the run (`initial 0` reads as `initial`). */
  readonly targets: Record<string, string>;
  /** The instances restarted while the load balancer could still send them requests. */
  readonly restartedWhileRegistered: string[];
}

let dir: string;
let server: Server;
let healthUrl: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "deploy-app-"));
  server = createServer((request, response) => {
    const runningDir = join(dir, "running");
    const images = existsSync(runningDir) ? readRunning(runningDir) : {};
    writeFileSync(join(dir, "calls"), `health ${request.url}\n`, { flag: "a" });
    response.statusCode = Object.values(images).includes(BROKEN) ? 503 : 200;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  healthUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function readRunning(runningDir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(runningDir).map((id) => [id, readFileSync(join(runningDir, id), "utf8").trim()]),
  );
}

const readLines = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : []);

/** Runs the deploy script (asynchronously: the health endpoint lives in this process). */
async function deploy(
  options: {
    image?: string;
    instances?: string[];
    cues?: string[];
    extra?: string[];
    previous?: string;
    targetTag?: string;
    /** The target group's states before the run; given, the run gets `--target-group-arn`. */
    targets?: Record<string, string>;
    /** Sends SIGTERM to the script once its log matches. */
    interruptWhen?: RegExp;
  } = {},
): Promise<Run> {
  writeFileSync(join(dir, "parameter"), options.previous ?? OLD);
  writeFileSync(join(dir, "instances"), (options.instances ?? ["i-0bbb", "i-0aaa"]).join("\n") + "\n");
  writeFileSync(join(dir, "cues"), (options.cues ?? []).join("\n") + "\n");
  mkdirSync(join(dir, "running"), { recursive: true });
  for (const id of options.instances ?? ["i-0bbb", "i-0aaa"])
    writeFileSync(join(dir, "running", id), options.previous ?? OLD);
  if (options.targets) {
    mkdirSync(join(dir, "targets"), { recursive: true });
    for (const [id, state] of Object.entries(options.targets)) writeFileSync(join(dir, "targets", id), `${state}\n`);
  }
  const args = [
    script,
    "--region",
    "ap-northeast-1",
    "--parameter",
    PARAMETER,
    "--image",
    options.image ?? NEW,
    "--target-tag",
    options.targetTag ?? "Name=webapp-production-app-host",
    "--health-url",
    healthUrl,
    "--health-attempts",
    "2",
    "--health-interval-sec",
    "0",
    ...(options.targets ? ["--target-group-arn", TARGET_GROUP] : []),
    ...(options.extra ?? []),
  ];
  const child = spawn("bash", args, {
    env: {
      ...process.env,
      PATH: `${fakeAwsDir}:${process.env.PATH}`,
      FAKE_AWS_DIR: dir,
      DEPLOY_POLL_INTERVAL_SEC: "0",
    },
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
    if (options.interruptWhen?.test(stderr)) child.kill("SIGTERM");
  });
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const calls = existsSync(join(dir, "calls")) ? readFileSync(join(dir, "calls"), "utf8").trim().split("\n") : [];
  return {
    status,
    stderr,
    steps: calls.filter(Boolean).map(shorten),
    calls: calls.filter(Boolean),
    parameter: readFileSync(join(dir, "parameter"), "utf8").trim(),
    running: readRunning(join(dir, "running")),
    targets: existsSync(join(dir, "targets"))
      ? Object.fromEntries(
          readdirSync(join(dir, "targets")).map((id) => [id, readLines(join(dir, "targets", id))[0].split(" ")[0]]),
        )
      : {},
    restartedWhileRegistered: readLines(join(dir, "restarted-while-registered")),
  };
}

/** `ssm send-command ... --instance-ids i-1 ...` -> `restart i-1`, and so on. */
function shorten(call: string): string {
  const words = call.split(" ");
  const after = (flag: string) => words[words.indexOf(flag) + 1];
  const image = (value: string) => ({ [OLD]: "OLD", [NEW]: "NEW", [BROKEN]: "BROKEN" })[value] ?? value;
  if (call.startsWith("health ")) return "health";
  if (call.startsWith("ssm get-parameter ")) return "read image";
  if (call.startsWith("ssm put-parameter ")) return `set image ${image(after("--value"))}`;
  if (call.startsWith("ec2 describe-instances ")) return "find hosts";
  if (call.startsWith("ssm send-command ")) return `restart ${after("--instance-ids")}`;
  if (call.startsWith("ssm get-command-invocation ")) return `wait ${after("--instance-id")}`;
  if (call.startsWith("elbv2 describe-target-health "))
    return words.includes("--targets") ? `state ${after("--targets").replace("Id=", "")}` : "list targets";
  if (call.startsWith("elbv2 deregister-targets ")) return `deregister ${after("--targets").replace("Id=", "")}`;
  if (call.startsWith("elbv2 register-targets ")) return `register ${after("--targets").replace("Id=", "")}`;
  return call;
}

describe("deploy-app.sh", () => {
  test("a healthy deploy sets the image, then restarts one host at a time, each checked before the next", async () => {
    const run = await deploy();
    expect(run.status).toBe(0);
    expect(run.steps).toEqual([
      "read image",
      "find hosts",
      "set image NEW",
      "restart i-0aaa",
      "wait i-0aaa",
      "health",
      "restart i-0bbb",
      "wait i-0bbb",
      "health",
    ]);
    expect(run.parameter).toBe(NEW);
    expect(run.running).toEqual({ "i-0aaa": NEW, "i-0bbb": NEW });
  });

  test("an invocation that does not exist yet right after send-command is waited for, not rolled back", async () => {
    const run = await deploy({ cues: ["not-yet i-0aaa"] });
    expect(run.status).toBe(0);
    expect(run.steps.filter((s) => s === "wait i-0aaa")).toHaveLength(2);
    expect(run.parameter).toBe(NEW);
  });

  const HEALTHY = { "i-0aaa": "healthy", "i-0bbb": "healthy" };

  test("behind a load balancer, each host is drained before its restart, registered after it, healthy before the next", async () => {
    const run = await deploy({ targets: HEALTHY, cues: ["drain i-0aaa 2"] });
    expect(run.status).toBe(0);
    const host = (id: string, drainingReads: number) => [
      "list targets",
      `deregister ${id}`,
      ...Array<string>(drainingReads + 1).fill(`state ${id}`),
      `restart ${id}`,
      `wait ${id}`,
      `register ${id}`,
      `state ${id}`,
      `state ${id}`,
      "health",
    ];
    expect(run.steps).toEqual([
      "read image",
      "find hosts",
      "list targets",
      "set image NEW",
      ...host("i-0aaa", 2),
      ...host("i-0bbb", 1),
    ]);
    expect(run.restartedWhileRegistered).toEqual([]);
    expect(run.targets).toEqual(HEALTHY);
    expect(run.stderr.match(/registered in the target group again/g)).toHaveLength(2);
  });

  test("Phase 2: the Auto Scaling group's running hosts are found by its aws:autoscaling:groupName tag", async () => {
    const run = await deploy({ targetTag: "aws:autoscaling:groupName=webapp-production-app", targets: HEALTHY });
    expect(run.status).toBe(0);
    const find = run.calls.find((c) => c.startsWith("ec2 describe-instances "))!;
    expect(find).toContain("Name=instance-state-name,Values=running");
    expect(find).toContain("Name=tag:aws:autoscaling:groupName,Values=webapp-production-app");
    expect(run.steps.filter((s) => s.startsWith("deregister "))).toEqual(["deregister i-0aaa", "deregister i-0bbb"]);
  });

  test.each([
    ["a group of one", ["i-0aaa"], { "i-0aaa": "healthy" }],
    ["the other target unhealthy", ["i-0aaa", "i-0bbb"], { "i-0aaa": "healthy", "i-0bbb": "unhealthy" }],
  ])(
    "%s: the last healthy target is never taken out; the run changes nothing and exits 2",
    async (_, instances, targets) => {
      const run = await deploy({ instances, targets });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(
        /refusing to deploy: .* i-0aaa is the last healthy target, so the site would go offline/,
      );
      expect(run.steps).toEqual(["read image", "find hosts", "list targets"]);
      expect(run.parameter).toBe(OLD);
      expect(run.targets).toEqual(targets);
    },
  );

  test("an unhealthy first host is deployed while another target is healthy", async () => {
    const run = await deploy({ targets: { "i-0aaa": "unhealthy", "i-0bbb": "healthy" } });
    expect(run.status).toBe(0);
    expect(run.targets).toEqual(HEALTHY);
    expect(run.running).toEqual({ "i-0aaa": NEW, "i-0bbb": NEW });
  });

  test("a host that is not a target of the group is refused before any change", async () => {
    const run = await deploy({ targets: { "i-0aaa": "healthy" } });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/i-0bbb is not a target of arn:aws:elasticloadbalancing:.*: check --target-tag/);
    expect(run.steps).not.toContain("set image NEW");
  });

  test("when no other target is healthy mid-run, that host is left alone and the ones done roll back", async () => {
    // The list shows i-0aaa unhealthy after its deploy, as it would if it failed right after its own check.
    const run = await deploy({ targets: HEALTHY, cues: ["listed i-0aaa unhealthy"] });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/FAILED: i-0bbb was not restarted: taking it out of the target group would leave no/);
    expect(run.steps).not.toContain("deregister i-0bbb");
    expect(run.steps).not.toContain("restart i-0bbb");
    const rollback = run.steps.slice(run.steps.indexOf("set image OLD"));
    expect(rollback.filter((s) => /^(deregister|restart|register) /.test(s))).toEqual([
      "deregister i-0aaa",
      "restart i-0aaa",
      "register i-0aaa",
    ]);
    expect(run.running).toEqual({ "i-0aaa": OLD, "i-0bbb": OLD });
    expect(run.targets).toEqual(HEALTHY);
  });

  test("behind a load balancer, a rollback drains and registers the failed host first, then the others", async () => {
    // i-0bbb fails to restart on any image: after it, i-0aaa is the last healthy target and restarts in place.
    const run = await deploy({ targets: HEALTHY, cues: ["invocation i-0bbb Failed"] });
    expect(run.status).toBe(1);
    const rollback = run.steps.slice(run.steps.indexOf("set image OLD"));
    expect(rollback.filter((s) => /^(deregister|restart|register) /.test(s))).toEqual([
      "deregister i-0bbb",
      "restart i-0bbb",
      "register i-0bbb",
      "restart i-0aaa",
    ]);
    expect(run.stderr).toMatch(/i-0aaa: restarting in place, still registered: it is the last healthy target/);
    expect(run.restartedWhileRegistered).toEqual(["i-0aaa"]);
    expect(Object.keys(run.targets).sort()).toEqual(["i-0aaa", "i-0bbb"]);
    expect(run.stderr).toMatch(/every host this run took out of the target group is registered again/);
    expect(run.stderr).toMatch(/ROLLBACK INCOMPLETE/);
  });

  test("a host that does not drain within --drain-timeout-sec is registered again, not restarted, and rolls back", async () => {
    const run = await deploy({ targets: HEALTHY, extra: ["--drain-timeout-sec", "0"] });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/i-0aaa: still draining in the target group after 0 s/);
    expect(run.steps.filter((s) => s.startsWith("restart "))).toEqual([]);
    expect(run.steps).toContain("register i-0aaa");
    expect(Object.keys(run.targets).sort()).toEqual(["i-0aaa", "i-0bbb"]);
    expect(run.parameter).toBe(OLD);
  });

  test("a host that cannot be registered again is named with the command to register it by hand", async () => {
    const run = await deploy({ targets: HEALTHY, cues: ["register i-0aaa"] });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /i-0aaa: NOT REGISTERED in the target group.*aws elbv2 register-targets --region ap-northeast-1 --target-group-arn arn:\S+ --targets Id=i-0aaa/,
    );
    expect(run.stderr).toMatch(/ROLLBACK INCOMPLETE/);
  });

  test("a run stopped while a host drains registers that host again on its way out", async () => {
    const run = await deploy({
      targets: HEALTHY,
      cues: ["drain i-0aaa 100000"],
      extra: ["--drain-timeout-sec", "60"],
      interruptWhen: /i-0aaa: deregistered from the target group; draining/,
    });
    expect(run.status).toBe(143);
    expect(run.steps).not.toContain("restart i-0aaa");
    expect(run.steps[run.steps.length - 1]).toBe("register i-0aaa");
    expect(Object.keys(run.targets).sort()).toEqual(["i-0aaa", "i-0bbb"]);
    expect(run.stderr).toMatch(/i-0aaa: registered in the target group again/);
  });

  test("a failed health check rolls back to the previous image on the hosts touched, and fails the run", async () => {
    const run = await deploy({ image: BROKEN });
    expect(run.status).toBe(1);
    expect(run.steps).toEqual([
      "read image",
      "find hosts",
      "set image BROKEN",
      "restart i-0aaa",
      "wait i-0aaa",
      "health",
      "health",
      "set image OLD",
      "restart i-0aaa",
      "wait i-0aaa",
      "health",
    ]);
    expect(run.parameter).toBe(OLD);
    expect(run.running).toEqual({ "i-0aaa": OLD, "i-0bbb": OLD });
    expect(run.stderr).toMatch(/FAILED: i-0aaa did not come back healthy/);
    expect(run.stderr).toMatch(/rolled back: .* is healthy on sha256:a{64}/);
  });

  test.each([
    ["the restart command fails to send", "send-command i-0bbb"],
    ["the restart command fails on the host", "invocation i-0bbb Failed"],
  ])("%s on the second host: both hosts go back to the previous image", async (_, cue) => {
    const run = await deploy({ cues: [cue] });
    expect(run.status).toBe(1);
    expect(run.parameter).toBe(OLD);
    const rollback = run.steps.slice(run.steps.indexOf("set image OLD"));
    // The failed host first: it serves nothing, so it is the safe one to take down.
    expect(rollback.filter((s) => s.startsWith("restart"))).toEqual(["restart i-0bbb", "restart i-0aaa"]);
    expect(run.running["i-0aaa"]).toBe(OLD);
  });

  test("a target that stays unhealthy rolls back", async () => {
    const run = await deploy({ targets: HEALTHY, cues: ["target i-0aaa unhealthy"] });
    expect(run.status).toBe(1);
    expect(run.steps).toContain("set image OLD");
    expect(run.steps).not.toContain("restart i-0bbb");
  });

  test("the first deploy has nothing to roll back to: the run fails and says so", async () => {
    const run = await deploy({ image: BROKEN, previous: "none" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/no earlier image to roll back to/);
    expect(run.steps).not.toContain("set image none");
  });

  test.each([
    [["--image", "latest image"], /--image 'latest image': expected an image digest/],
    [["--image", "none"], /--image 'none': 'none' means nothing is deployed/],
    [["--health-url", "example.com/health"], /--health-url 'example.com\/health': expected the public health URL/],
    [["--target-tag", "Name"], /--target-tag 'Name': expected KEY=VALUE/],
    [["--target-group-arn", "webapp-production-app"], /--target-group-arn 'webapp-production-app': expected a target/],
    [["--drain-timeout-sec", "soon"], /--drain-timeout-sec 'soon': expected whole seconds/],
    [["--bogus", "1"], /unknown argument '--bogus'/],
  ])("bad input %j is refused before any AWS call", async (extra, message) => {
    const image = extra[0] === "--image" ? extra[1] : undefined;
    const run = await deploy({ image, extra: extra[0] === "--image" ? [] : extra });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.steps).toEqual([]);
  });

  test("no running host with the tags is an error that names the tags", async () => {
    const run = await deploy({ instances: [] });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no running instance has the tags Name=webapp-production-app-host/);
    expect(run.steps).not.toContain("set image NEW");
  });
});
