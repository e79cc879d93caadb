export * from "../../config/postgres-max-connections";
