import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "cdktf.out/", ".tmp/", ".bench/", "coverage/", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/*.ts"],
    rules: {
      // The barrel loads all ~1,500 resource classes: about 10x the synth time and 8x the memory.
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@cdktf/provider-aws",
              message: 'Import the class from its own module: "@cdktf/provider-aws/lib/<resource>".',
            },
          ],
          patterns: [
            {
              regex: "^@cdktf/provider-aws/lib(/index(\\.js)?)?/?$",
              message: 'Import the class from its own module: "@cdktf/provider-aws/lib/<resource>".',
            },
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
