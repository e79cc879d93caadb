import { report, text } from "./rules";

/** AWS naming rules and region codes that configuration is checked against. */

/** The region used when an environment names none. */
export const DEFAULT_REGION = "ap-northeast-1";

/**
 * The commercial AWS regions (partition `aws`), as listed in the AWS General Reference in 2026. GovCloud, China
 * and the European Sovereign Cloud are other partitions, which this project does not target.
 *
 * @see https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
 */
export const AWS_REGIONS = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
] as const;

const REGION_CODE = /^[a-z]{2}-[a-z]+-\d$/;

/** A region code that names a commercial AWS region; the problem says which of the two it is not. */
export const regionSchema = text({
  expected: "an AWS region code such as ap-northeast-1",
  fix: "use the region code, not its display name",
}).superRefine((region, ctx) => {
  const problem = regionProblem(region);
  if (problem) report(ctx, [], region, problem.expected, problem.fix);
});

/** Says what is wrong with a region code, or `undefined` for a commercial AWS region. */
export function regionProblem(region: string): { expected: string; fix: string } | undefined {
  if (!REGION_CODE.test(region)) {
    return { expected: "an AWS region code such as ap-northeast-1", fix: "use the region code, not its display name" };
  }
  if (!(AWS_REGIONS as readonly string[]).includes(region)) {
    return {
      expected: `a commercial AWS region (${AWS_REGIONS.join(", ")})`,
      fix: "check the code against the AWS Regions list; a region that opened after this list was written is added to AWS_REGIONS in config/aws.ts",
    };
  }
  return undefined;
}

/** Says what is wrong with an S3 bucket name, or `undefined` when it follows the general-purpose bucket rules. */
export function s3BucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return "3 to 63 characters";
  if (!/^[a-z0-9.-]+$/.test(name)) return "only lowercase letters, digits, dots and hyphens";
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return "must start and end with a letter or digit";
  if (name.includes("..")) return "no two adjacent dots";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "must not look like an IP address";
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return "reserved prefix";
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return "reserved suffix";
  return undefined;
}

const SNS_TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
const ACCOUNT_ID = /^\d{12}$/;

/** The parts of an SNS topic ARN, `arn:<partition>:sns:<region>:<account>:<name>`, as written. */
export interface SnsTopicArnParts {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly name: string;
}

/** The parts of an SNS topic ARN, or `undefined` when it does not have six colon-separated parts. */
export function snsTopicArnParts(arn: string): SnsTopicArnParts | undefined {
  const parts = arn.split(":");
  if (parts.length !== 6 || parts[0] !== "arn") return undefined;
  return { partition: parts[1], region: parts[3], account: parts[4], name: parts[5] };
}

/**
 * Says which part of an SNS topic ARN is wrong, or `undefined` for a topic of the commercial partition (the only
 * one this project targets): service `sns`, a commercial region, a 12-digit account and a topic name.
 */
export function snsTopicArnProblem(arn: string): string | undefined {
  const parts = snsTopicArnParts(arn);
  if (parts === undefined) return "arn:aws:sns:<region>:<account>:<topic name>, six parts separated by colons";
  if (parts.partition !== "aws") return `partition ${JSON.stringify(parts.partition)}: this project targets "aws"`;
  const service = arn.split(":")[2];
  if (service !== "sns") return `service ${JSON.stringify(service)}: an SNS topic's ARN names "sns"`;
  if (regionProblem(parts.region) !== undefined) return `region ${JSON.stringify(parts.region)}: a commercial region`;
  if (!ACCOUNT_ID.test(parts.account)) return `account ${JSON.stringify(parts.account)}: 12 digits`;
  if (!SNS_TOPIC_NAME.test(parts.name)) {
    return `topic name ${JSON.stringify(parts.name)}: 1-256 letters, digits, hyphens and underscores`;
  }
  return undefined;
}
