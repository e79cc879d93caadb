import { EnvironmentInput, PROJECT, architectureOf, loadEnvironments } from "../../config";
import { environmentConfig, problemsFor } from "../support/environment";

describe("workload configuration", () => {
  test("defaults are free-tier sized and the same in every environment", () => {
    for (const env of loadEnvironments(PROJECT)) {
      expect(env.database).toMatchObject({
        engineVersion: "17",
        engineMajorVersion: 17,
        instanceClass: "db.t4g.micro",
        allocatedStorageGiB: 20,
        maxAllocatedStorageGiB: 100,
        backupRetentionDays: 7,
        backupWindow: "17:00-18:00",
        maintenanceWindow: "sat:18:30-sat:19:30",
        logRetentionDays: 30,
        enhancedMonitoringIntervalSec: 60,
        databaseInsightsMode: "standard",
        slowQueryThresholdMs: 1000,
      });
      expect(env.capabilities.database).toEqual({ kind: "rds-postgresql", multiAz: false, readReplicas: 0 });
      expect(env.compute).toMatchObject({
        instanceType: "t4g.micro",
        architecture: "arm64",
        amiSsmReference: "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
        rootVolumeSizeGiB: 20,
        ingressCidrs: ["0.0.0.0/0"],
        containerPort: 3000,
        // One-minute metrics are paid for in production only (EC2-DETAILED-MONITORING checks it there).
        enableDetailedMonitoring: env.name === "production",
        appLogRetentionDays: 30,
      });
      expect(env.storage.bucketName).toBe(`webapp-${env.name}-app-files`);
      expect(env.storage.cors).toBeUndefined();
      expect(env.registry).toMatchObject({ keepImageCount: 30, untaggedExpiryDays: 1 });
      expect(env.dns).toBeUndefined();
    }
  });

  test("production alone gets the protections by default", () => {
    for (const env of loadEnvironments(PROJECT)) {
      const production = env.name === "production";
      expect(env.database).toMatchObject({
        enableDeletionProtection: production,
        enableFinalSnapshot: production,
        preventDestroy: production,
      });
      expect(env.compute).toMatchObject({ enableTerminationProtection: production, preventDestroy: production });
      expect(env.storage.preventDestroy).toBe(production);
      expect(env.registry.preventDestroy).toBe(production);
      expect(env.monitoring.preventDestroy).toBe(production);
      expect(env.network.preventFlowLogDestroy).toBe(production);
    }
  });

  test("every protection can be set explicitly", () => {
    const env = environmentConfig("development", (e) => ({
      ...e,
      database: { enableDeletionProtection: true, enableFinalSnapshot: true, preventDestroy: true },
      compute: { enableTerminationProtection: true, preventDestroy: true },
      storage: { preventDestroy: true },
      registry: { preventDestroy: true },
      monitoring: { preventDestroy: true },
      network: { ...e.network, enableFlowLogs: true, preventFlowLogDestroy: true },
    }));
    expect(env.database).toMatchObject({
      enableDeletionProtection: true,
      enableFinalSnapshot: true,
      preventDestroy: true,
    });
    expect(env.compute).toMatchObject({ enableTerminationProtection: true, preventDestroy: true });
    expect(env.storage.preventDestroy).toBe(true);
    expect(env.registry.preventDestroy).toBe(true);
    expect(env.monitoring.preventDestroy).toBe(true);
    expect(env.network.preventFlowLogDestroy).toBe(true);
  });

  test("production may turn a protection off in configuration: the guardrails then ask for an acknowledgement", () => {
    const env = environmentConfig("production", (e) => ({
      ...e,
      database: { enableFinalSnapshot: false, backupRetentionDays: 3 },
      compute: { preventDestroy: false },
      registry: { preventDestroy: false },
    }));
    expect(env.database).toMatchObject({ enableFinalSnapshot: false, backupRetentionDays: 3, preventDestroy: true });
    expect(env.compute).toMatchObject({ preventDestroy: false, enableTerminationProtection: true });
    expect(env.registry.preventDestroy).toBe(false);
  });

  test.each<[string, EnvironmentInput["registry"] | EnvironmentInput["compute"], string]>([
    ["registry", { preventDestroy: "yes" } as never, "registry.preventDestroy"],
    ["compute", { preventDestroy: 1 } as never, "compute.preventDestroy"],
  ])("a %s protection that is not a boolean is refused with its path", (section, value, path) => {
    const message = problemsFor("production", (e) => ({ ...e, [section]: value }));
    expect(message).toContain(`environments.production.${path}: got`);
    expect(message).toMatch(/expected true or false\. Fix: write a boolean, without quotes/);
  });

  test.each([
    ["t4g.micro", "arm64"],
    ["m7gd.large", "arm64"],
    ["c6gn.xlarge", "arm64"],
    ["is4gen.large", "arm64"],
    ["a1.medium", "arm64"],
    ["t3.micro", "x86_64"],
    ["g4dn.xlarge", "x86_64"],
    ["m7i-flex.large", "x86_64"],
    ["c7a.large", "x86_64"],
  ])("%s runs the %s AMI", (instanceType, architecture) => {
    expect(architectureOf(instanceType)).toBe(architecture);
  });

  test("an x86 instance type gets the x86_64 AMI", () => {
    const env = environmentConfig("test", (e) => ({ ...e, compute: { instanceType: "t3.micro" } }));
    expect(env.compute.amiSsmReference).toBe(
      "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    );
  });

  test("DNS is resolved with its defaults when a domain is set", () => {
    const env = environmentConfig("production", (e) => ({ ...e, dns: { domainName: "example.com" } }));
    expect(env.dns).toEqual({
      domainName: "example.com",
      hostedZoneId: undefined,
      recordName: "example.com",
      recordTtlSec: 300,
      healthCheckPath: "/health",
      healthCheckFailureThreshold: 3,
      healthCheckIntervalSec: 30,
      preventDestroy: true,
    });
  });

  test("CORS gets safe defaults for methods and preflight caching", () => {
    const env = environmentConfig("development", (e) => ({
      ...e,
      storage: { cors: { allowedOrigins: ["https://app.example.com"] } },
    }));
    expect(env.storage.cors).toEqual({
      allowedOrigins: ["https://app.example.com"],
      allowedMethods: ["GET", "HEAD"],
      allowedHeaders: ["*"],
      maxAgeSec: 3000,
    });
  });

  test.each<[string, (env: EnvironmentInput) => EnvironmentInput, RegExp]>([
    [
      "unsupported PostgreSQL version",
      (e) => ({ ...e, database: { engineVersion: "12" } }),
      /database\.engineVersion: got "12"; expected a PostgreSQL major version \(14, 15, 16, 17\).* Fix: /,
    ],
    [
      "malformed instance class",
      (e) => ({ ...e, database: { instanceClass: "t4g.micro" } }),
      /database\.instanceClass: got "t4g\.micro"; expected an RDS instance class.* Fix: keep the db\. prefix/,
    ],
    [
      "storage below the gp3 minimum",
      (e) => ({ ...e, database: { allocatedStorageGiB: 10 } }),
      /database\.allocatedStorageGiB: got 10; expected an integer from 20 to 65536/,
    ],
    [
      "autoscaling limit too close to the allocation",
      (e) => ({ ...e, database: { allocatedStorageGiB: 100, maxAllocatedStorageGiB: 105 } }),
      /database\.maxAllocatedStorageGiB: got 105; expected at least 110 \(10 % above allocatedStorageGiB 100\)/,
    ],
    [
      "reserved database name",
      (e) => ({ ...e, database: { databaseName: "postgres" } }),
      /database\.databaseName: got "postgres"; expected 1-63 letters/,
    ],
    [
      "database name with a hyphen",
      (e) => ({ ...e, database: { databaseName: "my-app" } }),
      /database\.databaseName: got "my-app"/,
    ],
    [
      "default admin user name",
      (e) => ({ ...e, database: { masterUsername: "postgres" } }),
      /database\.masterUsername: got "postgres"; expected .* Fix: choose a name such as dbadmin/,
    ],
    [
      "backups turned off",
      (e) => ({ ...e, database: { backupRetentionDays: 0 } }),
      /database\.backupRetentionDays: got 0; expected an integer from 1 to 35\. Fix: keep at least one day/,
    ],
    [
      "malformed backup window",
      (e) => ({ ...e, database: { backupWindow: "2am-3am" } }),
      /database\.backupWindow: got "2am-3am"; expected hh:mm-hh:mm in UTC/,
    ],
    [
      "backup window shorter than 30 minutes",
      (e) => ({ ...e, database: { backupWindow: "17:00-17:20" } }),
      /database\.backupWindow: got "17:00-17:20"; expected a window of at least 30 minutes/,
    ],
    [
      "malformed maintenance window",
      (e) => ({ ...e, database: { maintenanceWindow: "sunday 04:00" } }),
      /database\.maintenanceWindow: got "sunday 04:00"; expected ddd:hh:mm-ddd:hh:mm in UTC/,
    ],
    [
      "maintenance window shorter than 30 minutes",
      (e) => ({ ...e, database: { maintenanceWindow: "sun:01:00-sun:01:10" } }),
      /database\.maintenanceWindow: got "sun:01:00-sun:01:10"; expected a window of at least 30 minutes/,
    ],
    [
      "maintenance overlapping the backups",
      (e) => ({ ...e, database: { backupWindow: "17:00-18:00", maintenanceWindow: "wed:17:30-wed:18:30" } }),
      /database\.maintenanceWindow: got "wed:17:30-wed:18:30"; expected no overlap with the backup window 17:00-18:00/,
    ],
    [
      "maintenance overlapping a backup window that crosses midnight",
      (e) => ({ ...e, database: { backupWindow: "23:30-00:30", maintenanceWindow: "mon:00:00-mon:00:45" } }),
      /database\.maintenanceWindow: got "mon:00:00-mon:00:45"; expected no overlap/,
    ],
    [
      "unaccepted database log retention",
      (e) => ({ ...e, database: { logRetentionDays: 10 } }),
      /database\.logRetentionDays: got 10; expected one of the values CloudWatch Logs accepts/,
    ],
    [
      "malformed instance type",
      (e) => ({ ...e, compute: { instanceType: "db.t4g.micro" } }),
      /compute\.instanceType: got "db\.t4g\.micro"; expected an EC2 instance type/,
    ],
    [
      "root volume too small",
      (e) => ({ ...e, compute: { rootVolumeSizeGiB: 4 } }),
      /compute\.rootVolumeSizeGiB: got 4; expected an integer from 8 to 16384/,
    ],
    [
      "no ingress CIDRs",
      (e) => ({ ...e, compute: { ingressCidrs: [] } }),
      /compute\.ingressCidrs: got \[\]; expected at least one CIDR/,
    ],
    [
      "malformed ingress CIDR",
      (e) => ({ ...e, compute: { ingressCidrs: ["203.0.113.7"] } }),
      /compute\.ingressCidrs\[0\]: got "203\.0\.113\.7"; expected an IPv4 CIDR .* Fix: .*\/32 for one address/,
    ],
    [
      "container port out of range",
      (e) => ({ ...e, compute: { containerPort: 70000 } }),
      /compute\.containerPort: got 70000; expected an integer from 1 to 65535/,
    ],
    [
      "the retired container TLS port",
      (e) => ({ ...e, compute: { containerTlsPort: 8443 } }) as EnvironmentInput,
      /compute\.containerTlsPort: got 8443; expected a field of the compute section\. Fix: remove it: with dns\.domainName the host terminates TLS itself \(a Caddy proxy on port 443 .*forwarding to containerPort\); without a domain port 443 stays closed/,
    ],
    [
      "an application database user that is the master user",
      (e) => ({ ...e, database: { masterUsername: "dbadmin", appUsername: "DBADMIN" } }),
      /database\.appUsername: got "DBADMIN"; expected a user other than the master user dbadmin\. Fix: .*must not run as the master user/,
    ],
    [
      "a reserved application database user",
      (e) => ({ ...e, database: { appUsername: "rdsadmin" } }),
      /database\.appUsername: got "rdsadmin"; expected 1-63 letters, digits and underscores, starting with a letter, not postgres/,
    ],
    [
      "unaccepted app log retention",
      (e) => ({ ...e, compute: { appLogRetentionDays: 45 } }),
      /compute\.appLogRetentionDays: got 45; expected one of the values CloudWatch Logs accepts/,
    ],
    [
      "invalid bucket name",
      (e) => ({ ...e, storage: { bucketName: "App_Files" } }),
      /storage\.bucketName: got "App_Files"; expected a valid S3 bucket name \(only lowercase letters, digits, dots and hyphens\)/,
    ],
    [
      "noncurrent versions kept zero days",
      (e) => ({ ...e, storage: { noncurrentVersionExpirationDays: 0 } }),
      /storage\.noncurrentVersionExpirationDays: got 0; expected an integer from 1 to 3650/,
    ],
    [
      "wildcard object-access principal",
      (e) => ({ ...e, storage: { additionalObjectAccessArns: ["arn:aws:iam::*:role/*"] } }),
      /storage\.additionalObjectAccessArns\[0\]: got "arn:aws:iam::\*:role\/\*"; expected an IAM role or user ARN/,
    ],
    [
      "empty CORS origins",
      (e) => ({ ...e, storage: { cors: { allowedOrigins: [] } } }),
      /storage\.cors\.allowedOrigins: got \[\]; expected at least one origin/,
    ],
    [
      "CORS origin with a path",
      (e) => ({ ...e, storage: { cors: { allowedOrigins: ["https://app.example.com/"] } } }),
      /storage\.cors\.allowedOrigins\[0\]: got "https:\/\/app\.example\.com\/"; expected an origin .* Fix: remove the path/,
    ],
    [
      "unsupported CORS method",
      (e) => ({ ...e, storage: { cors: { allowedOrigins: ["*"], allowedMethods: ["PATCH"] } } }),
      /storage\.cors\.allowedMethods\[0\]: got "PATCH"; expected one of GET, PUT, POST, DELETE, HEAD/,
    ],
    [
      "CORS preflight cached too long",
      (e) => ({ ...e, storage: { cors: { allowedOrigins: ["*"], maxAgeSec: 100000 } } }),
      /storage\.cors\.maxAgeSec: got 100000; expected an integer from 0 to 86400/,
    ],
    [
      "keeping a single image",
      (e) => ({ ...e, registry: { keepImageCount: 1 } }),
      /registry\.keepImageCount: got 1; expected an integer from 2 to 1000\. Fix: .*rollback/,
    ],
    [
      "untagged images kept zero days",
      (e) => ({ ...e, registry: { untaggedExpiryDays: 0 } }),
      /registry\.untaggedExpiryDays: got 0; expected an integer from 1 to 365/,
    ],
    [
      "DNS settings without a domain",
      (e) => ({ ...e, dns: { hostedZoneId: "Z0123456789ABCDEFGHIJ" } }),
      /dns\.domainName: got undefined; expected the hosted zone's domain name whenever other dns fields are set/,
    ],
    [
      "uppercase domain with a trailing dot",
      (e) => ({ ...e, dns: { domainName: "Example.com." } }),
      /dns\.domainName: got "Example\.com\."; expected a lowercase domain name/,
    ],
    [
      "malformed hosted zone id",
      (e) => ({ ...e, dns: { domainName: "example.com", hostedZoneId: "/hostedzone/Z123" } }),
      /dns\.hostedZoneId: got "\/hostedzone\/Z123"; expected a Route 53 hosted zone id.* Fix: .*without the \/hostedzone\/ prefix/,
    ],
    [
      "record outside the zone",
      (e) => ({ ...e, dns: { domainName: "example.com", recordName: "app.example.org" } }),
      /dns\.recordName: got "app\.example\.org"; expected example\.com or a lowercase name under it/,
    ],
    [
      "negative TTL",
      (e) => ({ ...e, dns: { domainName: "example.com", recordTtlSec: -1 } }),
      /dns\.recordTtlSec: got -1; expected an integer from 0 to 172800/,
    ],
    [
      "health check path without a slash",
      (e) => ({ ...e, dns: { domainName: "example.com", healthCheckPath: "health" } }),
      /dns\.healthCheckPath: got "health"; expected a path starting with \//,
    ],
    [
      "the retired health check protocol",
      (e) => ({ ...e, dns: { domainName: "example.com", healthCheckProtocol: "HTTP" } }) as EnvironmentInput,
      /dns\.healthCheckProtocol: got "HTTP"; expected a field of the dns section\. Fix: remove it: with a domain the host serves HTTPS, and the health check always requests it on port 443/,
    ],
    [
      "health check threshold out of range",
      (e) => ({ ...e, dns: { domainName: "example.com", healthCheckFailureThreshold: 11 } }),
      /dns\.healthCheckFailureThreshold: got 11; expected an integer from 1 to 10/,
    ],
    [
      "unsupported health check interval",
      (e) => ({ ...e, dns: { domainName: "example.com", healthCheckIntervalSec: 60 } }),
      /dns\.healthCheckIntervalSec: got 60; expected 10 or 30/,
    ],
    [
      "Enhanced Monitoring interval RDS does not accept",
      (e) => ({ ...e, database: { enhancedMonitoringIntervalSec: 45 } }),
      /database\.enhancedMonitoringIntervalSec: got 45; expected one of 0, 1, 5, 10, 15, 30, 60/,
    ],
    [
      "unknown Database Insights mode",
      (e) => ({ ...e, database: { databaseInsightsMode: "premium" as never } }),
      /database\.databaseInsightsMode: got "premium"; expected one of standard, advanced/,
    ],
    [
      "negative slow query threshold",
      (e) => ({ ...e, database: { slowQueryThresholdMs: -1 } }),
      /database\.slowQueryThresholdMs: got -1; expected an integer from 0/,
    ],
  ])("%s is rejected with the field, the value and a fix", (_, change, expected) => {
    expect(problemsFor("development", change)).toMatch(expected);
  });

  test("workload problems come in the same pass as the foundation's", () => {
    const message = problemsFor("test", (e) => ({
      ...e,
      phase: 9,
      database: { backupRetentionDays: 0, instanceClass: "large" },
      compute: { ingressCidrs: ["everyone"] },
      storage: { bucketName: "x" },
      registry: { keepImageCount: 0 },
      dns: { domainName: "example.com", healthCheckIntervalSec: 5 },
    }));
    expect(message).toMatch(/^Invalid configuration \(7 problems\):/);
    for (const field of [
      "phase",
      "database.backupRetentionDays",
      "database.instanceClass",
      "compute.ingressCidrs[0]",
      "storage.bucketName",
      "registry.keepImageCount",
      "dns.healthCheckIntervalSec",
    ]) {
      expect(message).toContain(`environments.test.${field}`);
    }
  });
});
