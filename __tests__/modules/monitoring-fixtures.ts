import { TerraformStack, Testing } from "cdktf";
import { MONITORING_DEFAULTS, MonitoringConfig } from "../../config/monitoring";
import {
  AppHostTarget,
  MonitoredLoadBalancer,
  MonitoredReplica,
  Monitoring,
  MonitoringProps,
} from "../../modules/monitoring";
import { SynthesizedStack, resourcesOf, synth } from "../support/synth";

/** Fake inputs standing in for the other stacks' attributes. */
export const FAKE = {
  namePrefix: "webapp-test",
  metricNamespace: "webapp/test",
  region: "ap-northeast-1",
  accountId: "123456789012",
  instanceId: "i-0123456789abcdef0",
  autoScalingGroupName: "webapp-test-app",
  dbInstanceIdentifier: "webapp-test",
  logGroupName: "/webapp/test/app",
  bucketName: "webapp-test-app-files",
  loadBalancerArnSuffix: "app/webapp-test/0123456789abcdef",
  targetGroupArnSuffix: "targetgroup/webapp-test-app/0123456789abcdef",
  replicaIdentifier: "webapp-test-replica-1",
} as const;

export const INSTANCE: AppHostTarget = { kind: "instance", instanceId: FAKE.instanceId };
export const GROUP: AppHostTarget = { kind: "autoScalingGroup", name: FAKE.autoScalingGroupName };
export const LOAD_BALANCER: MonitoredLoadBalancer = {
  loadBalancerArnSuffix: FAKE.loadBalancerArnSuffix,
  targetGroupArnSuffix: FAKE.targetGroupArnSuffix,
};
export const REPLICA: MonitoredReplica = { instanceIdentifier: FAKE.replicaIdentifier, instanceClass: "db.t4g.micro" };

/** The Phase 2 shape: an Auto Scaling group behind a load balancer, a database with one read replica. */
export const PHASE2: Partial<MonitoringProps> = {
  appHost: GROUP,
  loadBalancer: LOAD_BALANCER,
  database: { instanceIdentifier: FAKE.dbInstanceIdentifier, instanceClass: "db.t4g.micro", replicas: [REPLICA] },
};

/** A fresh stack to put one construct in. */
export function testStack(): TerraformStack {
  return new TerraformStack(Testing.app(), "test");
}

/** The synthesized {@link Monitoring} construct with fake inputs, optionally changed. */
export function monitoringJson(
  change: Partial<MonitoringProps> = {},
  settings: MonitoringConfig = MONITORING_DEFAULTS,
): { json: string; parsed: SynthesizedStack } {
  const stack = testStack();
  new Monitoring(stack, "Monitoring", {
    namePrefix: FAKE.namePrefix,
    metricNamespace: FAKE.metricNamespace,
    region: FAKE.region,
    accountId: FAKE.accountId,
    settings,
    appHost: INSTANCE,
    database: { instanceIdentifier: FAKE.dbInstanceIdentifier, instanceClass: "db.t4g.micro" },
    logGroupName: FAKE.logGroupName,
    bucketName: FAKE.bucketName,
    ...change,
  });
  return synth(stack);
}

/** Every metric alarm of a synthesized stack, by alarm name. */
export function alarmsByName(parsed: SynthesizedStack): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    resourcesOf(parsed, "aws_cloudwatch_metric_alarm").map(([, alarm]) => [String(alarm.alarm_name), alarm]),
  );
}

/** A policy document attribute, parsed. */
export interface PolicyDocument {
  readonly Statement: {
    readonly Sid?: string;
    readonly Effect: string;
    readonly Principal: unknown;
    readonly Action: string | string[];
    readonly Resource: string | string[];
    readonly Condition?: Record<string, Record<string, string>>;
  }[];
}

/** Parses a policy attribute synthesized from JSON.stringify. */
export function parsePolicy(policy: unknown): PolicyDocument {
  return JSON.parse(String(policy)) as PolicyDocument;
}
