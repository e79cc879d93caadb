export * from "./app-runtime";
