import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

const BARREL_MESSAGE = 'Import the class from its own module: "@cdktf/provider-aws/lib/<resource>".';

/**
 * `no-restricted-imports` for one layer: the provider barrel is never imported (it loads all ~1,500 resource
 * classes: about 10x the synth time and 8x the memory), and `forbidden` names the project folders this layer must
 * not import. Layers point one way: config <- modules <- stacks <- main; guardrails read configuration and
 * synthesized stacks. (eslint replaces a rule's options per matching block, so each layer repeats the barrel.)
 */
function restrictedImports(forbidden) {
  return [
    "error",
    {
      paths: [{ name: "@cdktf/provider-aws", message: BARREL_MESSAGE }],
      patterns: [
        { regex: "^@cdktf/provider-aws/lib(/index(\\.js)?)?/?$", message: BARREL_MESSAGE },
        ...forbidden.map(({ regex, message }) => ({ regex, message })),
      ],
    },
  ];
}

/** A relative import of a top-level project folder, e.g. `../stacks` or `../../modules/network`. */
const folder = (name, except = "") => `^(\\.\\./)+${name}${except}(/|$)`;

const layers = [
  {
    files: ["config/**/*.ts"],
    forbidden: ["modules", "stacks", "guardrails", "scripts", "main"].map((name) => ({
      regex: folder(name),
      message: `config is the bottom layer: it imports nothing from ${name}/.`,
    })),
  },
  {
    files: ["modules/**/*.ts"],
    forbidden: [
      ...["stacks", "scripts", "main"].map((name) => ({
        regex: folder(name),
        message: `modules build on config only: nothing from ${name}/.`,
      })),
      {
        // Modules acknowledge their deliberate trade-offs where they create a resource; nothing else of guardrails.
        regex: folder("guardrails", "(?!/acknowledge$)"),
        message: "modules may import guardrails/acknowledge only.",
      },
    ],
  },
  {
    files: ["stacks/**/*.ts"],
    forbidden: [
      ...["scripts", "main"].map((name) => ({ regex: folder(name), message: `stacks must not import ${name}.` })),
      { regex: folder("guardrails", "(?!/acknowledge$)"), message: "stacks may import guardrails/acknowledge only." },
    ],
  },
  {
    files: ["guardrails/**/*.ts"],
    forbidden: [
      ...["modules", "scripts", "main"].map((name) => ({
        regex: folder(name),
        message: `guardrails read configuration and synthesized stacks, not ${name}/.`,
      })),
      {
        // The engine reads each stack's environment from the stack base class; no stack or module is imported.
        regex: folder("stacks", "(?!/environment-stack$)"),
        message: "guardrails may import stacks/environment-stack only.",
      },
    ],
  },
];

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
      "no-restricted-imports": restrictedImports([]),
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  ...layers.map(({ files, forbidden }) => ({
    files,
    rules: { "no-restricted-imports": restrictedImports(forbidden) },
  })),
  {
    // A phase is a preset of capabilities: only config/capabilities.ts turns it into what gets built, so that
    // every later phase enters as capability kinds the type checker asks every switch to handle.
    files: ["**/*.ts"],
    // The environment schema checks that phase is a whole number and hands it to the preset.
    ignores: ["config/capabilities.ts", "config/environment.ts", "__tests__/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[property.name='phase']",
          message:
            "Read the resolved capabilities (environment.capabilities), not phase: config/capabilities.ts is the only reader.",
        },
      ],
    },
  },
);
