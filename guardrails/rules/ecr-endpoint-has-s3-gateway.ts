import { endpointType } from "../relations";
import { COMPLIANT, GuardrailRule, NOT_APPLICABLE, cannotVerify, nonCompliant } from "../types";
import { isComputed, stringArg } from "../values";

/**
 * A private host that pulls images through the `ecr.dkr` endpoint also needs the S3 gateway endpoint in the same
 * VPC: ECR serves image layers from S3, so without it `docker pull` fails after the manifest, and no new host
 * starts.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
 */
export const ecrEndpointHasS3Gateway: GuardrailRule = {
  id: "VPC-ENDPOINT-ECR-S3-GATEWAY",
  description:
    "An ecr.dkr interface endpoint has an S3 gateway endpoint (com.amazonaws.<region>.s3) for the same VPC in the " +
    "same stack.",
  equivalents: {},
  appliesTo: ["aws_vpc_endpoint"],
  check(endpoint, { stack }) {
    const type = endpointType(endpoint);
    if (type === "expression") {
      return cannotVerify(this.id, "vpc_endpoint_type", endpoint.config.vpc_endpoint_type, '"Interface"');
    }
    if (type !== "Interface") return NOT_APPLICABLE;
    const service = endpoint.config.service_name;
    if (isComputed(service)) {
      return cannotVerify(this.id, "service_name", service, '"com.amazonaws.ap-northeast-1.ecr.dkr"');
    }
    const name = stringArg(service);
    if (name.state !== "set" || !name.value.endsWith(".ecr.dkr")) return NOT_APPLICABLE;
    const gateway = stack
      .resources("aws_vpc_endpoint")
      .find(
        (e) =>
          endpointType(e) === "Gateway" &&
          typeof e.config.service_name === "string" &&
          e.config.service_name.endsWith(".s3") &&
          e.config.vpc_id === endpoint.config.vpc_id,
      );
    if (gateway) return COMPLIANT;
    return nonCompliant(
      "the ECR Docker endpoint has no S3 gateway endpoint in its VPC, so image layers, which ECR serves from S3, " +
        "cannot be pulled from private subnets",
      'add an aws_vpc_endpoint { service_name = "com.amazonaws.<region>.s3", vpc_endpoint_type = "Gateway" } on ' +
        "the private route tables (modules/vpc-endpoints does)",
    );
  },
};
