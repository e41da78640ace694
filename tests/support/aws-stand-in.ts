import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the AWS JSON APIs a function calls at cold start (Secrets
 * Manager's GetSecretValue, SSM's GetParameter), which also relays DynamoDB calls to a
 * real engine and counts them: the functions talk to it over HTTP through their real
 * clients, so a test can say "refused, and the table was never asked".
 */

export interface StandInCall {
  /** `X-Amz-Target`, e.g. `secretsmanager.GetSecretValue`, `DynamoDB_20120810.Query`. */
  target: string;
  body: Record<string, unknown>;
  /** The request's `Authorization` header (a SigV4 signature). */
  authorization?: string;
}

export interface AwsStandIn {
  endpoint: string;
  calls: StandInCall[];
  /** Secrets by id, then by version stage (`AWSCURRENT`, `AWSPREVIOUS`). */
  secrets: Map<string, Partial<Record<'AWSCURRENT' | 'AWSPREVIOUS', string>>>;
  /** SSM parameters by name. */
  parameters: Map<string, string>;
  /** Calls whose target starts with `prefix` (`DynamoDB_`, `secretsmanager.`, `AmazonSSM.`). */
  callsTo(prefix: string): StandInCall[];
  close(): Promise<void>;
}

/** Starts the stand-in; DynamoDB calls go on to `dynamodbEndpoint` when given. */
export async function startAwsStandIn(dynamodbEndpoint?: string): Promise<AwsStandIn> {
  const calls: StandInCall[] = [];
  const secrets: AwsStandIn['secrets'] = new Map();
  const parameters: AwsStandIn['parameters'] = new Map();
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const body = raw.length > 0 ? (JSON.parse(raw.toString()) as Record<string, unknown>) : {};
    calls.push({ target, body, authorization: req.headers.authorization });
    const answer = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(json));
    };
    const notFound = (message: string) =>
      answer(400, { __type: 'com.amazonaws.secretsmanager#ResourceNotFoundException', message });
    if (target === 'secretsmanager.GetSecretValue') {
      const stage = String(body.VersionStage ?? 'AWSCURRENT') as 'AWSCURRENT' | 'AWSPREVIOUS';
      const value = secrets.get(String(body.SecretId))?.[stage];
      return value === undefined
        ? notFound(`Secrets Manager can't find the specified secret value for staging label: ${stage}`)
        : answer(200, { ARN: body.SecretId, SecretString: value, VersionStages: [stage] });
    }
    if (target === 'AmazonSSM.GetParameter') {
      const value = parameters.get(String(body.Name));
      return value === undefined
        ? answer(400, { __type: 'ParameterNotFound', message: String(body.Name) })
        : answer(200, { Parameter: { Name: body.Name, Type: 'String', Value: value, Version: 1 } });
    }
    if (target.startsWith('DynamoDB_') && dynamodbEndpoint) return relay(dynamodbEndpoint, req, raw, res);
    answer(400, { __type: 'UnknownOperationException', message: target });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    secrets,
    parameters,
    callsTo: (prefix) => calls.filter((c) => c.target.startsWith(prefix)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function relay(
  endpoint: string,
  req: IncomingMessage,
  body: Buffer,
  res: import('node:http').ServerResponse,
): void {
  const upstream = new URL(endpoint);
  const forward = httpRequest(
    {
      hostname: upstream.hostname,
      port: upstream.port,
      path: req.url,
      method: req.method,
      headers: { ...req.headers, host: upstream.host },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 500, answer.headers);
      answer.pipe(res);
    },
  );
  forward.end(body);
}
