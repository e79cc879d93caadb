import { cidrContains, cidrSubnet, cidrsOverlap, formatCidr, parseCidr } from "../../config";

describe("cidr", () => {
  test.each([
    ["10.0.0.0/16", true],
    ["10.0.0.0/33", false],
    ["10.0.1.0/16", false],
    ["256.0.0.0/8", false],
    ["10.0.0/16", false],
    ["0.0.0.0/0", true],
  ])("parseCidr(%s) is valid: %s", (cidr, valid) => {
    expect(parseCidr(cidr) !== undefined).toBe(valid);
  });

  test("cidrSubnet matches Terraform's cidrsubnet()", () => {
    const vpc = parseCidr("10.10.0.0/16")!;
    expect(formatCidr(cidrSubnet(vpc, 4, 0))).toBe("10.10.0.0/20");
    expect(formatCidr(cidrSubnet(vpc, 4, 9))).toBe("10.10.144.0/20");
    expect(() => cidrSubnet(vpc, 4, 16)).toThrow(/does not fit/);
  });

  test("containment and overlap", () => {
    const vpc = parseCidr("10.0.0.0/16")!;
    expect(cidrContains(vpc, parseCidr("10.0.5.0/24")!)).toBe(true);
    expect(cidrContains(vpc, parseCidr("10.1.0.0/24")!)).toBe(false);
    expect(cidrsOverlap(parseCidr("10.0.0.0/23")!, parseCidr("10.0.1.0/24")!)).toBe(true);
    expect(cidrsOverlap(parseCidr("10.0.0.0/24")!, parseCidr("10.0.1.0/24")!)).toBe(false);
  });
});
