import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * SDK middleware for tests: record which DynamoDB operations a request makes, or kill
 * a writer at a chosen write — the only places tests reach into the SDK.
 */

export interface RecordedCall {
  command: string;
  input: Record<string, unknown>;
}

export function recordCalls(client: DynamoDBDocumentClient): RecordedCall[] {
  const calls: RecordedCall[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push({ command: String(context.commandName), input: args.input as Record<string, unknown> });
      return next(args);
    },
    { step: 'initialize', name: `recordCalls${Math.random()}` },
  );
  return calls;
}

const WRITES = new Set([
  'PutCommand',
  'UpdateCommand',
  'DeleteCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
]);

export class WriterDied extends Error {
  override name = 'WriterDied';
}

/** Lets `survive` writes through, then fails every later write, as if the process had died. */
export function dieAfterWrites(client: DynamoDBDocumentClient, survive: number): void {
  let writes = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (WRITES.has(String(context.commandName)) && ++writes > survive)
        throw new WriterDied(`died before write ${writes}`);
      return next(args);
    },
    { step: 'initialize', name: `dieAfterWrites${Math.random()}` },
  );
}
