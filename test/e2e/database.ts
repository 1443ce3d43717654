// Read n8n's SQLite database directly, to check what it stored. Node 24's built-in SQLite opens it next to the running n8n (SQLite locks).
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

function open(userFolder: string): DatabaseSync {
	return new DatabaseSync(join(userFolder, '.n8n', 'database.sqlite'), { timeout: 10_000 });
}

/** How many delivery keys n8n's processed-data store holds for a workflow (all its nodes). */
export function processedEntries(userFolder: string, workflowId: string): number {
	const database = open(userFolder);
	try {
		const rows = database.prepare('SELECT value FROM processed_data WHERE workflowId = ?').all(workflowId) as Array<{ value: string }>;
		return rows.reduce((total, row) => total + ((JSON.parse(row.value) as { data: unknown[] }).data?.length ?? 0), 0);
	} finally {
		database.close();
	}
}

/** A workflow's static data as n8n saved it. */
export function storedStaticData(userFolder: string, workflowId: string): Record<string, unknown> {
	const database = open(userFolder);
	try {
		const row = database.prepare('SELECT staticData FROM workflow_entity WHERE id = ?').get(workflowId) as { staticData: string | null } | undefined;
		return row?.staticData ? (JSON.parse(row.staticData) as Record<string, unknown>) : {};
	} finally {
		database.close();
	}
}
