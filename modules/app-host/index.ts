export * from "./cloudwatch-agent";
