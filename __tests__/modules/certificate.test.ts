import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { TerraformOutput } from "cdktf";
import { DnsValidatedCertificate } from "../../modules/certificate";
import { synthModule } from "../support/module-stack";

type Resources = Record<string, Record<string, Record<string, unknown>>>;
const only = (resources: Resources, type: string) => Object.values(resources[type])[0];

function build(withUsEast1 = false) {
  const result = synthModule((scope) => {
    const usEast1 = withUsEast1
      ? new AwsProvider(scope, "UsEast1", { region: "us-east-1", alias: "us-east-1" })
      : undefined;
    const certificate = new DnsValidatedCertificate(scope, "Certificate", {
      domainName: "example.com",
      subjectAlternativeNames: ["www.example.com"],
      hostedZoneId: "Z0123456789ABCDEFGHIJ",
      certificateProvider: usEast1,
    });
    new TerraformOutput(scope, "CertificateArn", { value: certificate.certificateArn });
    return certificate;
  });
  return { ...result, resources: (result.parsed as unknown as { resource: Resources }).resource };
}

describe("DnsValidatedCertificate", () => {
  test("a DNS-validated ECDSA certificate, logged to Certificate Transparency, replaced before it is destroyed", () => {
    expect(only(build().resources, AcmCertificate.tfResourceType)).toEqual({
      domain_name: "example.com",
      subject_alternative_names: ["www.example.com"],
      validation_method: "DNS",
      key_algorithm: "EC_prime256v1",
      options: { certificate_transparency_logging_preference: "ENABLED" },
      lifecycle: { create_before_destroy: true },
    });
  });

  test("one validation record per domain, keyed by domain name, in the hosted zone", () => {
    const record = only(build().resources, Route53Record.tfResourceType);
    expect(record.for_each).toMatch(
      /for key, val in tolist\(aws_acm_certificate\.\w+\.domain_validation_options\): val\.domain_name => val/,
    );
    expect(record).toMatchObject({
      zone_id: "Z0123456789ABCDEFGHIJ",
      name: "${each.value.resource_record_name}",
      type: "${each.value.resource_record_type}",
      records: ["${each.value.resource_record_value}"],
    });
  });

  test("the ARN consumers use is the validation's: a listener waits until the certificate is issued", () => {
    const { resources, parsed } = build();
    const validation = only(resources, AcmCertificateValidation.tfResourceType);
    expect(validation.validation_record_fqdns).toMatch(/\[ for key, val in aws_route53_record\.\w+: val\.fqdn\]/);
    const outputs = (parsed as unknown as { output: Record<string, { value: string }> }).output;
    expect(outputs.CertificateArn.value).toMatch(/^\$\{aws_acm_certificate_validation\.\w+\.certificate_arn\}$/);
  });

  test("for CloudFront the certificate and its validation use the us-east-1 provider, the records the default", () => {
    const { resources } = build(true);
    expect(only(resources, AcmCertificate.tfResourceType).provider).toBe("aws.us-east-1");
    expect(only(resources, AcmCertificateValidation.tfResourceType).provider).toBe("aws.us-east-1");
    expect(only(resources, Route53Record.tfResourceType).provider).toBeUndefined();
  });
});
