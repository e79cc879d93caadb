import { Server, createServer } from "node:http";
import { AddressInfo } from "node:net";
import { StateInstances } from "./state";

/**
 * A local stand-in for the two EC2 reads the AWS provider makes while planning, answered from the baseline states.
 *
 * Provider 5.100 plans an `aws_instance` whose `launch_template.version` changes by reading the instance's
 * `aws:ec2launchtemplate:id` and `aws:ec2launchtemplate:version` tags (DescribeTags) and the template's default and
 * latest versions (DescribeLaunchTemplates); offline, those calls fail and so does the plan. Pointed at this server
 * (`endpoints { ec2 = ... }`), the provider gets what AWS would answer for the baseline: the template and version
 * the instance was launched from. Any other EC2 call is answered with an error naming it, so a plan never goes on
 * with an invented answer.
 */
export interface Ec2Stub {
  /** The endpoint URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Learns the instances and launch templates of a baseline state. */
  readonly learn: (state: StateInstances) => void;
  readonly stop: () => Promise<void>;
}

interface Template {
  readonly name: string;
  readonly defaultVersion: number;
  readonly latestVersion: number;
}

function xml(action: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>preview</requestId>${body}</${action}Response>`;
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Starts the stub on a free port of 127.0.0.1. */
export async function startEc2Stub(): Promise<Ec2Stub> {
  const instances = new Map<string, { templateId: string; version: string }>();
  const templates = new Map<string, Template>();
  const answer = (params: URLSearchParams): { status: number; body: string } => {
    const action = params.get("Action") ?? "";
    const values = (prefix: string) => [...params.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v);
    if (action === "DescribeTags") {
      const filters = new Map<string, string[]>();
      for (const [key, name] of params.entries()) {
        const match = /^Filter\.(\d+)\.Name$/.exec(key);
        if (match) filters.set(name, values(`Filter.${match[1]}.Value.`));
      }
      const items: string[] = [];
      for (const resourceId of filters.get("resource-id") ?? []) {
        const instance = instances.get(resourceId);
        if (!instance) continue;
        const tags: Record<string, string> = {
          "aws:ec2launchtemplate:id": instance.templateId,
          "aws:ec2launchtemplate:version": instance.version,
        };
        for (const key of filters.get("key") ?? Object.keys(tags)) {
          if (tags[key] === undefined) continue;
          items.push(
            `<item><resourceId>${escape(resourceId)}</resourceId><resourceType>instance</resourceType>` +
              `<key>${escape(key)}</key><value>${escape(tags[key])}</value></item>`,
          );
        }
      }
      return { status: 200, body: xml(action, `<tagSet>${items.join("")}</tagSet>`) };
    }
    if (action === "DescribeLaunchTemplates") {
      const items = values("LaunchTemplateId.")
        .filter((id) => templates.has(id))
        .map((id) => {
          const t = templates.get(id)!;
          return (
            `<item><launchTemplateId>${escape(id)}</launchTemplateId><launchTemplateName>${escape(t.name)}</launchTemplateName>` +
            `<defaultVersionNumber>${t.defaultVersion}</defaultVersionNumber><latestVersionNumber>${t.latestVersion}</latestVersionNumber></item>`
          );
        });
      return { status: 200, body: xml(action, `<launchTemplates>${items.join("")}</launchTemplates>`) };
    }
    const message = `the offline preview does not answer EC2 ${action}; the plan needs AWS for it`;
    return {
      status: 400,
      body: `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>UnsupportedOperation</Code><Message>${escape(message)}</Message></Error></Errors><RequestID>preview</RequestID></Response>`,
    };
  };
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const { status, body: text } = answer(new URLSearchParams(body));
      response.writeHead(status, { "Content-Type": "text/xml;charset=UTF-8" });
      response.end(text);
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    learn: (state) => {
      for (const { change, attributes } of state.values()) {
        if (change.type === "aws_launch_template" && typeof attributes.id === "string") {
          templates.set(attributes.id, {
            name: String(attributes.name ?? ""),
            defaultVersion: Number(attributes.default_version ?? 1),
            latestVersion: Number(attributes.latest_version ?? 1),
          });
        }
        const launchTemplate = (attributes.launch_template as { id?: unknown; version?: unknown }[] | undefined)?.[0];
        if (change.type === "aws_instance" && typeof attributes.id === "string" && launchTemplate) {
          instances.set(attributes.id, {
            templateId: String(launchTemplate.id ?? ""),
            version: String(launchTemplate.version ?? "1"),
          });
        }
      }
    },
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}
