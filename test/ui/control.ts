// The control for console errors: in a tab of its own, n8n's editor walks the screens the suite walks
// (a new workflow, the workflow list, a saved workflow opened from it and by its URL, a node's panel)
// with a workflow of n8n's own nodes only. What it logs there, n8n logs without the package.
import { randomUUID } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';

import type { N8nApi } from '../../scripts/n8n/api.ts';
import type { ConsoleError } from './consoleErrors.ts';
import { Editor, settle } from './editor.ts';

const NAME = 'Control: n8n nodes only';
const ATTEMPTS = 3;

const workflow = {
	name: NAME,
	nodes: [
		{ id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: randomUUID(), name: 'Nothing', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
	],
	connections: { Start: { main: [[{ node: 'Nothing', type: 'main', index: 0 }]] } },
	settings: {},
};

export class Control {
	private readonly context: BrowserContext;
	private readonly baseUrl: string;
	private readonly api: N8nApi;
	private readonly log: (line: string) => void;
	private workflowId?: string;
	private tab?: Editor;
	private done?: Promise<ConsoleError[]>;

	constructor(context: BrowserContext, baseUrl: string, api: N8nApi, log: (line: string) => void) {
		this.context = context;
		this.baseUrl = baseUrl;
		this.api = api;
		this.log = log;
	}

	/**
	 * The control's console errors (the live list: errors n8n logs late in that tab still join it).
	 * Runs the walk once; a failed walk is tried again, here and at the next call.
	 */
	async run(): Promise<ConsoleError[]> {
		this.done ??= this.walkWithRetries();
		try {
			return await this.done;
		} catch (error) {
			this.done = undefined;
			throw error;
		}
	}

	private async walkWithRetries(): Promise<ConsoleError[]> {
		for (let attempt = 1; ; attempt += 1) {
			try {
				return await this.walk();
			} catch (error) {
				if (attempt >= ATTEMPTS) throw error;
				this.log(`control walk, attempt ${attempt} failed, trying again: ${(error as Error).message.split('\n')[0]}`);
			}
		}
	}

	private async walk(): Promise<ConsoleError[]> {
		this.workflowId ??= (await this.api.createWorkflow(workflow)).id;
		// The tab's errors are kept across attempts: every one of them was logged with no package node.
		this.tab ??= await Editor.open(this.context, this.baseUrl, true);
		const tab = this.tab;
		tab.step = 'control';
		const nodes = tab.page.getByTestId('canvas-node');
		const showsBothNodes = async () => (await settle(() => nodes.count(), (count) => count === 2)) === 2;

		await tab.newWorkflow();
		await tab.page.goto(`${this.baseUrl}/home/workflows`, { waitUntil: 'domcontentloaded' });
		await tab.page.getByText(NAME, { exact: true }).first().click();
		await tab.page.waitForURL((url) => url.pathname === `/workflow/${this.workflowId}`, { waitUntil: 'commit' });
		if (!(await showsBothNodes())) throw new Error('the control workflow opened from the list does not show its 2 nodes');

		await tab.page.goto(`${this.baseUrl}/workflow/${this.workflowId}`, { waitUntil: 'domcontentloaded' });
		if (!(await showsBothNodes())) throw new Error('the control workflow opened by its URL does not show its 2 nodes');
		await nodes.filter({ hasText: 'Nothing' }).first().dblclick();
		await tab.ndv.waitFor();
		await tab.closeNdv();
		return tab.errors;
	}
}
