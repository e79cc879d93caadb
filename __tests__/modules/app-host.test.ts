import { Eip } from "@cdktf/provider-aws/lib/eip";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { acknowledgementsOn } from "../../guardrails/acknowledge";
import { IMAGE_TAG_NOT_DEPLOYED } from "../../modules/app-parameters";
import {
  APP_CONTAINER_SCRIPT_PATH,
  APP_LOG_FILE,
  DB_APP_USER_SCRIPT_PATH,
  DISK_USED_PERCENT_METRIC,
  MEMORY_USED_PERCENT_METRIC,
  TLS_PROXY_IMAGE,
  USER_DATA_MAX_BYTES,
  USER_DATA_TEMPLATE_PATH,
  cloudWatchAgentConfig,
  embeddedScript,
  escapeTerraformTemplate,
  renderUserData,
} from "../../modules/app-host";
import { onlyResource } from "../support/synth";
import { synthHost } from "./app-runtime-fixtures";

const USER_DATA = {
  region: "ap-northeast-1",
  parameterPath: "/webapp/test",
  containerPort: 3000,
  appLogGroupName: "/webapp/test/app",
};

function shellcheck(file: string): { status: number | null; output: string } {
  const result = spawnSync("shellcheck", ["--shell=bash", "--severity=style", file], { encoding: "utf8" });
  if (result.error) {
    throw new Error(`shellcheck is not installed (${result.error.message}): apt-get install -y shellcheck`);
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("AppHost", () => {
  test("IMDSv2 required with a hop limit of 2, on the instance and in its launch template", () => {
    const { json } = synthHost();
    const metadata = {
      http_tokens: "required",
      http_put_response_hop_limit: 2,
      http_endpoint: "enabled",
      instance_metadata_tags: "disabled",
    };
    expect(json).toHaveResourceWithProperties(Instance, { metadata_options: metadata });
    expect(json).toHaveResourceWithProperties(LaunchTemplate, { metadata_options: metadata });
  });

  test("encrypted gp3 root volume from the launch template; AMI resolved from SSM at launch", () => {
    const { json, parsed } = synthHost({ rootVolumeSizeGiB: 30 });
    expect(json).toHaveResourceWithProperties(LaunchTemplate, {
      image_id: "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
      block_device_mappings: [
        {
          device_name: "/dev/xvda",
          ebs: { volume_type: "gp3", volume_size: 30, encrypted: "true", delete_on_termination: "true" },
        },
      ],
    });
    const instance = onlyResource(parsed, Instance.tfResourceType);
    // aws_instance fails with a resolve:ssm AMI plus root_block_device (terraform-provider-aws#43488).
    expect(instance.ami).toBeUndefined();
    expect(instance.root_block_device).toBeUndefined();
    expect(String((instance.launch_template as Record<string, unknown>).id)).toMatch(/aws_launch_template\./);
  });

  test("no public IP on launch: the Elastic IP sits on the network interface the instance boots with", () => {
    const { parsed } = synthHost();
    const instance = onlyResource(parsed, Instance.tfResourceType);
    expect(instance.associate_public_ip_address).toBeUndefined();
    expect(instance.subnet_id).toBeUndefined();
    const [nic] = instance.network_interface as Record<string, unknown>[];
    expect(nic.device_index).toBe(0);
    const eip = onlyResource(parsed, Eip.tfResourceType);
    expect(eip.domain).toBe("vpc");
    expect(eip.network_interface).toBe(nic.network_interface_id);
  });

  test("the Elastic IP, the address others allow-list, refuses terraform destroy by default; off on request", () => {
    expect(onlyResource(synthHost().parsed, Eip.tfResourceType).lifecycle).toEqual({ prevent_destroy: true });
    const unprotected = synthHost({ preventAddressDestroy: false }).parsed;
    expect(onlyResource(unprotected, Eip.tfResourceType).lifecycle).toBeUndefined();
    // The instance itself is replaced freely (user data changes replace it).
    expect(onlyResource(synthHost().parsed, Instance.tfResourceType).lifecycle).toBeUndefined();
  });

  test("an instance profile, standard CPU credits, detailed monitoring and termination protection as options", () => {
    const { json } = synthHost();
    expect(json).toHaveResourceWithProperties(Instance, {
      instance_type: "t4g.micro",
      iam_instance_profile: expect.stringMatching(/aws_iam_instance_profile\./),
      credit_specification: { cpu_credits: "standard" },
      monitoring: false,
      disable_api_termination: true,
      user_data_replace_on_change: true,
    });
    expect(synthHost({ enableDetailedMonitoring: true }).json).toHaveResourceWithProperties(Instance, {
      monitoring: true,
    });
    // The launch template carries the same choice, for Phase 2's Auto Scaling group.
    expect(json).toHaveResourceWithProperties(LaunchTemplate, { monitoring: { enabled: false } });
    expect(synthHost({ enableDetailedMonitoring: true }).json).toHaveResourceWithProperties(LaunchTemplate, {
      monitoring: { enabled: true },
    });
    for (const instanceType of ["m7g.large", "trn1.2xlarge"]) {
      const nonBurstable = onlyResource(synthHost({ instanceType }).parsed, Instance.tfResourceType);
      expect(nonBurstable.credit_specification).toBeUndefined();
    }
  });

  test("the instance runs with the runtime's security group and instance profile, after its log group exists", () => {
    const { parsed } = synthHost();
    const instance = onlyResource(parsed, Instance.tfResourceType);
    expect(instance.iam_instance_profile).toMatch(
      /^\$\{aws_iam_instance_profile\.AppRuntime_InstanceProfile_[0-9A-F]{8}\.name\}$/,
    );
    expect(instance.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^aws_cloudwatch_log_group\.AppRuntime_AppLogGroup_/)]),
    );
    const nic = onlyResource(parsed, "aws_network_interface");
    expect(nic.security_groups).toEqual([expect.stringMatching(/aws_security_group\.AppRuntime_SecurityGroup_/)]);
    expect(nic.subnet_id).toBe("subnet-public-a");
  });

  test("the public host and the hop limit of 2 are acknowledged trade-offs, with reasons", () => {
    const { construct } = synthHost();
    expect(acknowledgementsOn(construct.instance).map((a) => a.ruleId)).toEqual([
      "EC2-IMDS-HOP-LIMIT",
      "EC2-NO-PUBLIC-IP",
    ]);
    expect(acknowledgementsOn(construct.launchTemplate).map((a) => a.ruleId)).toEqual(["EC2-IMDS-HOP-LIMIT"]);
  });

  test("user data reaches Terraform escaped, and carries no secrets", () => {
    const { parsed, construct } = synthHost();
    const userData = String(onlyResource(parsed, Instance.tfResourceType).user_data);
    expect(userData).toBe(escapeTerraformTemplate(construct.userData));
    expect(userData).not.toMatch(/(^|[^$])\$\{/);
    expect(construct.userData).toContain('"InstanceId": "${aws:InstanceId}"');
    expect(construct.userData).not.toMatch(/AKIA[0-9A-Z]{16}|aws_secret_access_key|BEGIN [A-Z ]*PRIVATE KEY/i);
    // Even the secret's ARN is read at run time, from Parameter Store.
    expect(construct.userData).not.toContain("secretsmanager:ap-northeast-1");
    expect(Buffer.byteLength(construct.userData)).toBeLessThan(USER_DATA_MAX_BYTES);
  });

  test("with a TLS domain the user data stays under EC2's 16 KiB, proxy and database step included", () => {
    const { construct } = synthHost({ tlsDomainName: "app.example.com" });
    expect(construct.userData).toContain('readonly TLS_DOMAIN="app.example.com"');
    expect(Buffer.byteLength(construct.userData)).toBeLessThan(USER_DATA_MAX_BYTES);
  });
});

