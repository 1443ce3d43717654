// What a builder does in n8n 2.41.1's editor, as Playwright steps. Selectors are the editor's own
// data-test-id attributes (Playwright is told to read those), visible texts otherwise.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, ConsoleMessage, Locator, Page } from 'playwright-core';
import { selectors } from 'playwright-core';

import { repoRoot, sandboxRoot } from '../../scripts/n8n/paths.ts';
import type { ConsoleError } from './consoleErrors.ts';

selectors.setTestIdAttribute('data-test-id');

/** Where the README's screenshots are written. */
export const imagesDir = join(repoRoot, 'docs', 'images');
/** Screenshots of failed steps (git-ignored). */
export const failuresDir = join(sandboxRoot, 'ui-failures');

const STEP_TIMEOUT_MS = 60_000;
/** How long a wait for the editor to show an expected state lasts before the step reads what it shows. */
const SETTLE_TIMEOUT_MS = 30_000;
const POLL_MS = 250;

/**
 * Reads `read` until `accept` holds for a value read twice in a row (n8n's editor re-renders lists and
 * tags in several passes), or until `timeoutMs` has passed; returns the last value either way, for the
 * step to assert on, so a wrong state fails with what the editor showed. Nothing assumes a speed.
 */
export async function settle<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = SETTLE_TIMEOUT_MS): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let previous: string | undefined;
	let value = await read();
	while (Date.now() < deadline) {
		const seen = JSON.stringify(value);
		if (accept(value) && seen === previous) return value;
		previous = seen;
		await new Promise((resolve) => setTimeout(resolve, POLL_MS));
		value = await read().catch(() => value);
	}
	return value;
}

