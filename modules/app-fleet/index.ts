export * from "./app-fleet";
