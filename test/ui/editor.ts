// What a builder does in n8n 2.41.1's editor, as Playwright steps. Selectors are the editor's own
// data-test-id attributes (Playwright is told to read those), visible texts otherwise.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, ConsoleMessage, Locator, Page } from 'playwright-core';
import { selectors } from 'playwright-core';

import { repoRoot, sandboxRoot } from '../../scripts/n8n/paths.ts';

selectors.setTestIdAttribute('data-test-id');

/** Where the README's screenshots are written. */
export const imagesDir = join(repoRoot, 'docs', 'images');
/** Screenshots of failed steps (git-ignored). */
export const failuresDir = join(sandboxRoot, 'ui-failures');

const STEP_TIMEOUT_MS = 60_000;

export interface ConsoleError {
	text: string;
	url: string;
	step: string;
}

/**
 * One browser tab on the editor. Console errors are kept apart by where they come from: the n8n
 * under test (its origin), and n8n's own calls to the internet (the editor asks the npm registry
 * about community packages), which fail here because the network is closed.
 */
export class Editor {
	readonly page: Page;
	readonly baseUrl: string;
	readonly errors: ConsoleError[] = [];
	readonly outsideErrors: ConsoleError[] = [];
	/** Which step of the suite is running, so that an error can be traced to it. */
	step = '';
	private collecting = false;

	private constructor(page: Page, baseUrl: string) {
		this.page = page;
		this.baseUrl = baseUrl;
		page.setDefaultTimeout(STEP_TIMEOUT_MS);
		page.on('console', (message: ConsoleMessage) => {
			if (message.type() !== 'error' || !this.collecting) return;
			const url = message.location().url ?? '';
			const entry = { text: message.text().slice(0, 500), url, step: this.step };
			if (url && !url.startsWith(baseUrl)) this.outsideErrors.push(entry);
			else this.errors.push(entry);
		});
		page.on('pageerror', (error) => this.errors.push({ text: `uncaught: ${error.message}`.slice(0, 500), url: '', step: this.step }));
	}

	static async open(context: BrowserContext, baseUrl: string): Promise<Editor> {
		return new Editor(await context.newPage(), baseUrl);
	}

	/** Console errors from now on (a step that provokes an error on purpose reads them itself). */
	errorsSince(mark: number): ConsoleError[] {
		return this.errors.slice(mark);
	}

