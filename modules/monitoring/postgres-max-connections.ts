// The estimate lives in config, which checks the connections alarm against it before any construct is built;
// the monitoring module keeps reading it from here.
export * from "../../config/postgres-max-connections";
