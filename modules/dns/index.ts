export * from "./dns";
