export * from "./dns";
export * from "./service-record";
