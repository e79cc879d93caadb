export * from "./moved";