	async signIn(email: string, password: string): Promise<void> {
		await this.page.goto(`${this.baseUrl}/signin`, { waitUntil: 'domcontentloaded' });
		await this.page.getByTestId('emailOrLdapLoginId').locator('input').fill(email);
		await this.page.getByTestId('password').locator('input').fill(password);
		await this.page.getByTestId('form-submit-button').click();
		await this.page.waitForURL(/\/home\//, { waitUntil: 'commit' });
		// Before signing in the editor asks for a session and gets 401: that is how n8n starts, not an error.
		this.collecting = true;
	}

	async newWorkflow(): Promise<void> {
		await this.page.goto(`${this.baseUrl}/workflow/new`, { waitUntil: 'domcontentloaded' });
		await this.page.getByTestId('canvas').waitFor();
	}

	/** Opens the node panel (the first step's panel on an empty canvas) and types `query`. */
	async searchNodes(query: string): Promise<string[]> {
		const search = this.page.getByTestId('node-creator-search-bar');
		if (!(await search.isVisible())) {
			const plus = this.page.getByTestId('canvas-plus-button');
			if (await plus.isVisible()) await plus.click();
			else await this.page.getByTestId('node-creator-plus-button').click();
		}
		await search.fill(query);
		// The list re-renders as the text is typed; give it its final state.
		await this.page.waitForTimeout(400);
		return (await this.page.getByTestId('node-creator-item-name').allInnerTexts()).map((name) => name.trim());
	}

	/** Clicks an entry of the node panel (a node, or one of its actions) by its exact name. */
	async pickInPanel(name: string): Promise<void> {
		const items = this.page.getByTestId('node-creator-item-name');
		await items.filter({ hasText: name }).first().waitFor();
		const index = (await items.allInnerTexts()).findIndex((text) => text.trim() === name);
		if (index < 0) throw new Error(`the node panel lists no "${name}": ${(await items.allInnerTexts()).join(', ')}`);
		await items.nth(index).click();
	}

	/** The names the panel lists now (e.g. a node's actions after clicking it). */
	async panelEntries(): Promise<string[]> {
		await this.page.getByTestId('node-creator-item-name').first().waitFor();
		return (await this.page.getByTestId('node-creator-item-name').allInnerTexts()).map((name) => name.trim());
	}

	get ndv(): Locator {
		return this.page.getByTestId('ndv');
	}

	async closeNdv(): Promise<void> {
		await this.page.getByTestId('ndv-close-button').click();
		await this.ndv.waitFor({ state: 'hidden' });
	}

	parameter(name: string): Locator {
		return this.ndv.getByTestId(`parameter-input-${name}`);
	}

	/** What a select shows (its input's value), or a multi-select (its chosen tags). */
	async shown(name: string): Promise<string> {
		const text = (await this.parameter(name).innerText()).trim();
		if (text) return text;
		return (await this.parameter(name).locator('input').first().inputValue()).trim();
	}

	/** The options of the select that is open (closed selects keep theirs hidden in the page). */
	private get openOptions(): Locator {
		return this.page.getByTestId('parameter-input-item').filter({ visible: true });
	}

	async choose(name: string, option: string): Promise<void> {
		await this.parameter(name).click();
		await this.openOptions.filter({ hasText: option }).first().click();
	}

	async type(name: string, text: string): Promise<void> {
		await this.parameter(name).locator('input, textarea').first().fill(text);
	}

	/**
	 * Opens a resource locator's "From List", optionally types into its search box, and returns the
	 * names it lists; `pick` then chooses one. The list comes from the node's listSearch method.
	 */
	async openList(name: string, search?: string): Promise<string[]> {
		await this.ndv.getByTestId(`resource-locator-${name}`).getByTestId('rlc-input').click();
		const items = this.page.getByTestId('rlc-item');
		if (search !== undefined) await this.page.getByTestId('rlc-search').fill(search);
		await items.first().waitFor();
		await this.page.waitForTimeout(400);
		return (await items.allInnerTexts()).map((item) => item.trim());
	}

	async pick(item: string): Promise<void> {
		await this.page.getByTestId('rlc-item').filter({ hasText: item }).first().click();
	}

	/** Picks options of a multi-select filled by a loadOptions method, then closes it. */
	async pickOptions(name: string, options: string[]): Promise<string[]> {
		await this.parameter(name).click();
		const items = this.openOptions;
		await items.first().waitFor();
		const listed = (await items.allInnerTexts()).map((text) => text.split('\n')[0].trim());
		for (const option of options) await items.filter({ hasText: option }).first().click();
		await this.page.keyboard.press('Escape');
		return listed;
	}

	/** "Add Option" of an Options collection. */
	async addOption(optionName: string): Promise<void> {
		await this.ndv.getByTestId('collection-parameter-add').click();
		await this.page.getByTestId('collection-parameter-option').filter({ hasText: optionName }).first().click();
	}

	/** Runs the node ("Execute step") and returns how many items it output and the output as the JSON view shows it. */
	async executeStep(): Promise<{ items: number; json: string }> {
		await this.ndv.getByTestId('node-execute-button').click();
		const output = this.ndv.getByTestId('output-panel');
		const count = output.getByText(/^\d+ items?$/).first();
		await count.waitFor();
		const items = Number.parseInt(await count.innerText(), 10);
		await output.getByTestId('radio-button-json').click();
		await output.getByTestId('ndv-data-container').getByText(/[{[]/).first().waitFor();
		return { items, json: await output.getByTestId('ndv-data-container').innerText() };
	}

	/** Parameter issues n8n shows on canvas nodes (the warning triangle), by node count. */
	async nodesWithIssues(): Promise<number> {
		return await this.page.getByTestId('canvas').getByTestId('node-issues').count();
	}

	async screenshot(name: string, target?: Locator, dir = imagesDir): Promise<string> {
		mkdirSync(dir, { recursive: true });
		const path = join(dir, `${name}.png`);
		await (target ?? this.page).screenshot({ path });
		return path;
	}
}

