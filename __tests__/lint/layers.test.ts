import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The lint step's architecture rules are real: each one fails on the code it forbids. The project itself passing
 * them is `npm run lint`'s job; these tests show that a regression would not pass.
 */

const root = join(__dirname, "..", "..");

// eslint loads its flat config with a dynamic import, which jest's module sandbox refuses: lint in a child process.
const LINT_TEXT = `
const { ESLint } = require("eslint");
const cases = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
const eslint = new ESLint({ cwd: process.cwd() });
Promise.all(cases.map(async ({ path, code }) => {
  const [result] = await eslint.lintText(code, { filePath: require("node:path").join(process.cwd(), path) });
  return result.messages.map((m) => m.ruleId + ": " + m.message);
})).then((messages) => process.stdout.write(JSON.stringify(messages)));
`;

/** The messages eslint reports for each `code`, as if it were the file `path` of the project; one eslint run. */
function lintAll(cases: readonly (readonly [string, string])[]): Map<string, string[]> {
  const input = JSON.stringify(cases.map(([path, code]) => ({ path, code })));
  const run = spawnSync(process.execPath, ["-e", LINT_TEXT], { cwd: root, input, encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  const messages = JSON.parse(run.stdout) as string[][];
  return new Map(cases.map(([path, code], i) => [`${path}\n${code}`, messages[i]]));
}

const refused = [
  ["config/x.ts", 'import { Network } from "../modules/network";', /config is the bottom layer/],
  ["config/x.ts", 'import { RULE_IDS } from "../guardrails/registry";', /config is the bottom layer/],
  ["modules/network/x.ts", 'import { NetworkStack } from "../../stacks/network-stack";', /modules build on config/],
  [
    "modules/network/x.ts",
    'import { GuardedApp } from "../../guardrails/guarded-app";',
    /guardrails\/acknowledge only/,
  ],
  ["stacks/x.ts", 'import { RULES } from "../guardrails/registry";', /stacks may import guardrails\/acknowledge only/],
  ["guardrails/x.ts", 'import { Network } from "../modules/network";', /guardrails read configuration/],
  ["stacks/x.ts", 'import { Vpc } from "@cdktf/provider-aws";', /its own module/],
].map(([path, code, message]) => [
  path,
  `${code}\nexport const used = [${String(code).match(/\{ (\w+) \}/)![1]}];\n`,
  message,
]) as [string, string, RegExp][];
const allowed: [string, string][] = [
  [
    "modules/network/x.ts",
    'import { acknowledge } from "../../guardrails/acknowledge";\nexport const a = acknowledge;\n',
  ],
  ["stacks/x.ts", 'import { Network } from "../modules/network";\nexport const n = Network;\n'],
  [
    "guardrails/x.ts",
    'import { EnvironmentStack } from "../stacks/environment-stack";\nexport const s = EnvironmentStack;\n',
  ],
];
const phaseRead: [string, string] = ["stacks/x.ts", "export const f = (env: { phase: number }) => env.phase === 2;\n"];
const presetRead: [string, string] = [
  "config/capabilities.ts",
  "export const f = (env: { phase: number }) => env.phase;\n",
];
let results: Map<string, string[]>;
beforeAll(() => {
  results = lintAll([...refused.map(([path, code]) => [path, code] as const), ...allowed, phaseRead, presetRead]);
});
const lint = (path: string, code: string) => results.get(`${path}\n${code}`)!;

describe("layers", () => {
  test.each(refused)("%s: an import against the layers is refused", (path, code, message) => {
    expect(lint(path, code).join("\n")).toMatch(message);
  });

  test.each(allowed)("%s: the allowed direction passes", (path, code) => {
    expect(lint(path, code)).toEqual([]);
  });
});

describe("phase", () => {
  test("nothing but the preset reads phase", () => {
    expect(lint(...phaseRead).join("\n")).toMatch(/no-restricted-syntax: Read the resolved capabilities/);
    expect(lint(...presetRead)).toEqual([]);
  });
});

describe("import cycles", () => {
  test("the cycle check fails on a cycle made of type-only imports", () => {
    const dir = mkdtempSync(join(tmpdir(), "cycles-"));
    try {
      writeFileSync(join(dir, "a.ts"), 'import type { B } from "./b";\nexport interface A { b?: B }\n');
      writeFileSync(join(dir, "b.ts"), 'import type { A } from "./a";\nexport interface B { a?: A }\n');
      const dpdm = join(root, "node_modules", ".bin", "dpdm");
      const args = ["--no-tree", "--no-warning", "--no-progress", "--exit-code", "circular:1", "a.ts"];
      const run = spawnSync(dpdm, args, { cwd: dir, encoding: "utf8" });
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/a\.ts -> b\.ts/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
