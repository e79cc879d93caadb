export * from "./bootstrap-stack";
export * from "./environment";
export * from "./environment-stack";
export * from "./network-stack";
