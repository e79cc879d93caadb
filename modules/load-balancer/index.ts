export * from "./load-balancer";
