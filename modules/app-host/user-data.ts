import { readFileSync } from "node:fs";
import { join } from "node:path";
import { APP_LOG_FILE, cloudWatchAgentConfigJson } from "./cloudwatch-agent";

/** EC2 refuses user data above 16 KiB (before base64). */
export const USER_DATA_MAX_BYTES = 16 * 1024;

/** The first-boot script template, a real bash file linted by shellcheck. */
export const USER_DATA_TEMPLATE_PATH = join(__dirname, "user-data.sh");

/** The script that prepares and runs the container (and the TLS proxy) on the host, embedded in the user data. */
export const APP_CONTAINER_SCRIPT_PATH = join(__dirname, "app-container.sh");

/** The first-start step that creates the application's own database user, embedded in the user data. */
export const DB_APP_USER_SCRIPT_PATH = join(__dirname, "db-app-user.sh");

/**
 * The TLS proxy's image, Docker's official Caddy image, pulled by the host from Docker Hub at its first start.
 *
 * Pinned by version tag, not by digest: the tag fixes Caddy's behaviour (its Caddyfile syntax and ACME client)
 * until someone changes it here, which replaces the host, while Docker's official images rebuild the same tag when
 * Alpine ships a security fix, which a digest would refuse. The tag is one multi-arch image for the arm64 and
 * x86_64 hosts alike. Never `latest`: a new major version would reach production with a reboot.
 */
export const TLS_PROXY_IMAGE = "docker.io/library/caddy:2.10.2-alpine";

/** Inputs of {@link renderUserData}. */
export interface UserDataProps {
  /** AWS region of the environment. */
  readonly region: string;
  /** Root of the environment's Parameter Store namespace, for example `/webapp/production`. */
  readonly parameterPath: string;
  /** Port the application listens on in the container (plain HTTP). */
  readonly containerPort: number;
  /**
   * The name the host serves HTTPS for: a TLS proxy (Caddy) takes ports 80 and 443, obtains and renews this
   * name's certificate from Let's Encrypt, redirects HTTP to HTTPS and forwards to the container's port. The name
   * must resolve to the host for the certificate to be issued.
   * @default - no TLS: the container's port is published on host port 80
   */
  readonly tlsDomainName?: string;
  /** Log group the CloudWatch agent ships the application log to. */
  readonly appLogGroupName: string;
}

/**
 * The user data of the application host: {@link USER_DATA_TEMPLATE_PATH} with its placeholders filled in.
 * Every value comes from configuration, none is a secret, and none is a Terraform reference.
 *
 * @throws Error when a placeholder is left over or the result exceeds {@link USER_DATA_MAX_BYTES}.
 */
export function renderUserData(props: UserDataProps): string {
  const values: Record<string, string> = {
    __REGION__: props.region,
    __PARAMETER_PATH__: props.parameterPath,
    __CONTAINER_PORT__: String(props.containerPort),
    __TLS_DOMAIN__: props.tlsDomainName ?? "",
    __PROXY_IMAGE__: TLS_PROXY_IMAGE,
    __APP_LOG_FILE__: APP_LOG_FILE,
    __CLOUDWATCH_AGENT_CONFIG__: cloudWatchAgentConfigJson({ appLogGroupName: props.appLogGroupName }),
    __APP_CONTAINER_SCRIPT__: embeddedScript(APP_CONTAINER_SCRIPT_PATH),
    __DB_APP_USER_SCRIPT__: embeddedScript(DB_APP_USER_SCRIPT_PATH),
  };
  const template = readFileSync(USER_DATA_TEMPLATE_PATH, "utf8");
  const rendered = template.replace(/__[A-Z_]+__/g, (name) => {
    const value = values[name];
    if (value === undefined) throw new Error(`user-data.sh: unknown placeholder ${name}`);
    return value;
  });
  const size = Buffer.byteLength(rendered, "utf8");
  if (size > USER_DATA_MAX_BYTES) {
    throw new Error(`user data is ${size} bytes; EC2 accepts at most ${USER_DATA_MAX_BYTES}. Shorten the scripts.`);
  }
  return rendered;
}

/**
 * A script as the user data embeds it: without its comment lines, which would otherwise take a third of EC2's
 * 16 KiB (the file in the repository keeps them). The shebang stays; so does every line with code on it.
 */
export function embeddedScript(path: string): string {
  return readFileSync(path, "utf8")
    .trimEnd()
    .split("\n")
    .filter((line, i) => (i === 0 && line.startsWith("#!")) || !/^\s*#/.test(line))
    .join("\n");
}

/**
 * Escapes Terraform template syntax (`${` and `%{`) so that a literal script passes through Terraform unchanged:
 * bash's `${VAR}` and the agent's `${aws:InstanceId}` must reach the instance as written.
 */
export function escapeTerraformTemplate(text: string): string {
  // Replacement functions, not strings: in a replacement string `$$` would itself mean one `$`.
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}
