export * from "./container-registry";
