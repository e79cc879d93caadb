import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DB_APP_USER_SCRIPT_PATH, embeddedScript } from "../../modules/app-host";

/**
 * modules/app-host/db-app-user.sh, the first-start step that creates the application's IAM-authenticated database
 * user, with fake `aws`, `psql`, `curl` and `dnf` on the PATH. The fakes record their calls; psql records its
 * connection string, the password it was given through the environment and the SQL it read, and fails on cue.
 */

const PARAMETERS: Record<string, string> = {
  "/webapp/production/app/DB_HOST": "webapp-production.abc.ap-northeast-1.rds.amazonaws.com",
  "/webapp/production/app/DB_PORT": "5432",
  "/webapp/production/app/DB_NAME": "webappdb",
  "/webapp/production/app/DB_USER": "webapp_svc",
  "/webapp/production/database/master-secret-arn": "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:rds!db-1",
};
const MASTER_PASSWORD = "s3cr3t-master-password";

/** A scratch directory with the fakes, kept across runs of one test so that a second run sees the first's marker. */
function host(embedded: boolean) {
  const dir = mkdtempSync(join(tmpdir(), "db-app-user-"));
  mkdirSync(join(dir, "bin"));
  const fake = (name: string, body: string) => {
    writeFileSync(join(dir, "bin", name), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(join(dir, "bin", name), 0o755);
  };
  const lookups = Object.entries(PARAMETERS)
    .map(([name, value]) => `    ${name}) echo '${value}' ;;`)
    .join("\n");
  fake(
    "aws",
    [
      `echo "aws $*" >>"${dir}/calls"`,
      'case "$1 $2" in',
      '  "ssm get-parameter")',
      '    while [[ "$1" != --name ]]; do shift; done',
      '    case "$2" in',
      lookups,
      '    *) echo "ParameterNotFound: $2" >&2; exit 254 ;;',
      "    esac ;;",
      `  "secretsmanager get-secret-value") echo '{"username":"dbadmin","password":"${MASTER_PASSWORD}"}' ;;`,
      '  *) echo "unexpected: $*" >&2; exit 254 ;;',
      "esac",
    ].join("\n"),
  );
  fake(
    "psql",
    [
      `echo "psql $*" >>"${dir}/calls"`,
      `printf '%s' "\${PGPASSWORD:-}" >"${dir}/pgpassword"`,
      `cat >"${dir}/sql"`,
      `[[ ! -f "${dir}/psql-fails" ]] || { echo 'psql: error: connection refused' >&2; exit 2; }`,
    ].join("\n"),
  );
  fake("curl", `echo "curl $*" >>"${dir}/calls"\nwhile [[ "$1" != -o ]]; do shift; done\necho CERTIFICATES >"$2"`);
  fake("dnf", `echo "dnf $*" >>"${dir}/calls"`);
  // The user data embeds the script without its comment lines: that copy must behave the same.
  const script = embedded ? join(dir, "db-app-user") : DB_APP_USER_SCRIPT_PATH;
  if (embedded) writeFileSync(script, embeddedScript(DB_APP_USER_SCRIPT_PATH));
  const run = () => {
    const result = spawnSync("bash", [script], {
      encoding: "utf8",
      env: {
        ...process.env,
        PATH: `${join(dir, "bin")}:${process.env.PATH}`,
        AWS_REGION: "ap-northeast-1",
        PARAMETER_PATH: "/webapp/production",
        APP_HOST_DB_STATE_DIR: join(dir, "state"),
      },
    });
    const read = (file: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), "utf8") : "");
    const calls = read("calls");
    writeFileSync(join(dir, "calls"), "");
    return { ...result, calls, sql: read("sql"), pgpassword: read("pgpassword") };
  };
  return { dir, run, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describe.each([
  ["the file", false],
  ["the copy the user data embeds", true],
])("db-app-user, %s", (_, embedded) => {
  let h: ReturnType<typeof host>;
  beforeEach(() => {
    h = host(embedded);
  });
  afterEach(() => h.cleanup());

  test("creates the user with GRANT rds_iam, connected as the master user over verified TLS", () => {
    const result = h.run();
    expect(result.stderr).toMatch(/database user webapp_svc is ready/);
    expect(result.status).toBe(0);
    const psql = result.calls.split("\n").find((line) => line.startsWith("psql "));
    expect(psql).toContain(
      "host=webapp-production.abc.ap-northeast-1.rds.amazonaws.com port=5432 dbname=webappdb user=dbadmin " +
        `sslmode=verify-full sslrootcert=${join(h.dir, "state", "rds-ca-bundle.pem")}`,
    );
    expect(psql).toMatch(/-v ON_ERROR_STOP=1 -v app_user=webapp_svc -v app_database=webappdb$/);
    expect(result.sql).toMatch(/SELECT format\('CREATE ROLE %I LOGIN', :'app_user'\)/);
    expect(result.sql).toMatch(/WHERE NOT EXISTS \(SELECT FROM pg_roles WHERE rolname = :'app_user'\) \\gexec/);
    expect(result.sql).toContain('GRANT rds_iam TO :"app_user";');
    expect(result.sql).toContain('GRANT CONNECT, TEMPORARY ON DATABASE :"app_database" TO :"app_user";');
    expect(result.sql).toContain('GRANT USAGE, CREATE ON SCHEMA public TO :"app_user";');
  });

  test("the master password reaches psql through its environment only: no command line, no file, no log", () => {
    const result = h.run();
    expect(result.pgpassword).toBe(MASTER_PASSWORD);
    expect(result.calls).not.toContain(MASTER_PASSWORD);
    expect(result.sql).not.toContain(MASTER_PASSWORD);
    expect(`${result.stdout}${result.stderr}`).not.toContain(MASTER_PASSWORD);
    const state = join(h.dir, "state");
    const files = spawnSync("grep", ["-rl", MASTER_PASSWORD, state], { encoding: "utf8" });
    expect(files.stdout).toBe("");
  });

  test("names reach SQL only as psql variables, never spliced into the statements", () => {
    const { sql } = h.run();
    expect(sql).toContain(":'app_user'");
    expect(sql).not.toContain("webapp_svc");
    expect(sql).not.toContain("webappdb");
  });

  test("runs once: the next start finds its marker and reads neither the master secret nor the database", () => {
    expect(h.run().status).toBe(0);
    const second = h.run();
    expect(second.status).toBe(0);
    expect(second.calls.trim().split("\n")).toEqual([
      "aws ssm get-parameter --region ap-northeast-1 --name /webapp/production/app/DB_USER --query Parameter.Value --output text",
    ]);
  });

  test("a failed psql leaves no marker: the next start tries again, and the service start fails meanwhile", () => {
    writeFileSync(join(h.dir, "psql-fails"), "");
    const first = h.run();
    expect(first.status).not.toBe(0);
    expect(existsSync(join(h.dir, "state", "db-app-user-webapp_svc.done"))).toBe(false);
    rmSync(join(h.dir, "psql-fails"));
    const second = h.run();
    expect(second.status).toBe(0);
    expect(second.calls).toMatch(/secretsmanager get-secret-value/);
    expect(existsSync(join(h.dir, "state", "db-app-user-webapp_svc.done"))).toBe(true);
  });

  test("downloads the RDS certificate bundle once and keeps it; psql on the PATH is not reinstalled", () => {
    const first = h.run();
    expect(first.calls).toContain(
      "curl -fsS --retry 3 -o " +
        `${join(h.dir, "state", "rds-ca-bundle.pem.tmp")} https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem`,
    );
    expect(first.calls).not.toMatch(/^dnf /m);
    rmSync(join(h.dir, "state", "db-app-user-webapp_svc.done"));
    expect(h.run().calls).not.toMatch(/^curl /m);
  });
});
