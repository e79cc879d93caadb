import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { TerraformIterator, Token } from "cdktf";
import { Construct } from "constructs";

/** Props of {@link DnsValidatedCertificate}. */
export interface DnsValidatedCertificateProps {
  /** The name the certificate is for, for example `example.com` or `app.example.com`. */
  readonly domainName: string;
  /**
   * Further names on the same certificate.
   * @default []
   */
  readonly subjectAlternativeNames?: readonly string[];
  /** The public hosted zone the validation records go into. */
  readonly hostedZoneId: string;
  /**
   * The provider the certificate is created with: a second `AwsProvider` with `region: "us-east-1"` for CloudFront
   * and Cognito custom domains. The validation records always use the stack's default provider.
   * @default - the stack's default provider (the environment's region, for a load balancer)
   */
  readonly certificateProvider?: AwsProvider;
}

/**
 * An ACM certificate validated through DNS records in the environment's hosted zone, which ACM renews by itself
 * for as long as the records stay. The certificate is replaced before it is destroyed (a listener never points at
 * a deleted certificate), logs to Certificate Transparency, and uses an ECDSA P-256 key.
 *
 * The validation records are iterated over `domain_validation_options` by domain name: their set is only known
 * once ACM answers, so a count or a list index cannot name them.
 */
export class DnsValidatedCertificate extends Construct {
  /** The certificate. */
  readonly certificate: AcmCertificate;
  /** ARN of the certificate once it is validated: listeners that use it wait for the validation. */
  readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: DnsValidatedCertificateProps) {
    super(scope, id);
    this.certificate = new AcmCertificate(this, "Certificate", {
      provider: props.certificateProvider,
      domainName: props.domainName,
      subjectAlternativeNames: props.subjectAlternativeNames ? [...props.subjectAlternativeNames] : undefined,
      validationMethod: "DNS",
      keyAlgorithm: "EC_prime256v1",
      options: { certificateTransparencyLoggingPreference: "ENABLED" },
      lifecycle: { createBeforeDestroy: true },
    });
    const options = TerraformIterator.fromComplexList(this.certificate.domainValidationOptions, "domain_name");
    const records = new Route53Record(this, "ValidationRecord", {
      forEach: options,
      zoneId: props.hostedZoneId,
      name: options.getString("resource_record_name"),
      type: options.getString("resource_record_type"),
      records: [options.getString("resource_record_value")],
      ttl: 300,
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, "Validation", {
      provider: props.certificateProvider,
      certificateArn: this.certificate.arn,
      validationRecordFqdns: Token.asList(TerraformIterator.fromResources(records).pluckProperty("fqdn")),
    });
    this.certificateArn = validation.certificateArn;
  }
}