const includesAll = (expected: string[]) => (listed: string[]) => expected.every((name) => listed.includes(name));

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

	private constructor(page: Page, baseUrl: string, collecting: boolean) {
		this.collecting = collecting;
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

	/** A tab; `collecting` at once for a tab opened after signing in (the control's). */
	static async open(context: BrowserContext, baseUrl: string, collecting = false): Promise<Editor> {
		return new Editor(await context.newPage(), baseUrl, collecting);
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

	/**
	 * Opens the node panel (the first step's panel on an empty canvas), types `query` and returns the
	 * entries it lists once they include every name in `expected` (or what it lists after the wait).
	 */
	async searchNodes(query: string, expected: string[] = []): Promise<string[]> {
		const search = this.page.getByTestId('node-creator-search-bar');
		if (!(await search.isVisible())) {
			const plus = this.page.getByTestId('canvas-plus-button');
			if (await plus.isVisible()) await plus.click();
			else await this.page.getByTestId('node-creator-plus-button').click();
		}
		// The list re-renders as the text is typed. First a search that finds nothing, so that the list read
		// below cannot be the previous search's; then the query, read once it holds what is expected.
		const items = this.page.getByTestId('node-creator-item-name');
		await search.fill('zqxj-no-such-node');
		await settle(async () => await items.count(), (count) => count === 0, 15_000);
		await search.fill(query);
		return await settle(async () => (await items.allInnerTexts()).map((name) => name.trim()), (listed) => listed.length > 0 && includesAll(expected)(listed));
	}

	/** Clicks an entry of the node panel (a node, or one of its actions) by its exact name. */
	async pickInPanel(name: string): Promise<void> {
		// By its exact text, re-resolved on every try: the list re-renders while a search settles, so an
		// index read a moment earlier can point at an entry that no longer exists.
		const exact = new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
		await this.page.getByTestId('node-creator-item-name').filter({ hasText: exact }).first().click();
	}

	/** The names the panel lists (e.g. a node's actions after clicking it), once they include `expected`. */
	async panelEntries(expected: string[] = []): Promise<string[]> {
		const items = this.page.getByTestId('node-creator-item-name');
		await items.first().waitFor();
		return await settle(async () => (await items.allInnerTexts()).map((name) => name.trim()), includesAll(expected));
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
	async shownNow(name: string): Promise<string> {
		const text = (await this.parameter(name).innerText()).trim();
		if (text) return text;
		return (await this.parameter(name).locator('input').first().inputValue()).trim();
	}

	/** What the parameter shows once it shows `expected` (options load, then tags are relabelled), else what it shows. */
	async shown(name: string, expected: string): Promise<string> {
		await this.parameter(name).waitFor();
		return await settle(() => this.shownNow(name), (value) => value === expected);
	}

	/**
	 * The options of the select that is open (closed selects keep theirs hidden in the page). n8n 2.41.1
	 * gives a single select's options the test id, not a multi-select's: those are read by Element Plus's class.
	 */
	private get openOptions(): Locator {
		return this.page.getByTestId('parameter-input-item').or(this.page.locator('li.el-select-dropdown__item')).filter({ visible: true });
	}

	async choose(name: string, option: string): Promise<void> {
		await this.openSelect(name, option);
		await this.openOptions.filter({ hasText: option }).first().click();
	}

	/**
	 * Opens a select until `option` is listed in it. n8n re-renders the node's parameters while the
	 * panel opens (credential chosen, options loaded): a click can land on a select that is replaced
	 * at once, leaving nothing open. Each attempt waits for the option, then closes what it opened.
	 */
	private async openSelect(name: string, option: string): Promise<void> {
		const deadline = Date.now() + STEP_TIMEOUT_MS;
		const wanted = this.openOptions.filter({ hasText: option }).first();
		for (let attempt = 1; ; attempt += 1) {
			await this.parameter(name).click();
			try {
				await wanted.waitFor({ timeout: 10_000 });
				return;
			} catch (error) {
				if (Date.now() > deadline || attempt >= 6) {
					const listed = await this.openOptions.allInnerTexts().catch(() => []);
					throw new Error(`${name}: "${option}" never appeared in its list after ${attempt} attempts (listed: ${listed.join(' | ') || 'nothing'})`, { cause: error });
				}
				// A list left open but empty (options still loading or failed) is closed before trying again.
				if (await this.page.locator('.el-select-dropdown').filter({ visible: true }).count()) await this.page.keyboard.press('Escape');
			}
		}
	}

	async type(name: string, text: string): Promise<void> {
		await this.parameter(name).locator('input, textarea').first().fill(text);
	}

	/**
	 * Opens a resource locator's "From List", optionally types into its search box, and returns the
	 * names it lists; `pick` then chooses one. The list comes from the node's listSearch method.
	 */
	async openList(name: string, search?: string, until: (items: string[]) => boolean = (items) => items.length > 0): Promise<string[]> {
		const items = this.page.getByTestId('rlc-item').filter({ visible: true });
		if (!(await this.page.getByTestId('rlc-search').filter({ visible: true }).count())) {
			await this.ndv.getByTestId(`resource-locator-${name}`).getByTestId('rlc-input').click();
		}
		if (search !== undefined) await this.page.getByTestId('rlc-search').filter({ visible: true }).fill(search);
		await items.first().waitFor();
		return await settle(async () => (await items.allInnerTexts()).map((item) => item.trim()), until);
	}

	async pick(item: string): Promise<void> {
		await this.page.getByTestId('rlc-item').filter({ visible: true }).filter({ hasText: item }).first().click();
	}

	/** Picks options of a multi-select filled by a loadOptions method, then closes it. */
	async pickOptions(name: string, options: string[]): Promise<string[]> {
		await this.openSelect(name, options[0]);
		const items = this.openOptions;
		const listed = await settle(async () => (await items.allInnerTexts()).map((text) => text.split('\n')[0].trim()), includesAll(options));
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
	async nodesWithIssuesNow(): Promise<number> {
		return await this.page.getByTestId('canvas').getByTestId('node-issues').count();
	}

	/** The count of nodes with issues once it is `expected` (n8n recomputes issues after an edit), else the count after the wait. */
	async nodesWithIssues(expected: number): Promise<number> {
		return await settle(() => this.nodesWithIssuesNow(), (count) => count === expected);
	}

	async screenshot(name: string, target?: Locator, dir = imagesDir): Promise<string> {
		mkdirSync(dir, { recursive: true });
		const path = join(dir, `${name}.png`);
		await (target ?? this.page).screenshot({ path });
		return path;
	}
}

