import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * modules/app-host/app-container.sh `prepare`, the step systemd runs before every start of the application
 * container, with fake `aws` and `docker` commands on the PATH: it pulls the image the deploy parameter names.
 */

const script = join(__dirname, "..", "..", "modules", "app-host", "app-container.sh");
const REPOSITORY = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/webapp/production/app";

function prepare(image: string) {
  const dir = mkdtempSync(join(tmpdir(), "app-container-"));
  try {
    const fake = (name: string, body: string) => {
      writeFileSync(join(dir, name), `#!/usr/bin/env bash\n${body}\n`);
      chmodSync(join(dir, name), 0o755);
    };
    fake(
      "aws",
      [
        'case "$1 $2" in',
        `  "ssm get-parameter") case "$*" in *image-tag*) echo '${image}' ;; *) echo '${REPOSITORY}' ;; esac ;;`,
        '  "ssm get-parameters-by-path") echo \'{"Parameters":[{"Name":"/webapp/production/app/DB_HOST","Value":"db"}]}\' ;;',
        '  "ecr get-login-password") echo password ;;',
        "esac",
      ].join("\n"),
    );
    // `docker login --password-stdin` reads the password from the pipe, as the real one does.
    fake("docker", `[[ "$1" == login ]] && cat >/dev/null\necho "docker $*" >>"${dir}/docker.log"`);
    const run = spawnSync("bash", [script, "prepare"], {
      encoding: "utf8",
      env: {
        ...process.env,
        PATH: `${dir}:${process.env.PATH}`,
        AWS_REGION: "ap-northeast-1",
        PARAMETER_PATH: "/webapp/production",
        CONTAINER_PORT: "3000",
        APP_HOST_STATE_DIR: join(dir, "state"),
      },
    });
    const read = (file: string) => {
      try {
        return readFileSync(join(dir, file), "utf8");
      } catch {
        return "";
      }
    };
    return { ...run, docker: read("docker.log"), image: read("state/image").trim(), env: read("state/app.env") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("app-container prepare", () => {
  test("a digest in the image parameter is pulled by digest: exactly the image the deploy named", () => {
    const digest = `sha256:${"d".repeat(64)}`;
    const result = prepare(digest);
    expect(result.status).toBe(0);
    expect(result.docker).toContain(`docker pull --quiet ${REPOSITORY}@${digest}`);
    expect(result.image).toBe(`${REPOSITORY}@${digest}`);
    expect(result.env).toContain("DB_HOST=db");
  });

  test("a tag still works", () => {
    const result = prepare("v1.2.3");
    expect(result.status).toBe(0);
    expect(result.image).toBe(`${REPOSITORY}:v1.2.3`);
  });

  test("before the first deploy the start fails on purpose and says how to deploy", () => {
    const result = prepare("none");
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no image deployed yet/);
    expect(result.docker).toBe("");
  });
});
