export * from "./database";
export * from "./read-replica";
