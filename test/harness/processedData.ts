import { createHash } from 'node:crypto';

import { DataDeduplicationService } from 'n8n-core';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

/**
 * n8n's processed-data store (packages/cli/src/deduplication/deduplication-helper.ts) in memory, for
 * the "entries" mode: one row per workflow and context (`n:<node id>` for node scope) holding the
 * MD5 (base64) of each value, cut to the newest `maxEntries`. The real one is a database table; it is
 * exercised against a real n8n by the end-to-end suite.
 */
export class InMemoryProcessedData implements IDataDeduplicator {
	readonly rows = new Map<string, string[]>();
	/** When set, calls fail with this message, as n8n's store does when its database is unreachable. */
	failWith?: string;

	private static rowKey(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
		if (scope === 'node' && !contextData.node) throw new Error("No node information has been provided and so cannot use scope 'node'");
		return `${contextData.workflow.id}|${scope === 'node' ? `n:${contextData.node?.id}` : ''}`;
	}

	private static hash(value: DeduplicationItemTypes): string {
		return createHash('md5').update(value.toString()).digest('base64');
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		if (this.failWith) throw new Error(this.failWith);
		if (options.mode !== 'entries') throw new Error('Only the "entries" mode is modelled');
		const key = InMemoryProcessedData.rowKey(scope, contextData);
		const stored = this.rows.get(key);
		const hashes = items.map(InMemoryProcessedData.hash);
		if (!stored) {
			if (options.maxEntries) hashes.splice(0, hashes.length - options.maxEntries);
			this.rows.set(key, hashes);
			return { new: items, processed: [] };
		}
		const known = new Set(stored);
		const result: IDeduplicationOutput = { new: [], processed: [] };
		hashes.forEach((hash, index) => {
			if (known.has(hash)) {
				result.processed.push(items[index]);
			} else {
				result.new.push(items[index]);
				stored.push(hash);
			}
		});
		if (options.maxEntries) stored.splice(0, stored.length - options.maxEntries);
		return result;
	}

	async removeProcessed(items: DeduplicationItemTypes[], scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		const stored = this.rows.get(InMemoryProcessedData.rowKey(scope, contextData));
		for (const hash of items.map(InMemoryProcessedData.hash)) {
			const index = stored?.indexOf(hash) ?? -1;
			if (index !== -1) stored?.splice(index, 1);
		}
	}

	async clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		this.rows.delete(InMemoryProcessedData.rowKey(scope, contextData));
	}

	async getProcessedDataCount(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<number> {
		return this.rows.get(InMemoryProcessedData.rowKey(scope, contextData))?.length ?? 0;
	}
}

let processedData: InMemoryProcessedData | undefined;

/** The store n8n-core's de-duplication helpers use in this test process (n8n initialises it once per process). */
export function processedDataStore(): InMemoryProcessedData {
	if (!processedData) {
		processedData = new InMemoryProcessedData();
		void DataDeduplicationService.init(processedData);
	}
	return processedData;
}
