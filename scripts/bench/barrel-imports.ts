import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";

/** The package whose barrel the stock setup imports. */
export const PROVIDER_PACKAGE = "@cdktf/provider-aws";
const DEEP_IMPORT = /^@cdktf\/provider-aws\/lib\/([^/]+)$/;
/** The local name the rewritten files give the barrel; chosen so it cannot clash with the project's own names. */
const BARREL_BINDING = "aws";

/**
 * Reads the barrel's namespace names (`export * as vpc from './vpc'`) from the provider's `lib/index.d.ts`, keyed
 * by module folder, so a deep import of `lib/<module>` can be rewritten to `aws.<namespace>`.
 */
export function barrelNamespaces(providerLibDir: string): Map<string, string> {
  const index = readFileSync(join(providerLibDir, "index.d.ts"), "utf8");
  const namespaces = new Map<string, string>();
  for (const match of index.matchAll(/^export \* as (\w+) from '\.\/([^']+)';$/gm)) {
    namespaces.set(match[2], match[1]);
  }
  if (namespaces.size === 0) {
    throw new Error(`${join(providerLibDir, "index.d.ts")} exports no namespaces; is ${PROVIDER_PACKAGE} installed?`);
  }
  return namespaces;
}

/**
 * Rewrites every `import { X as Y } from "@cdktf/provider-aws/lib/<module>"` in one TypeScript file to go through
 * the package barrel, the way the `cdktf init` template's users write it:
 *
 *   import * as aws from "@cdktf/provider-aws";
 *   import Y = aws.<namespace>.X;
 *
 * An import-equals alias keeps both the value and the type meaning of `Y`, so no use site changes and the type
 * checker still sees the whole barrel. Returns the source unchanged when it has no such import.
 *
 * @throws Error naming the file and module when a deep import has no namespace in the barrel, or has a form
 *   (default or namespace import, side-effect import) that cannot be rewritten mechanically.
 */
export function rewriteToBarrel(fileName: string, source: string, namespaces: Map<string, string>): string {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const deep = DEEP_IMPORT.exec(statement.moduleSpecifier.text);
    if (!deep) continue;
    const where = `${fileName}: import from "${statement.moduleSpecifier.text}"`;
    const namespace = namespaces.get(deep[1]);
    if (!namespace) throw new Error(`${where}: the ${PROVIDER_PACKAGE} barrel exports no namespace for "${deep[1]}"`);
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings) || statement.importClause?.name) {
      throw new Error(`${where}: only named imports ({ X } or { X as Y }) can be rewritten to the barrel`);
    }
    const aliases = bindings.elements.map((element) => {
      const exported = (element.propertyName ?? element.name).text;
      return `import ${element.name.text} = ${BARREL_BINDING}.${namespace}.${exported};`;
    });
    edits.push({ start: statement.getStart(file), end: statement.getEnd(), text: aliases.join("\n") });
  }
  let rewritten = source;
  for (const edit of [...edits].reverse()) {
    rewritten = rewritten.slice(0, edit.start) + edit.text + rewritten.slice(edit.end);
  }
  // A deep import left elsewhere (a re-export, require() or jest.mock) would keep the stock copy off the barrel.
  const leftover = (node: ts.Node): void => {
    if (
      ts.isStringLiteralLike(node) &&
      DEEP_IMPORT.test(node.text) &&
      !(ts.isImportDeclaration(node.parent) && node.parent.moduleSpecifier === node)
    ) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
      throw new Error(
        `${fileName}:${line + 1}: "${node.text}" is used other than as an import declaration's module; only ` +
          "`import { X } from ...` can be rewritten to the barrel",
      );
    }
    ts.forEachChild(node, leftover);
  };
  leftover(file);
  return edits.length === 0 ? source : `import * as ${BARREL_BINDING} from "${PROVIDER_PACKAGE}";\n${rewritten}`;
}
