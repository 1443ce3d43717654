import { FakeServer } from './fakeServer.ts';

export const JWKS_PATH = '/main/jwks';

/**
 * Instructure's public JWKS endpoint: `{ keys: [...] }` with the previous, current and next
 * signing keys. Tests swap the keys to simulate rotation and count fetches.
 */
export class FakeCanvasJwks {
	readonly server = new FakeServer();
	keys: Array<Record<string, unknown>>;

	constructor(keys: Array<Record<string, unknown>>) {
		this.keys = keys;
		this.server.route('GET', JWKS_PATH, () => ({ status: 200, body: { keys: this.keys } }));
	}

	async start(port = 0): Promise<this> {
		await this.server.start(port);
		return this;
	}

	stop(): Promise<void> {
		return this.server.stop();
	}

	get url(): string {
		return `${this.server.url}${JWKS_PATH}`;
	}

	get fetches(): number {
		return this.server.requestsTo(JWKS_PATH).length;
	}
}
