export * from "./app-host";
export * from "./cloudwatch-agent";
export * from "./user-data";
