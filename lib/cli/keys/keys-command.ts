import { parseArgs } from 'node:util';
import { KEY_SCOPES, type KeyScope } from '../../auth/api-key';
import { createKeyService } from '../../auth/key-service';
import { createDocumentClient, isLocalEndpoint, LOCAL_CREDENTIALS } from '../../store/client';
import { DynamoKeyStore } from '../../store/dynamo-key-store';
import { UsageError } from '../cli-error';
import type { CliContext, Command } from '../command';
import { EXIT } from '../exit-codes';

const USAGE = `Usage:
  wirefeed keys create --name NAME --scope SCOPE [--scope SCOPE …]
  wirefeed keys list
  wirefeed keys revoke ID

Manages API keys directly in the articles table, with your AWS credentials: the way to
make the first admin key for a deployed table (later ones can come from POST /api/keys).
The table comes from TABLE_NAME, AWS_REGION and, for a local engine,
AWS_ENDPOINT_URL_DYNAMODB. Scopes: ${KEY_SCOPES.join(', ')}.
The key is printed once; only its SHA-256 is stored.
`;

function keyService(context: CliContext) {
  if (!context.env.table) throw new UsageError('no table configuration (TABLE_NAME, AWS_REGION)');
  const config = context.env.table();
  const client = createDocumentClient({
    region: config.region,
    endpoint: config.dynamoEndpoint,
    credentials: isLocalEndpoint(config.dynamoEndpoint) ? LOCAL_CREDENTIALS : undefined,
  });
  return createKeyService({ store: new DynamoKeyStore(client, config.tableName), now: () => new Date() });
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
        const created = await keyService(context).createKey({
          name: values.name.trim(),
          scopes: scopes as KeyScope[],
        });
        context.stdout.write(
          `API key: ${created.key}\nid: ${created.id}\nscopes: ${created.scopes.join(' ')}\n`,
        );
        context.stderr.write('Keep the key now: it is not stored and cannot be shown again.\n');
        return EXIT.ok;
      }
      case 'list': {
        for (const k of await keyService(context).listKeys()) {
          context.stdout.write(
            `${k.id}  ${k.revokedAt ? 'revoked' : 'live   '}  ${k.scopes.join(',')}  ${k.createdAt}  ${k.name}\n`,
          );
        }
        return EXIT.ok;
      }
      case 'revoke': {
        if (!id) throw new UsageError('which key? wirefeed keys revoke ID');
        await keyService(context).revokeKey(id);
        context.stdout.write(`revoked ${id}\n`);
        return EXIT.ok;
      }
      default:
        throw new UsageError(`unknown action "${action}"; see wirefeed keys --help`);
    }
  },
};
