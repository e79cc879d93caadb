import { UsageError, parseArgs, parseSet } from "../../scripts/preview/args";

const ENVIRONMENTS = ["development", "test", "production"];
const files: Record<string, string> = {
  "multi-az.json": '{"capabilities": {"database": {"multiAz": true}}}',
  "domain.json": '{"dns": {"domainName": "example.com"}}',
  "list.json": "[1, 2]",
};
const read = (file: string) => {
  if (!(file in files)) throw new Error(`ENOENT: no such file, open '${file}'`);
  return files[file];
};
const parse = (...argv: string[]) => parseArgs(argv, ENVIRONMENTS, read);

describe("parseSet", () => {
  test.each([
    ["capabilities.database.multiAz=true", { capabilities: { database: { multiAz: true } } }],
    ["phase=2", { phase: 2 }],
    ["storage.bucketName=my-app-files", { storage: { bucketName: "my-app-files" } }],
    ['storage.bucketName="123"', { storage: { bucketName: "123" } }],
    ["dns=null", { dns: null }],
    [
      'network.availabilityZones=["ap-northeast-1a","ap-northeast-1c"]',
      { network: { availabilityZones: ["ap-northeast-1a", "ap-northeast-1c"] } },
    ],
    ["tags.owner=a=b", { tags: { owner: "a=b" } }],
  ])("%s", (assignment, patch) => {
    expect(parseSet(assignment)).toEqual(patch);
  });
});

describe("parseArgs", () => {
  test("--phase, --patch and --set compose into one patch of the environment, in that order", () => {
    const options = parse("--env", "production", "--set", "phase=3", "--patch", "multi-az.json", "--phase", "2");
    expect(options.environment).toBe("production");
    expect(options.changePatch).toEqual({ phase: 3, capabilities: { database: { multiAz: true } } });
    expect(options.changeLabel).toBe("patch multi-az.json, phase=3, phase=2");
  });

  test("--base alone compares with a revision; --stack takes short or full names; --format=markdown", () => {
    const options = parse(
      "--env=development",
      "--base",
      "1d53b8c",
      "--stack",
      "dns",
      "--stack",
      "development-compute",
      "--format=markdown",
    );
    expect(options).toMatchObject({
      environment: "development",
      baseRevision: "1d53b8c",
      changePatch: undefined,
      stacks: ["development-dns", "development-compute"],
      format: "markdown",
    });
  });

  test("--start is kept apart from the change", () => {
    const options = parse("--env", "development", "--start", "domain.json", "--set", "dns=null");
    expect(options.commonPatch).toEqual({ dns: { domainName: "example.com" } });
    expect(options.changePatch).toEqual({ dns: null });
  });

  test.each([
    [["--env", "production", "--sett", "a=1"], /--sett: unknown flag; the flags are --env, --phase, --set/],
    [
      ["--env", "staging", "--phase", "2"],
      /--env staging: not a configured environment; expected one of development, test, production/,
    ],
    [["--phase", "2"], /--env: missing; name the environment to preview/],
    [
      ["--env", "production", "--set", "capabilities.database.multiAz"],
      /--set capabilities\.database\.multiAz: expected <path>=<value>/,
    ],
    [["--env", "production", "--set", "a..b=1"], /the path "a\.\.b" has an empty part/],
    [["--env", "production", "--phase", "two"], /--phase two: expected a phase number/],
    [
      ["--env", "production"],
      /nothing to compare: give a change \(--phase, --set, --patch\), a revision \(--base <git-rev>\) or --runbook/,
    ],
    [["--env", "production", "--phase", "2", "--format", "html"], /--format html: expected text or markdown/],
    [["--env", "production", "--patch", "missing.json"], /--patch missing\.json: cannot read the file \(ENOENT/],
    [["--env", "production", "--patch", "list.json"], /--patch list\.json: expected a JSON object/],
    [["--env"], /--env: expected a value after it/],
    [["production"], /production: unexpected argument; flags take their value after them/],
  ])("%j is refused with a message naming the flag", (argv, message) => {
    expect(() => parse(...argv)).toThrow(UsageError);
    expect(() => parse(...argv)).toThrow(message);
  });

  test("--help needs nothing else", () => {
    expect(parse("--help").help).toBe(true);
  });
});
