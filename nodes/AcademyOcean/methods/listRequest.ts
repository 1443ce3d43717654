import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { normalizeInstanceUrl } from '../../shared/instanceUrl';
import { encodePhpForm } from '../../shared/phpForm';
import { parsedBody } from '../transport/body';
import { academyOceanErrorMessage } from '../transport/errors';

const CREDENTIAL_TYPE = 'academyOceanOAuth2Api';
const DEFAULT_BASE_URL = 'https://app.academyocean.com';

/** Lists are kept this long, so that scrolling and typing in a picker do not refetch them each time. */
const CACHE_MS = 30_000;
const CACHE_ENTRIES = 20;

const cached = new Map<string, { at: number; records: IDataObject[] }>();

/**
 * The records an AcademyOcean action lists, for the editor's pickers (listSearch and loadOptions run
 * outside an execution, so they call the API themselves, with the node's credential). None of the
 * listing actions the pickers use (`academies`, `courses`, `getTeams`, `learners`,
 * `learnersAmountFromCountries`) pages, so one request returns every record.
 */
export async function listRecords(
	context: ILoadOptionsFunctions,
	action: string,
	options: IDataObject = {},
): Promise<IDataObject[]> {
	if (!context.getNode().credentials?.[CREDENTIAL_TYPE]) {
		// n8n's editor may ask before it has put the credential on a node it just added: reopening reloads.
		throw new NodeOperationError(context.getNode(), 'Select an AcademyOcean credential, then reload this list');
	}
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const base = normalizeInstanceUrl(String(credentials.baseUrl || DEFAULT_BASE_URL));
	if ('error' in base) throw new NodeOperationError(context.getNode(), `The credential's Base URL ${base.error}`);
	const credentialId = context.getNode().credentials?.[CREDENTIAL_TYPE]?.id ?? '';
	const key = JSON.stringify([credentialId, base.url, action, options]);
	const hit = cached.get(key);
	if (hit && Date.now() - hit.at < CACHE_MS) return hit.records;

	const body = parsedBody(
		await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, {
			method: 'POST',
			baseURL: base.url,
			url: '/api/v1/',
			headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
			body: encodePhpForm(Object.keys(options).length ? { action, options } : { action }),
			json: false,
		}),
	);
	const apiMessage = academyOceanErrorMessage(body);
	if (apiMessage) throw new NodeOperationError(context.getNode(), `AcademyOcean: ${apiMessage}`);
	const records = (Array.isArray(body) ? body : []).filter(
		(record): record is IDataObject => typeof record === 'object' && record !== null && !Array.isArray(record),
	);
	if (cached.size >= CACHE_ENTRIES) cached.delete(cached.keys().next().value as string);
	cached.set(key, { at: Date.now(), records });
	return records;
}

/** Forgets the cached lists (tests change the fake academy between searches). */
export function forgetListedRecords(): void {
	cached.clear();
}
