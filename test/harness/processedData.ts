import { createHash } from 'node:crypto';

import { DataDeduplicationService } from 'n8n-core';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
	IExecuteFunctions,
} from 'n8n-workflow';
import { tryToParseDateTime } from 'n8n-workflow';

/** A row of n8n's `processed_data` table: primary key (context, workflowId), a JSON value. */
interface ProcessedValue {
	mode: ICheckProcessedOptions['mode'];
	data: string[] | DeduplicationItemTypes;
}

/**
 * The `processed_data` table as a database behaves to n8n's repository: every call is its own
 * round trip (an await, during which other callers run), reads return fresh copies, an insert of a
 * key that exists fails with the primary-key violation Postgres reports, an update of a missing row
 * changes nothing. No transactions: n8n opens none around its helper's calls.
 */
export class ProcessedDataTable {
	private readonly rows = new Map<string, ProcessedValue>();
	/** Round trips so far, by kind, for tests that count what a delivery costs. */
	readonly queries = { select: 0, insert: 0, update: 0, delete: 0 };
	/** When set, every query fails with this message, as when the database is unreachable. */
	failWith?: string;
	/** Extra time per round trip (ms); 0 still yields to other callers once per query. */
	latencyMs = 0;

	private static key(workflowId: string, context: string): string {
		return `${workflowId}|${context}`;
	}

	/** A copy, as each read from a database is (values are strings, numbers or arrays of strings). */
	private static copy(value: ProcessedValue): ProcessedValue {
		return { mode: value.mode, data: Array.isArray(value.data) ? [...value.data] : value.data };
	}

	private async roundTrip(kind: keyof ProcessedDataTable['queries']): Promise<void> {
		this.queries[kind]++;
		await new Promise((resolve) => (this.latencyMs ? setTimeout(resolve, this.latencyMs) : setImmediate(resolve)));
		if (this.failWith) throw new Error(this.failWith);
	}

	async findOne(workflowId: string, context: string): Promise<{ workflowId: string; context: string; value: ProcessedValue } | null> {
		await this.roundTrip('select');
		const value = this.rows.get(ProcessedDataTable.key(workflowId, context));
		return value ? { workflowId, context, value: ProcessedDataTable.copy(value) } : null;
	}

	async insert(workflowId: string, context: string, value: ProcessedValue): Promise<void> {
		await this.roundTrip('insert');
		const key = ProcessedDataTable.key(workflowId, context);
		if (this.rows.has(key)) throw new Error('duplicate key value violates unique constraint "PK_processed_data"');
		this.rows.set(key, ProcessedDataTable.copy(value));
	}

	async update(workflowId: string, context: string, value: ProcessedValue): Promise<void> {
		await this.roundTrip('update');
		const key = ProcessedDataTable.key(workflowId, context);
		if (this.rows.has(key)) this.rows.set(key, ProcessedDataTable.copy(value));
	}

	async delete(workflowId: string, context: string): Promise<void> {
		await this.roundTrip('delete');
		this.rows.delete(ProcessedDataTable.key(workflowId, context));
	}

	/** The stored value of a row (undefined when there is none), without a round trip. */
	peek(workflowId: string, context: string): ProcessedValue | undefined {
		const value = this.rows.get(ProcessedDataTable.key(workflowId, context));
		return value && ProcessedDataTable.copy(value);
	}

	clear(): void {
		this.rows.clear();
	}
}

class DeduplicationError extends Error {
	name = 'DeduplicationError';
}

/**
 * n8n 2.41.1's processed-data helper, line for line: packages/cli/src/deduplication/
 * deduplication-helper.ts (`DeduplicationHelper`, compiled at n8n/dist/deduplication/
 * deduplication-helper.js). `checkProcessedAndRecord` reads the row, then inserts it (none yet) or
 * updates it whole, with an await between and no transaction: two callers that read the same row
 * both write, and the last write wins. Values are kept as the MD5 (base64) of their text in
 * "entries" mode, as themselves in the "latest" modes.
 */
export class ProcessedDataHelperModel implements IDataDeduplicator {
	readonly table: ProcessedDataTable;

	constructor(table: ProcessedDataTable) {
		this.table = table;
	}

	private static createContext(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
		if (scope === 'node') {
			if (!contextData.node) throw new DeduplicationError("No node information has been provided and so cannot use scope 'node'");
			return `n:${contextData.node.id}`;
		}
		return '';
	}

	static createValueHash(value: DeduplicationItemTypes): string {
		return createHash('md5').update(value.toString()).digest('base64');
	}

