import { al2023AmiReference } from "../../config";
import { AppHost, AppHostProps } from "../../modules/app-host";
import { AppRuntime, AppRuntimeProps } from "../../modules/app-runtime";
import { synthModule } from "../support/module-stack";

/** Props of an AppRuntime in a test environment, as the compute stack would pass them. */
export const RUNTIME_PROPS: AppRuntimeProps = {
  namePrefix: "webapp-test",
  roleName: "webapp-test-app-host",
  vpcId: "vpc-123",
  region: "ap-northeast-1",
  accountId: "123456789012",
  parameterPath: "/webapp/test",
  appLogGroupName: "/webapp/test/app",
  access: {
    imageRepositoryArn: "arn:aws:ecr:ap-northeast-1:123456789012:repository/webapp/test/app",
    databaseSecretArn: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:rds!db-1",
    bucketArn: "arn:aws:s3:::webapp-test-app-files",
  },
  database: {
    securityGroupId: "sg-database",
    port: 5432,
    resourceId: "db-ABCDEFGHIJKLMNOPQRSTUVWXY0",
    username: "app_user",
  },
};

/** An AppRuntime alone in a stack, synthesized. */
export function synthRuntime(props: Partial<AppRuntimeProps> = {}) {
  return synthModule((scope) => new AppRuntime(scope, "AppRuntime", { ...RUNTIME_PROPS, ...props }));
}

/** An AppHost on an AppRuntime, as the compute stack builds them, synthesized. */
export function synthHost(props: Partial<Omit<AppHostProps, "runtime">> = {}) {
  return synthModule((scope) => {
    const runtime = new AppRuntime(scope, "AppRuntime", RUNTIME_PROPS);
    return new AppHost(scope, "AppHost", {
      namePrefix: "webapp-test",
      runtime,
      subnetId: "subnet-public-a",
      region: "ap-northeast-1",
      amiSsmReference: al2023AmiReference("arm64"),
      parameterPath: "/webapp/test",
      appLogGroupName: "/webapp/test/app",
      ...props,
    });
  });
}
