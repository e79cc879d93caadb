// Moved to scripts/terraform so the preview can share it; the Terraform tier keeps importing it from here.
export * from "../../scripts/terraform/provider-server";
