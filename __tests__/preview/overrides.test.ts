import { PROJECT, applyConfigPatch, composePatches, mergePatch, parseConfigPatch } from "../../config";

describe("mergePatch (RFC 7396)", () => {
  test.each([
    ["objects merge key by key", { a: 1, b: { c: 2 } }, { b: { d: 3 } }, { a: 1, b: { c: 2, d: 3 } }],
    ["null deletes a key", { a: 1, dns: { domainName: "example.com" } }, { dns: null }, { a: 1 }],
    ["arrays replace", { zones: ["a", "b", "c"] }, { zones: ["a"] }, { zones: ["a"] }],
    ["a value replaces an object", { a: { b: 1 } }, { a: 2 }, { a: 2 }],
    ["an object replaces a value", { a: 2 }, { a: { b: 1 } }, { a: { b: 1 } }],
    ["null inside a new object is dropped", {}, { a: { b: null, c: 1 } }, { a: { c: 1 } }],
  ])("%s", (_, target, patch, expected) => {
    expect(mergePatch(target, patch)).toEqual(expected);
  });

  test("leaves its arguments unchanged", () => {
    const target = { a: { b: 1 } };
    mergePatch(target, { a: { b: 2 } });
    expect(target).toEqual({ a: { b: 1 } });
  });

  test("composePatches keeps deletions, so the composition deletes what the target holds", () => {
    const start = { dns: { domainName: "example.com" }, phase: 1 };
    const composed = composePatches(start, { dns: null });
    expect(composed).toEqual({ dns: null, phase: 1 });
    expect(mergePatch({ name: "development", dns: { domainName: "old.example" } }, composed)).toEqual({
      name: "development",
      phase: 1,
    });
  });
});

describe("applyConfigPatch", () => {
  test("patches the named environment only, before validation", () => {
    const patched = applyConfigPatch(PROJECT, { production: { capabilities: { database: { multiAz: true } } } });
    const production = patched.environments.find((e) => e.name === "production")!;
    expect(production.capabilities).toEqual({ database: { multiAz: true } });
    expect(production.network).toEqual(PROJECT.environments.find((e) => e.name === "production")!.network);
    expect(patched.environments.find((e) => e.name === "development")).toBe(
      PROJECT.environments.find((e) => e.name === "development"),
    );
  });

  test("an unknown environment is a configuration error naming it and the configured ones", () => {
    expect(() => applyConfigPatch(PROJECT, { staging: { phase: 1 } })).toThrow(
      /CDKTF_CONFIG_PATCH\.staging: got "staging"; expected one of the configured environments \(development, test, production\)\. Fix: key the patch/,
    );
  });

  test("a patch that renames or removes an environment is refused", () => {
    expect(() => applyConfigPatch(PROJECT, { production: { name: "prod" } })).toThrow(/production\.name.*no change/);
    expect(() => applyConfigPatch(PROJECT, { production: null })).toThrow(/cannot be removed by a patch/);
  });

  test.each([
    ["not JSON", "{production:", /CDKTF_CONFIG_PATCH: got "\{production:"; expected JSON/],
    ["not an object", "[1]", /expected a JSON object keyed by environment name/],
  ])("text that is %s is a configuration error", (_, text, message) => {
    expect(() => parseConfigPatch(text)).toThrow(message);
  });
});