	private static compareValues(mode: ICheckProcessedOptions['mode'], value1: DeduplicationItemTypes, value2: DeduplicationItemTypes): number {
		if (mode === 'latestIncrementalKey') {
			const num1 = Number(value1);
			const num2 = Number(value2);
			if (!isNaN(num1) && !isNaN(num2)) return num1 === num2 ? 0 : num1 > num2 ? 1 : -1;
			throw new DeduplicationError('Invalid value. Only numbers are supported in mode "latestIncrementalKey"');
		}
		if (mode === 'latestDate') {
			const date1 = tryToParseDateTime(value1);
			const date2 = tryToParseDateTime(value2);
			return date1 === date2 ? 0 : date1 > date2 ? 1 : -1;
		}
		throw new DeduplicationError("Invalid mode. Only 'latestIncrementalKey' and 'latestDate' are supported.");
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		const context = ProcessedDataHelperModel.createContext(scope, contextData);
		const workflowId = String(contextData.workflow.id);
		const processedData = await this.table.findOne(workflowId, context);
		if (processedData && processedData.value.mode !== options.mode) {
			throw new DeduplicationError(
				'Deduplication data was originally saved with an incompatible setting of the ‘Keep Items Where’ parameter. Try ’Clean Database’ operation to reset.',
			);
		}
		if (options.mode === 'latestIncrementalKey' || options.mode === 'latestDate') {
			const incoming = items.slice().sort((a, b) => ProcessedDataHelperModel.compareValues(options.mode, a, b));
			if (!processedData) {
				await this.table.insert(workflowId, context, { mode: options.mode, data: incoming.pop() as DeduplicationItemTypes });
				return { new: items, processed: [] };
			}
			const result: IDeduplicationOutput = { new: [], processed: [] };
			if (Array.isArray(processedData.value.data)) return result;
			let largest = processedData.value.data;
			const stored = processedData.value.data;
			for (const item of incoming) {
				if (ProcessedDataHelperModel.compareValues(options.mode, item, stored) === 1) {
					result.new.push(item);
					if (ProcessedDataHelperModel.compareValues(options.mode, item, largest) === 1) largest = item;
				} else {
					result.processed.push(item);
				}
			}
			processedData.value.data = largest;
			await this.table.update(workflowId, context, processedData.value);
			return result;
		}
		const hashed = items.map(ProcessedDataHelperModel.createValueHash);
		if (!processedData) {
			if (options.maxEntries) hashed.splice(0, hashed.length - options.maxEntries);
			await this.table.insert(workflowId, context, { mode: options.mode, data: hashed });
			return { new: items, processed: [] };
		}
		const result: IDeduplicationOutput = { new: [], processed: [] };
		if (!Array.isArray(processedData.value.data)) return result;
		const stored = processedData.value.data;
		const known = new Set(stored);
		hashed.forEach((hash, index) => {
			if (known.has(hash)) {
				result.processed.push(items[index]);
			} else {
				result.new.push(items[index]);
				stored.push(hash);
			}
		});
		if (options.maxEntries) stored.splice(0, stored.length - options.maxEntries);
		await this.table.update(workflowId, context, processedData.value);
		return result;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<void> {
		if (options.mode === 'latestIncrementalKey' || options.mode === 'latestDate') {
			throw new DeduplicationError('Removing processed data is not possible in mode "latest"');
		}
		const context = ProcessedDataHelperModel.createContext(scope, contextData);
		const workflowId = String(contextData.workflow.id);
		const processedData = await this.table.findOne(workflowId, context);
		if (!processedData || !Array.isArray(processedData.value.data)) return;
		const stored = processedData.value.data;
		for (const hash of items.map(ProcessedDataHelperModel.createValueHash)) {
			const index = stored.findIndex((value) => value === hash);
			if (index !== -1) stored.splice(index, 1);
		}
		await this.table.update(workflowId, context, processedData.value);
	}

	async clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		await this.table.delete(String(contextData.workflow.id), ProcessedDataHelperModel.createContext(scope, contextData));
	}

	async getProcessedDataCount(scope: DeduplicationScope, contextData: ICheckProcessedContextData, options: ICheckProcessedOptions): Promise<number> {
		const processedData = await this.table.findOne(String(contextData.workflow.id), ProcessedDataHelperModel.createContext(scope, contextData));
		return options.mode === 'entries' && processedData && Array.isArray(processedData.value.data) ? processedData.value.data.length : 0;
	}

	/** Entries of a node's record in "entries" mode, as stored (hashes), without a round trip. */
	nodeEntries(workflowId: string, nodeId: string): string[] {
		const value = this.table.peek(workflowId, `n:${nodeId}`);
		return Array.isArray(value?.data) ? value.data : [];
	}

	/** Whether a node's record holds `value` (compared by hash, as n8n stores it). */
	nodeHas(workflowId: string, nodeId: string, value: string): boolean {
		return this.nodeEntries(workflowId, nodeId).includes(ProcessedDataHelperModel.createValueHash(value));
	}

	/** Whether the workflow-scoped row (the trigger's delivery lock) exists. */
	workflowRowExists(workflowId: string): boolean {
		return this.table.peek(workflowId, '') !== undefined;
	}
}

/** What `this.helpers` gives an executing node in n8n: the helper's de-duplication calls bound to its workflow and node. */
export function nodeHelpers(
	helper: ProcessedDataHelperModel,
	workflowId: string,
	nodeId: string,
): Pick<IExecuteFunctions['helpers'], 'checkProcessedAndRecord' | 'removeProcessed' | 'clearAllProcessedItems'> {
	const contextData = { workflow: { id: workflowId }, node: { id: nodeId } } as never;
	return {
		checkProcessedAndRecord: async (items, scope, options) => await helper.checkProcessedAndRecord(items, scope, contextData, options),
		removeProcessed: async (items, scope, options) => await helper.removeProcessed(items, scope, contextData, options),
		clearAllProcessedItems: async (scope) => await helper.clearAllProcessedItems(scope, contextData),
	};
}

let processedData: ProcessedDataHelperModel | undefined;

/** The store n8n-core's de-duplication helpers use in this test process (n8n initialises it once per process). */
export function processedDataStore(): ProcessedDataHelperModel {
	if (!processedData) {
		processedData = new ProcessedDataHelperModel(new ProcessedDataTable());
		void DataDeduplicationService.init(processedData);
	}
	return processedData;
}
