export * from "./app-storage";