describe("AppHost user data", () => {
  test("every placeholder is filled in", () => {
    const script = renderUserData({ ...USER_DATA, tlsDomainName: "app.example.com" });
    expect(script).not.toMatch(/__[A-Z_]+__/);
    expect(script).toContain('readonly PARAMETER_PATH="/webapp/test"');
    expect(script).toContain('readonly TLS_DOMAIN="app.example.com"');
    expect(script).toContain(`readonly PROXY_IMAGE="${TLS_PROXY_IMAGE}"`);
    expect(renderUserData(USER_DATA)).toContain('readonly TLS_DOMAIN=""');
  });

  test("the TLS proxy image is pinned to one Caddy release, never a floating tag", () => {
    expect(TLS_PROXY_IMAGE).toMatch(/^docker\.io\/library\/caddy:\d+\.\d+\.\d+-alpine$/);
  });

  test("with a domain: a Caddy site for the name, forwarding to the application's container port, as its own service", () => {
    const script = renderUserData({ ...USER_DATA, tlsDomainName: "app.example.com" });
    const caddyfile = script.split("cat >/etc/app-host/Caddyfile <<EOF\n")[1].split("\nEOF\n")[0];
    // Rendered by bash at boot: the site name and the port come from the variables set above.
    expect(caddyfile).toContain("${TLS_DOMAIN} {\n\treverse_proxy app:${CONTAINER_PORT}\n}");
    // No HTTP/3: the security group opens TCP 443 only.
    expect(caddyfile).toMatch(/protocols h1 h2/);
    expect(script).toMatch(/ExecStart=\$\{LIBEXEC\}\/app-container proxy/);
    expect(script).toMatch(/services\+=\(app-proxy\.service\)/);
    expect(script).toMatch(/systemctl enable logrotate\.timer "\$\{services\[@\]\}"/);
  });

  test("the application service creates the database user before every start, then prepares the container", () => {
    const script = renderUserData(USER_DATA);
    const unit = script.split("cat >/etc/systemd/system/app.service <<EOF\n")[1].split("\nEOF\n")[0];
    const pre = unit.split("\n").filter((line) => line.startsWith("ExecStartPre="));
    expect(pre).toEqual(["ExecStartPre=${LIBEXEC}/db-app-user", "ExecStartPre=${LIBEXEC}/app-container prepare"]);
    // The rotation timer is gone: the application no longer uses the master password.
    expect(script).not.toMatch(/app-credentials|refresh-credentials/);
  });

  test("installs Docker and the CloudWatch agent and starts the app through systemd on every boot", () => {
    const script = renderUserData(USER_DATA);
    expect(script).toMatch(/dnf install -y docker amazon-cloudwatch-agent/);
    expect(script).toMatch(/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s/);
    expect(script).toMatch(/Restart=always/);
    expect(script).toMatch(/WantedBy=multi-user\.target/);
    expect(script).toContain("services=(app.service)");
    expect(script).toContain('systemctl enable logrotate.timer "${services[@]}"');
    expect(script).toContain(`StandardOutput=append:\${APP_LOG_FILE}`);
  });

  test("the container gets the image and its parameters, never the master secret; only the database step reads it", () => {
    const container = readFileSync(APP_CONTAINER_SCRIPT_PATH, "utf8");
    expect(container).toContain('parameter "${PARAMETER_PATH}/deploy/image-tag"');
    expect(container).toContain('parameter "${PARAMETER_PATH}/deploy/image-repository"');
    expect(container).toMatch(/get-parameters-by-path .*--path "\$\{PARAMETER_PATH\}\/app"/);
    expect(container).toMatch(/--with-decryption/);
    expect(container).toMatch(/aws ecr get-login-password/);
    expect(container).not.toMatch(/secretsmanager|DB_PASSWORD/);
    const step = readFileSync(DB_APP_USER_SCRIPT_PATH, "utf8");
    expect(step).toMatch(/aws secretsmanager get-secret-value/);
    expect(renderUserData(USER_DATA)).toContain(embeddedScript(DB_APP_USER_SCRIPT_PATH));
  });

  test("embedded scripts lose their comment lines only: every line of code reaches the host", () => {
    for (const path of [APP_CONTAINER_SCRIPT_PATH, DB_APP_USER_SCRIPT_PATH]) {
      const file = readFileSync(path, "utf8").trimEnd().split("\n");
      const embedded = embeddedScript(path);
      expect(renderUserData(USER_DATA)).toContain(embedded);
      expect(embedded.split("\n")).toEqual(file.filter((line, i) => i === 0 || !/^\s*#/.test(line)));
      expect(embedded.startsWith("#!/bin/bash\n")).toBe(true);
      // Comments at the end of a line of code are kept with it.
      expect(embedded).toContain("set -euo pipefail");
    }
  });

  test("the host and the parameters stack agree on the not-yet-deployed image tag", () => {
    const container = readFileSync(APP_CONTAINER_SCRIPT_PATH, "utf8");
    expect(container).toContain(`readonly NOT_DEPLOYED=${IMAGE_TAG_NOT_DEPLOYED}\n`);
  });

  test.each([
    ["the template", USER_DATA_TEMPLATE_PATH],
    ["the container script", APP_CONTAINER_SCRIPT_PATH],
    ["the database user step", DB_APP_USER_SCRIPT_PATH],
  ])("shellcheck passes on %s", (_, file) => {
    const result = shellcheck(file);
    expect(result.output).toBe("");
    expect(result.status).toBe(0);
  });

  test.each([
    ["without a domain", undefined],
    ["with a TLS domain", "app.example.com"],
  ])("shellcheck passes on the rendered user data, %s", (_, tlsDomainName) => {
    const dir = mkdtempSync(join(tmpdir(), "user-data-"));
    try {
      const file = join(dir, "user-data.sh");
      writeFileSync(file, renderUserData({ ...USER_DATA, tlsDomainName }));
      const result = shellcheck(file);
      expect(result.output).toBe("");
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("shellcheck would catch a broken script (the check is real)", () => {
    const dir = mkdtempSync(join(tmpdir(), "user-data-"));
    try {
      const file = join(dir, "broken.sh");
      writeFileSync(file, "#!/bin/bash\nrm -rf $DIR/*\nif [ $x = 1 ]; then echo; fi\n");
      expect(shellcheck(file).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("CloudWatch agent configuration", () => {
  const config = cloudWatchAgentConfig({ appLogGroupName: "/webapp/test/app" });

  test("memory and root disk in CWAgent, aggregated by InstanceId and by AutoScalingGroupName", () => {
    expect(config.metrics.namespace).toBe("CWAgent");
    expect(config.metrics.append_dimensions).toEqual({
      InstanceId: "${aws:InstanceId}",
      AutoScalingGroupName: "${aws:AutoScalingGroupName}",
    });
    expect(config.metrics.aggregation_dimensions).toEqual([["InstanceId"], ["AutoScalingGroupName"]]);
    expect(config.metrics.metrics_collected).toMatchObject({
      mem: { measurement: [MEMORY_USED_PERCENT_METRIC] },
      disk: { measurement: ["used_percent"], resources: ["/"] },
    });
    // The agent names disk metrics <plugin>_<measurement>.
    expect(DISK_USED_PERCENT_METRIC).toBe("disk_used_percent");
  });

  test("ships the container log file to the application log group, one stream per instance", () => {
    expect(config.logs.logs_collected.files.collect_list).toEqual([
      { file_path: APP_LOG_FILE, log_group_name: "/webapp/test/app", log_stream_name: "{instance_id}" },
    ]);
  });

  test("the user data installs exactly this configuration", () => {
    const script = renderUserData(USER_DATA);
    const json = script.split("<<'CLOUDWATCH_AGENT_CONFIG'\n")[1].split("\nCLOUDWATCH_AGENT_CONFIG\n")[0];
    expect(JSON.parse(json)).toEqual(config);
  });
});
