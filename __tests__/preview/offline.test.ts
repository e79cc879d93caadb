import { OFFLINE_PROVIDER_SETTINGS, StackJson, offlineStackJson, upstreamStacks } from "../../scripts/preview/offline";
import { StateInstances, evaluateReference, resolveReferences, sensitivePaths } from "../../scripts/preview/state";

const stack: StackJson = {
  terraform: {
    backend: { s3: { bucket: "webapp-production-tfstate", key: "production/compute.tfstate" } },
    required_providers: { aws: { source: "aws", version: "5.100.0" } },
  },
  provider: { aws: [{ region: "ap-northeast-1", allowed_account_ids: ["111122223333"], profile: "ops" }] },
  data: {
    terraform_remote_state: {
      "cross-stack-reference-input-production-network": {
        backend: "s3",
        config: { bucket: "webapp-production-tfstate", key: "production/network.tfstate" },
        workspace: "${terraform.workspace}",
      },
    },
  },
};

describe("offlineStackJson", () => {
  const offline = offlineStackJson(stack, (upstream) => `/tmp/remote/${upstream}.tfstate`, "http://127.0.0.1:9");

  test("drops the S3 backend, so the state is a local file of the preview", () => {
    expect(offline.terraform).toEqual({ required_providers: stack.terraform!.required_providers });
  });

  test("the provider gets fake credentials and every skip setting, and loses what needs STS or a profile", () => {
    const [aws] = offline.provider!.aws;
    expect(aws).toMatchObject({ region: "ap-northeast-1", ...OFFLINE_PROVIDER_SETTINGS });
    expect(aws).not.toHaveProperty("allowed_account_ids");
    expect(aws).not.toHaveProperty("profile");
    expect(aws.endpoints).toEqual([{ ec2: "http://127.0.0.1:9" }]);
  });

  test("cross-stack inputs read the upstream stack's local state file", () => {
    expect(upstreamStacks(stack)).toEqual(["production-network"]);
    expect(offline.data!.terraform_remote_state["cross-stack-reference-input-production-network"]).toEqual({
      backend: "local",
      config: { path: "/tmp/remote/production-network.tfstate" },
    });
  });
});

function instance(address: string, attributes: Record<string, unknown>, afterUnknown: Record<string, unknown> = {}) {
  const [type, name] = address.split(".");
  const change = {
    address,
    mode: "managed" as const,
    type,
    name,
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: { actions: ["create"], before: null, after: attributes, after_unknown: afterUnknown },
  };
  return [address, { change, attributes }] as const;
}

describe("references resolved while a baseline is built", () => {
  const state: StateInstances = new Map([
    instance("aws_s3_bucket.Bucket", { id: "app-files", arn: "arn:aws:s3:::app-files" }),
    instance("aws_launch_template.Template", { id: "lt-0123", latest_version: 1 }),
    instance("aws_db_instance.Db", { master_user_secret: [{ secret_arn: "arn:aws:secretsmanager:x" }] }),
  ]);

  test.each([
    ["${aws_s3_bucket.Bucket.arn}", "arn:aws:s3:::app-files"],
    ['{"Resource":"${aws_s3_bucket.Bucket.arn}/*"}', '{"Resource":"arn:aws:s3:::app-files/*"}'],
    ["${aws_db_instance.Db.master_user_secret[0].secret_arn}", "arn:aws:secretsmanager:x"],
    [
      ["${aws_s3_bucket.Bucket.id}", "literal"],
      ["app-files", "literal"],
    ],
    ["${jsonencode(aws_s3_bucket.Bucket.arn)}", undefined],
    ["${data.terraform_remote_state.x.outputs.y}", undefined],
  ])("%j evaluates to %j", (expression, value) => {
    expect(evaluateReference(expression, state)).toEqual(value);
  });

  test("an unknown attribute that is a plain reference, also in a nested block, takes the referenced value", () => {
    const [address, entry] = instance(
      "aws_instance.Host",
      { launch_template: [{ id: "preview", version: "" }] },
      { launch_template: [{ id: true, version: true }] },
    );
    const withHost: StateInstances = new Map([...state, [address, entry]]);
    resolveReferences(withHost, {
      aws_instance: {
        Host: {
          launch_template: {
            id: "${aws_launch_template.Template.id}",
            version: "${aws_launch_template.Template.latest_version}",
          },
        },
      },
    });
    expect(withHost.get(address)!.attributes.launch_template).toEqual([{ id: "lt-0123", version: "1" }]);
  });

  test("sensitive paths are listed as a state file lists them (else the next plan is an update)", () => {
    expect(sensitivePaths({ password: true, tags: {}, list: [false, { key: true }] })).toEqual([
      [{ type: "get_attr", value: "password" }],
      [
        { type: "get_attr", value: "list" },
        { type: "index", value: { value: 1, type: "number" } },
        { type: "get_attr", value: "key" },
      ],
    ]);
  });
});
