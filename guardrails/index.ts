export * from "./acknowledge";
export * from "./engine";
export * from "./guarded-app";
export * from "./registry";
export * from "./report";
export * from "./synthesized-stack";
export * from "./types";
