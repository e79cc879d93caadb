export * from "./delivery-roles";
export * from "./github-oidc-provider";
export * from "./github-trust";
