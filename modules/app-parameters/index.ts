export * from "./app-parameters";
