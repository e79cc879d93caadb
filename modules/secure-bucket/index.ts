export * from "./secure-bucket";
