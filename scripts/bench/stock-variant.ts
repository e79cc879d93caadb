import { cpSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROVIDER_PACKAGE, barrelNamespaces, rewriteToBarrel } from "./barrel-imports";

/**
 * Top-level entries not copied: generated or installed folders, and the files the stock setup writes itself.
 * Everything else (main.ts, config/, stacks/, modules/, __tests__/, any folder added later) is copied.
 */
const NOT_COPIED = new Set([
  ".git",
  ".tmp",
  ".bench",
  ".terraform-cli",
  "node_modules",
  "cdktf.out",
  "coverage",
  "dist",
  "cdktf.json",
  "tsconfig.json",
  "jest.config.js",
  "package.json",
  "package-lock.json",
]);

/** The stock app command that `cdktf init --template=typescript` writes into cdktf.json. */
export const STOCK_APP = "npx ts-node main.ts";

/**
 * The `cdktf init --template=typescript` tsconfig.json. `lib` and `target` are taken from the project so that the
 * language level is not what differs; everything else, type-checking included, is the template's.
 * @see https://github.com/hashicorp/terraform-cdk/blob/main/packages/%40cdktf/cli-core/templates/typescript/tsconfig.json
 */
function stockTsconfig(projectTsconfig: { compilerOptions: { lib: string[]; target: string } }) {
  return {
    compilerOptions: {
      alwaysStrict: true,
      declaration: true,
      experimentalDecorators: true,
      inlineSourceMap: true,
      inlineSources: true,
      lib: projectTsconfig.compilerOptions.lib,
      module: "CommonJS",
      noEmitOnError: true,
      noFallthroughCasesInSwitch: true,
      noImplicitAny: true,
      noImplicitReturns: true,
      noImplicitThis: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      resolveJsonModule: true,
      strict: true,
      strictNullChecks: true,
      strictPropertyInitialization: true,
      stripInternal: true,
      target: projectTsconfig.compilerOptions.target,
      incremental: true,
      skipLibCheck: true,
    },
    include: ["**/*.ts"],
    exclude: ["node_modules", "cdktf.out"],
  };
}

/** The template's jest.config.js (`preset: "ts-jest"`), pointed at the project's tests and setup file. */
function stockJestConfig(projectJest: { roots?: string[]; testMatch?: string[]; setupFilesAfterEnv?: string[] }) {
  const config = {
    preset: "ts-jest",
    testEnvironment: "node",
    roots: projectJest.roots,
    testMatch: projectJest.testMatch,
    setupFilesAfterEnv: projectJest.setupFilesAfterEnv,
  };
  return `// Written by scripts/bench: the cdktf init template's jest setup (ts-jest, type-checking every test file).\nmodule.exports = ${JSON.stringify(config, null, 2)};\n`;
}

/** Every `.ts` file under `dir`, recursively, leaving out `node_modules`. */
function typescriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : typescriptFiles(path);
    return entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** A copy of the project set up the way `cdktf init --template=typescript` sets a project up. */
export interface StockVariant {
  /** How many files had their provider imports rewritten to the barrel. */
  readonly rewrittenFiles: number;
}

/**
 * Copies the project's sources into `dir` (created, must not exist) and turns them into the stock CDKTF setup: provider
 * classes imported through the `@cdktf/provider-aws` barrel, `npx ts-node main.ts` as the app (type-checking on
 * every synth), the template's tsconfig.json and a ts-jest jest.config.js. `node_modules` is symlinked, so both
 * setups run the very same package versions.
 */
export function createStockVariant(projectRoot: string, dir: string): StockVariant {
  mkdirSync(dir);
  for (const entry of readdirSync(projectRoot)) {
    if (!NOT_COPIED.has(entry)) cpSync(join(projectRoot, entry), join(dir, entry), { recursive: true });
  }
  const namespaces = barrelNamespaces(join(projectRoot, "node_modules", PROVIDER_PACKAGE, "lib"));
  let rewrittenFiles = 0;
  for (const file of typescriptFiles(dir)) {
    const source = readFileSync(file, "utf8");
    const rewritten = rewriteToBarrel(file.slice(dir.length + 1), source, namespaces);
    if (rewritten !== source) {
      writeFileSync(file, rewritten);
      rewrittenFiles += 1;
    }
  }

  const readJson = (name: string) => JSON.parse(readFileSync(join(projectRoot, name), "utf8"));
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(stockTsconfig(readJson("tsconfig.json")), null, 2));
  writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ ...readJson("cdktf.json"), app: STOCK_APP }, null, 2));
  const projectPackage = readJson("package.json");
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify(
      {
        name: `${projectPackage.name}-stock`,
        private: true,
        dependencies: projectPackage.dependencies,
        devDependencies: projectPackage.devDependencies,
      },
      null,
      2,
    ),
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- jest.config.js is CommonJS
  writeFileSync(join(dir, "jest.config.js"), stockJestConfig(require(join(projectRoot, "jest.config.js"))));
  symlinkSync(join(projectRoot, "node_modules"), join(dir, "node_modules"), "dir");
  return { rewrittenFiles };
}

/** The app of the floor project: loads cdktf and synthesizes an App with no stacks. */
export const EMPTY_APP = `node -e "new (require('cdktf').App)().synth()"`;

/**
 * A project whose app synthesizes nothing, in `dir` (created): `cdktf synth` of it is what the cdktf CLI costs on
 * its own (start-up, `terraform version` checks, progress UI), the floor under any app's end-to-end synth.
 */
export function createEmptyProject(projectRoot: string, dir: string): void {
  mkdirSync(dir);
  const cdktfJson = JSON.parse(readFileSync(join(projectRoot, "cdktf.json"), "utf8"));
  writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ ...cdktfJson, app: EMPTY_APP }, null, 2));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "cdktf-bench-floor", private: true }, null, 2));
  symlinkSync(join(projectRoot, "node_modules"), join(dir, "node_modules"), "dir");
}
