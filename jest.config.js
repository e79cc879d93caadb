/**
 * Tests are transpiled by SWC without type-checking: `npm run typecheck` checks the whole project once, instead of
 * ts-jest type-checking the provider bindings again for every test file.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/setup.ts"],
  reporters: ["default", "<rootDir>/scripts/jest-summary-reporter.js"],
};
