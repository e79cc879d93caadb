export * from "./vpc-endpoints";
