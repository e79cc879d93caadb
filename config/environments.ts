import { ProjectInput } from "./types";

/**
 * The configuration of every environment: the one place to change what gets built.
 *
 * State bucket names are global across all AWS accounts: change `stateBackend.bucket` to a name of your own
 * before the first bootstrap.
 */
export const PROJECT: ProjectInput = {
  projectName: "webapp",
  environments: [
    {
      name: "development",
      phase: 1,
      network: {
        vpcCidr: "10.10.0.0/16",
        // ap-northeast-1b is not offered to accounts created after 2012; a, c and d are.
        availabilityZones: ["ap-northeast-1a", "ap-northeast-1c"],
      },
      stateBackend: { bucket: "webapp-development-tfstate", lockTable: "webapp-development-tfstate-lock" },
    },
    {
      name: "test",
      phase: 1,
      network: {
        vpcCidr: "10.20.0.0/16",
        availabilityZones: ["ap-northeast-1a", "ap-northeast-1c"],
      },
      stateBackend: { bucket: "webapp-test-tfstate", lockTable: "webapp-test-tfstate-lock" },
    },
    {
      name: "production",
      phase: 1,
      network: {
        vpcCidr: "10.30.0.0/16",
        availabilityZones: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"],
      },
      stateBackend: { bucket: "webapp-production-tfstate", lockTable: "webapp-production-tfstate-lock" },
    },
  ],
};
