import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TLS_PROXY_IMAGE } from "../../modules/app-host";

/**
 * modules/app-host/app-container.sh, the script systemd runs to prepare and start the application container and
 * the TLS proxy, with fake `aws` and `docker` commands on the PATH: `prepare` pulls the image the deploy parameter
 * names, `run` and `proxy` start the containers with the ports and volumes the host needs.
 */

const script = join(__dirname, "..", "..", "modules", "app-host", "app-container.sh");
const REPOSITORY = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/webapp/production/app";
const PROXY_IMAGE = TLS_PROXY_IMAGE;

function appContainer(command: string, options: { image?: string; env?: Record<string, string> } = {}) {
  const image = options.image ?? "v1.2.3";
  const dir = mkdtempSync(join(tmpdir(), "app-container-"));
  try {
    const fake = (name: string, body: string) => {
      writeFileSync(join(dir, name), `#!/usr/bin/env bash\n${body}\n`);
      chmodSync(join(dir, name), 0o755);
    };
    fake(
      "aws",
      [
        'echo "aws $*" >>"' + dir + '/aws.log"',
        'case "$1 $2" in',
        `  "ssm get-parameter") case "$*" in *image-tag*) echo '${image}' ;; *) echo '${REPOSITORY}' ;; esac ;;`,
        '  "ssm get-parameters-by-path") echo \'{"Parameters":[{"Name":"/webapp/production/app/DB_HOST","Value":"db"},{"Name":"/webapp/production/app/DB_USER","Value":"app_user"}]}\' ;;',
        '  "ecr get-login-password") echo password ;;',
        "esac",
      ].join("\n"),
    );
    // `docker login --password-stdin` reads the password from the pipe, as the real one does; `image inspect`
    // finds no image, so the proxy image is pulled.
    fake(
      "docker",
      `[[ "$1" == login ]] && cat >/dev/null\necho "docker $*" >>"${dir}/docker.log"\n[[ "$1 $2" != "image inspect" ]]`,
    );
    writeFileSync(join(dir, "image"), "");
    const run = spawnSync("bash", [script, command], {
      encoding: "utf8",
      env: {
        ...process.env,
        PATH: `${dir}:${process.env.PATH}`,
        AWS_REGION: "ap-northeast-1",
        PARAMETER_PATH: "/webapp/production",
        CONTAINER_PORT: "3000",
        TLS_DOMAIN: "",
        PROXY_IMAGE,
        APP_HOST_STATE_DIR: join(dir, "state"),
        APP_HOST_PROXY_DATA_DIR: join(dir, "caddy"),
        ...options.env,
      },
    });
    const read = (file: string) => {
      try {
        return readFileSync(join(dir, file), "utf8");
      } catch {
        return "";
      }
    };
    return {
      ...run,
      dir,
      aws: read("aws.log"),
      docker: read("docker.log"),
      image: read("state/image").trim(),
      env: read("state/app.env"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The `docker run` line of a fake docker log. */
function dockerRun(log: string): string {
  return log.split("\n").find((line) => line.startsWith("docker run ")) ?? "";
}

describe("app-container prepare", () => {
  test("a digest in the image parameter is pulled by digest: exactly the image the deploy named", () => {
    const digest = `sha256:${"d".repeat(64)}`;
    const result = appContainer("prepare", { image: digest });
    expect(result.status).toBe(0);
    expect(result.docker).toContain(`docker pull --quiet ${REPOSITORY}@${digest}`);
    expect(result.image).toBe(`${REPOSITORY}@${digest}`);
    expect(result.env).toContain("DB_HOST=db");
  });

  test("a tag still works", () => {
    const result = appContainer("prepare", { image: "v1.2.3" });
    expect(result.status).toBe(0);
    expect(result.image).toBe(`${REPOSITORY}:v1.2.3`);
  });

  test("before the first deploy the start fails on purpose and says how to deploy", () => {
    const result = appContainer("prepare", { image: "none" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no image deployed yet/);
    expect(result.docker).toBe("");
  });

  test("the container gets its user from Parameter Store and no password: it signs in with IAM tokens", () => {
    const result = appContainer("prepare");
    expect(result.status).toBe(0);
    expect(result.env).toContain("DB_USER=app_user\n");
    expect(result.env).not.toMatch(/DB_PASSWORD/);
    expect(result.aws).not.toMatch(/secretsmanager/);
  });

  test("creates the network the proxy reaches the application on", () => {
    const result = appContainer("prepare");
    expect(result.docker).toContain("docker network create app-net");
  });
});

describe("app-container run", () => {
  test("without a domain the application is published on host port 80", () => {
    const result = appContainer("run");
    expect(result.status).toBe(0);
    expect(dockerRun(result.docker)).toMatch(/--name app --network app-net .*--publish 80:3000 /);
  });

  test("with a domain the application publishes no port: only the proxy reaches it", () => {
    const result = appContainer("run", { env: { TLS_DOMAIN: "app.example.com" } });
    expect(result.status).toBe(0);
    expect(dockerRun(result.docker)).toMatch(/--name app --network app-net /);
    expect(dockerRun(result.docker)).not.toMatch(/--publish/);
  });
});

describe("app-container proxy", () => {
  test("pulls the pinned image and publishes 80 and 443, keeping certificates on a host volume", () => {
    const result = appContainer("proxy", { env: { TLS_DOMAIN: "app.example.com" } });
    expect(result.status).toBe(0);
    expect(result.docker).toContain(`docker pull --quiet ${PROXY_IMAGE}`);
    const run = dockerRun(result.docker);
    expect(run).toMatch(/--name app-proxy --network app-net --publish 80:80 --publish 443:443 /);
    expect(run).toContain("--volume /etc/app-host/Caddyfile:/etc/caddy/Caddyfile:ro");
    expect(run).toContain(`--volume ${join(result.dir, "caddy")}:/data`);
    expect(run.endsWith(` ${PROXY_IMAGE}`)).toBe(true);
  });

  test("refuses to start without a domain: nothing would get a certificate", () => {
    const result = appContainer("proxy");
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/TLS_DOMAIN: missing/);
    expect(result.docker).toBe("");
  });
});
