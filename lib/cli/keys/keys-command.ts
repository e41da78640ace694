import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { KEY_SCOPES, type KeyScope } from '../../auth/api-key';
import { createKeyService, type KeyService } from '../../auth/key-service';
import { WirefeedError } from '../../errors';
import { openLocalEngine } from '../../local/engine-address';
import { createDocumentClient, isLocalEndpoint, LOCAL_CREDENTIALS } from '../../store/client';
import { DynamoKeyStore } from '../../store/dynamo-key-store';
import type { EmbeddedEngine } from '../../store/embedded-engine';
import { CommandError, UsageError } from '../cli-error';
import type { CliContext, Command } from '../command';
import { EXIT } from '../exit-codes';

const USAGE = `Usage:
  wirefeed keys create --name NAME --scope SCOPE [--scope SCOPE …]
  wirefeed keys list
  wirefeed keys revoke ID
  (each with --local: the embedded engine of npm start, data in WIREFEED_DATA_DIR)

Manages API keys directly in the articles table, with your AWS credentials: the way to
make the first admin key for a deployed table (later ones can come from POST /api/keys).
The table comes from TABLE_NAME, AWS_REGION and, for a local engine,
AWS_ENDPOINT_URL_DYNAMODB. Scopes: ${KEY_SCOPES.join(', ')}.
With --local, the keys of npm start's embedded engine (running or not).
The key is printed once; only its SHA-256 is stored. The last live keys:admin key
cannot be revoked: create another first.
`;

/** Runs `use` with the key service of the configured table; `local`: the embedded engine's. */
async function withKeyService<T>(
  context: CliContext,
  local: boolean,
  use: (keys: KeyService) => Promise<T>,
): Promise<T> {
  if (!context.env.table) throw new UsageError('no table configuration (TABLE_NAME, AWS_REGION)');
  const config = context.env.table();
  let engine: EmbeddedEngine | undefined;
  if (local) {
    const dataDir = resolve(context.cwd, config.dataDir);
    engine = await openLocalEngine(dataDir);
    if (!engine) throw new UsageError(`no local data in ${dataDir}: run npm start once first`);
  }
  const endpoint = engine?.endpoint ?? config.dynamoEndpoint;
  const client = createDocumentClient({
    region: config.region,
    endpoint,
    credentials: isLocalEndpoint(endpoint) ? LOCAL_CREDENTIALS : undefined,
  });
  try {
    return await use(
      createKeyService({ store: new DynamoKeyStore(client, config.tableName), now: () => new Date() }),
    );
  } catch (error) {
    if (error instanceof WirefeedError) throw new CommandError(error.message);
    throw error;
  } finally {
    client.destroy();
    await engine?.close();
  }
}

export const keysCommand: Command = {
  summary: 'create, list and revoke API keys in the table (for the first admin key on AWS)',
  usage: USAGE,
  async run(args, context) {
    let parsed: ReturnType<typeof parse>;
    function parse() {
      return parseArgs({
        args,
        allowPositionals: true,
        options: {
          name: { type: 'string' },
          scope: { type: 'string', multiple: true },
          local: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    }
    try {
      parsed = parse();
    } catch (error) {
      throw new UsageError(`${(error as Error).message}; see wirefeed keys --help`);
    }
    const { values, positionals } = parsed;
    const [action, id] = positionals;
    const local = values.local === true;
    if (values.help || !action) {
      (values.help ? context.stdout : context.stderr).write(USAGE);
      return values.help ? EXIT.ok : EXIT.usage;
    }
    switch (action) {
      case 'create': {
        const scopes = values.scope ?? [];
        const unknown = scopes.filter((s) => !(KEY_SCOPES as readonly string[]).includes(s));
        if (!values.name?.trim()) throw new UsageError('--name is required');
        if (!scopes.length || unknown.length) {
          throw new UsageError(
            `give --scope one or more times, from ${KEY_SCOPES.join(', ')}${unknown.length ? `; not ${unknown.join(', ')}` : ''}`,
          );
        }
        const name = values.name.trim();
        const created = await withKeyService(context, local, (keys) =>
          keys.createKey({ name, scopes: scopes as KeyScope[] }),
        );
        context.stdout.write(
          `API key: ${created.key}\nid: ${created.id}\nscopes: ${created.scopes.join(' ')}\n`,
        );
        context.stderr.write('Keep the key now: it is not stored and cannot be shown again.\n');
        return EXIT.ok;
      }
      case 'list': {
        for (const k of await withKeyService(context, local, (keys) => keys.listKeys())) {
          context.stdout.write(
            `${k.id}  ${k.revokedAt ? 'revoked' : 'live   '}  ${k.scopes.join(',')}  ${k.createdAt}  ${k.name}\n`,
          );
        }
        return EXIT.ok;
      }
      case 'revoke': {
        if (!id) throw new UsageError('which key? wirefeed keys revoke ID');
        await withKeyService(context, local, (keys) => keys.revokeKey(id));
        context.stdout.write(`revoked ${id}\n`);
        return EXIT.ok;
      }
      default:
        throw new UsageError(`unknown action "${action}"; see wirefeed keys --help`);
    }
  },
};
