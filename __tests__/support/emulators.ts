import { mkdtempSync, rmSync } from "node:fs";
import { Server } from "node:http";
import { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Neither package ships type declarations; these are the parts used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require("s3rver") as new (options: Record<string, unknown>) => {
  run(): Promise<AddressInfo>;
  httpServer?: Server;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require("dynalite") as (options: Record<string, unknown>) => Server;

/**
 * The credentials s3rver verifies SigV4 signatures against (its built-in account). They are not AWS credentials:
 * with the emulator endpoints and the `skip_*` flags nothing is sent to AWS.
 */
export const EMULATOR_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

/** Only loopback: the emulators accept any caller and must never listen on a reachable address. */
const LOOPBACK = "127.0.0.1";

/** Running s3rver and dynalite, with their URLs and a way to stop both. */
export interface Emulators {
  /** S3 endpoint, for example `http://127.0.0.1:41234`. */
  readonly s3: string;
  /** DynamoDB endpoint. */
  readonly dynamodb: string;
  /** Folder s3rver stores buckets and objects in. */
  readonly dataDir: string;
  /** Stops both servers, drops open keep-alive connections and deletes the data folder. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts s3rver and dynalite on 127.0.0.1, each on a port the kernel picks (port 0), so parallel runs never clash.
 * s3rver keeps its data in a new temporary folder; dynalite keeps tables in memory.
 */
export async function startEmulators(): Promise<Emulators> {
  const dataDir = mkdtempSync(join(tmpdir(), "backend-emulators-"));
  const servers: Server[] = [];
  const stop = async () => {
    await Promise.all(servers.splice(0).map(closeServer));
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const s3 = new S3rver({ address: LOOPBACK, port: 0, directory: dataDir, silent: true });
    const s3Address = await s3.run();
    if (s3.httpServer) servers.push(s3.httpServer);

    // Tables become ACTIVE at once instead of after dynalite's default 500 ms.
    const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    servers.push(dynamo);
    await new Promise<void>((resolve, reject) => {
      dynamo.once("error", reject);
      dynamo.listen(0, LOOPBACK, () => resolve());
    });
    const dynamoAddress = dynamo.address() as AddressInfo;
    return {
      s3: `http://${LOOPBACK}:${s3Address.port}`,
      dynamodb: `http://${LOOPBACK}:${dynamoAddress.port}`,
      dataDir,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Closes `server`, cutting keep-alive connections that would otherwise hold `close()` open. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
