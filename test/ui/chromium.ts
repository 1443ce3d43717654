// Debian's Chromium, driven by playwright-core (nothing can download a browser build here). Installed
// with apt-get on first use when it is missing, as the sandbox installs n8n on first use.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.UI_CHROMIUM ?? '/usr/bin/chromium';

/** Seconds the apt-get install took, or undefined when Chromium was already there. */
export function ensureChromium(log: (line: string) => void): number | undefined {
	if (existsSync(CHROMIUM)) return undefined;
	const started = Date.now();
	log(`${CHROMIUM} is missing: installing Debian's chromium package (apt-get)`);
	const apt = (...args: string[]) => {
		const result = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=900', ...args], {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			timeout: 30 * 60_000,
		});
		if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (${result.status ?? result.signal}):\n${String(result.stderr).slice(-2000)}`);
	};
	apt('update', '-qq');
	apt('install', '-y', '-qq', '--no-install-recommends', 'chromium');
	if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
	return Math.round((Date.now() - started) / 1000);
}

export interface LaunchedBrowser {
	context: BrowserContext;
	close(): Promise<void>;
}

/** Headless, sandbox off (CI runs as root), no network of its own, a fresh profile that is removed after. */
export async function launchChromium(): Promise<LaunchedBrowser> {
	const profile = mkdtempSync(join(tmpdir(), 'n8n-lp-ui-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		viewport: { width: 1440, height: 900 },
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
		],
	});
	return {
		context,
		async close() {
			await context.close().catch(() => {});
			rmSync(profile, { recursive: true, force: true });
		},
	};
}
