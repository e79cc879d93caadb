export * from "./cidr";
export * from "./environments";
export * from "./monitoring";
export * from "./names";
export * from "./problems";
export * from "./types";
export * from "./validate";
export * from "./workload";
