import { LocalBackend, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { StateBackend } from "../modules/state-backend";
import { EnvironmentStack, EnvironmentStackProps, configureS3Backend, stackName } from "./environment-stack";

/** Props of {@link BootstrapStack}. */
export interface BootstrapStackProps extends EnvironmentStackProps {
  /**
   * Keep this stack's own state in the bucket it creates (`<environment>/bootstrap.tfstate`), once that bucket
   * exists. The first deploy must use local state; see docs/state.md for the migration.
   * @default false
   */
  readonly stateInBucket?: boolean;
}

/**
 * Creates the S3 state bucket and DynamoDB lock table that every other stack of the environment uses.
 *
 * Its own state starts local (`terraform.<environment>-bootstrap.tfstate` in the project folder) because the
 * bucket cannot hold the state of the stack that creates it before it exists.
 */
export class BootstrapStack extends EnvironmentStack {
  /** The state bucket and lock table. */
  readonly stateBackend: StateBackend;

  constructor(scope: Construct, props: BootstrapStackProps) {
    super(scope, "bootstrap", props, { remoteState: false, providerUsesStateEndpoints: true });
    const name = stackName(props.environment, "bootstrap");
    if (props.stateInBucket) {
      configureS3Backend(this, props.environment, "bootstrap");
    } else {
      // Relative to cdktf.out/stacks/<stack>/, so the file sits in the project folder as cdktf's default does,
      // without writing this machine's absolute path into the synthesized JSON.
      new LocalBackend(this, { path: `../../../terraform.${name}.tfstate` });
    }
    const state = props.environment.stateBackend;
    this.stateBackend = new StateBackend(this, "StateBackend", {
      bucketName: state.bucket,
      lockTableName: state.lockTable,
    });
    new TerraformOutput(this, "StateBucketName", { value: this.stateBackend.bucketName });
    new TerraformOutput(this, "LockTableName", { value: this.stateBackend.lockTableName });
  }
}
