import { z } from "zod";
import { regionSchema, s3BucketNameProblem } from "./aws";
import { DeepReadonly, flag, oneOf, section, text } from "./rules";

const DYNAMODB_TABLE = /^[a-zA-Z0-9_.-]{3,255}$/;
const URL = /^https?:\/\/[^\s/]+(\/.*)?$/;

const endpoint = (example: string) =>
  text({ test: (url) => URL.test(url), expected: "an http(s) URL", fix: `write the full URL, for example ${example}` });

/** Custom service endpoints for the state backend (and the bootstrap stack's provider). */
export const backendEndpointsSchema = section(
  "stateBackend.endpoints section",
  {
    /** S3 endpoint URL, for example `http://127.0.0.1:4569`. */
    s3: endpoint("http://127.0.0.1:4569"),
    /** DynamoDB endpoint URL, for example `http://127.0.0.1:4567`. */
    dynamodb: endpoint("http://127.0.0.1:4567"),
  },
  { fix: "give both s3 and dynamodb URLs, or remove endpoints to use AWS" },
);

/** Where the Terraform state of an environment lives. */
export const stateBackendSchema = section(
  "stateBackend section",
  {
    /** Name of the S3 bucket that holds the state; globally unique, created by the bootstrap stack. */
    bucket: text({
      test: (name) => s3BucketNameProblem(name) === undefined,
      expected: "a valid S3 bucket name",
      detail: s3BucketNameProblem,
      fix: "use 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit",
    }),
    /**
     * Keep the bootstrap stack's own state in the bucket it created, at `<environment>/bootstrap.tfstate`. Set it
     * once the bucket exists, then migrate (docs/state.md).
     * @default false
     */
    bootstrapStateInBucket: flag().default(false),
    /** Name of the DynamoDB lock table, created by the bootstrap stack. */
    lockTable: text({
      test: (name) => DYNAMODB_TABLE.test(name),
      expected: "a DynamoDB table name of 3-255 letters, digits, `_`, `-` and `.`",
      fix: "rename the lock table, for example webapp-tfstate-lock",
    }),
    /**
     * Locking mechanism. `dynamodb` uses the lock table; `lockfile` uses S3 conditional writes
     * (`use_lockfile`, Terraform >= 1.10), which Terraform 1.11 recommends over the deprecated `dynamodb_table`.
     * @default "dynamodb"
     */
    locking: oneOf(
      ["dynamodb", "lockfile"],
      '"dynamodb" or "lockfile"',
      "use dynamodb (the lock table) or lockfile (S3 native locking, Terraform >= 1.10)",
    ).default("dynamodb"),
    /**
     * Region of the state bucket and lock table.
     * @default - the environment's region
     */
    region: regionSchema.optional(),
    /**
     * Custom S3 and DynamoDB endpoints, for S3-compatible stores and local emulators. Leave unset for AWS.
     * @default - the AWS endpoints of the region
     */
    endpoints: backendEndpointsSchema.optional(),
  },
  { fix: "add stateBackend: { bucket, lockTable } to the environment" },
);

/** How Terraform locks the S3 state of this environment. */
export type StateLocking = z.output<typeof stateBackendSchema>["locking"];

/** Custom service endpoints for the state backend, as written in configuration. */
export type BackendEndpointsInput = DeepReadonly<z.input<typeof backendEndpointsSchema>>;

/** Where the Terraform state of an environment lives, as written in configuration. */
export type StateBackendInput = DeepReadonly<z.input<typeof stateBackendSchema>>;

/** State backend settings after validation; the region defaults to the environment's. */
export type StateBackendConfig = DeepReadonly<
  Omit<z.output<typeof stateBackendSchema>, "region"> & {
    /** Region of the state bucket and lock table. */
    region: string;
  }
>;
