/**
 * Production's monthly cost computed by hand, for the cost tests: arithmetic from the 2026 Tokyo list prices of the
 * design page (growth.md, section 4) and what the stacks build (read from `cdk.tf.json`, not from the tool or its
 * price file), at the production usage assumptions of scripts/cost/usage.ts. A wrong rule, a wrong price or a
 * missed resource moves the tool's total away from these.
 */

const hours = 730;

/** Monitoring, registry and the application bucket: the same in every phase but for the alarm count. */
const shared =
  1.0 + // the alarm topic's KMS key
  0.1 * 2 + // 2 GB of images in ECR
  0.025 * 10 + // bucket: 10 GB stored
  0.0047 * 100 + // 100k PUT/LIST
  0.00037 * 1000; // 1M GET
// The dashboard (1 of 3 free), 4 GB of logs (5 free) and 50 GB out (100 free) cost nothing in either phase; the
// state bucket, the lock table and log buckets hold little and are not priced.

/** Phase 1 production as shipped: one t4g.micro host with an Elastic IP, db.t4g.micro Single-AZ, no domain. */
export const PHASE_1_BY_HAND =
  0.0108 * hours + // t4g.micro host
  0.096 * 20 + // its 20 GB gp3 root volume
  0.005 * hours + // its Elastic IP
  0.025 * hours + // db.t4g.micro Single-AZ
  0.138 * 20 + // 20 GB RDS gp3
  0.4 + // RDS-managed master secret
  // custom metrics: detailed monitoring (7, on in production), agent (4), error-line filter (1), S3 request
  // metrics (8), less 10 free
  0.3 * (7 + 4 + 1 + 8 - 10) +
  shared; // 10 alarms: inside the 10 free

/** The load balancer (production-ingress): hour, 1 LCU on average, a public IPv4 address in each of 3 zones. */
export const PHASE_2_INGRESS_BY_HAND = 0.0243 * hours + 0.008 * 1 * hours + 0.005 * 3 * hours;

/**
 * The Auto Scaling group (production-compute): min_size 2 t4g.micro, 20 GB gp3 each, no public addresses, and
 * detailed monitoring (7 metrics each, on in production). The 10 free custom metrics go to the stacks in deploy
 * order: the storage stack's 8 request metrics, then 2 of these 14.
 */
export const PHASE_2_COMPUTE_BY_HAND = 0.0108 * 2 * hours + 0.096 * 20 * 2 + 0.3 * (7 * 2 - 2);

/** The interface endpoints: 9 services (HOST_INTERFACE_SERVICES) x 3 zones, 10 GB through them; S3 gateway free. */
export const PHASE_2_ENDPOINTS_BY_HAND = 0.014 * 9 * 3 * hours + 0.01 * 10;

/** One NAT gateway instead: its hours, 10 GB through it (natGatewayGiB), its Elastic IP. */
export const PHASE_2_NAT_BY_HAND = 0.062 * hours + 0.062 * 10 + 0.005 * hours;

/** Phase 2 production whatever its egress: everything but the endpoints or the NAT gateway. */
const phase2Common =
  PHASE_2_INGRESS_BY_HAND +
  PHASE_2_COMPUTE_BY_HAND +
  // the agent's 4 metrics on each of the 2 hosts and the error-line filter; the 10 free custom metrics went to the
  // 8 S3 request metrics and 2 of the hosts' detailed monitoring (in the compute line above)
  0.3 * (4 * 2 + 1) +
  // 16 alarms (app 3, database 3, load balancer 4, replica 4, log 1, storage 1); 10 free
  0.1 * (16 - 10) +
  0.051 * hours + // db.t4g.micro Multi-AZ (about twice 0.025)
  0.138 * 2 * 20 + // its 20 GB gp3, Multi-AZ (twice 0.138)
  0.4 + // RDS-managed master secret
  0.025 * hours + // the read replica, db.t4g.micro Single-AZ, no secret of its own
  0.138 * 20 + // its own 20 GB (the source's allocated storage)
  0.5 + // the domain's hosted zone
  1.0 + // the record's health check: HTTPS is an option at USD 1 (the check itself is free for AWS endpoints)
  shared;
// The certificate is free; the load balancer's access-log bucket holds little and is not priced.

/** Phase 2 production as the stacks build it: load balancer, two hosts, Multi-AZ + 1 replica, 9 endpoints. */
export const PHASE_2_BY_HAND = phase2Common + PHASE_2_ENDPOINTS_BY_HAND;

/** Phase 2 production with one NAT gateway instead of the VPC endpoints. */
export const PHASE_2_WITH_NAT_BY_HAND = phase2Common + PHASE_2_NAT_BY_HAND;
