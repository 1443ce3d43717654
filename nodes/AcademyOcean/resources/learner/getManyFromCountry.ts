import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { invalidField } from '../../transport/errors';
import type { AcademyOceanOperation } from '../../transport/operation';
import { requiredText } from '../../transport/parameters';

export const getManyLearnersFromCountry: AcademyOceanOperation = {
	value: 'getAllFromCountry',
	name: 'Get Many From Country',
	action: 'Get many learners from a country',
	description: 'List the learners from one country',
	definition: {
		action: 'learnersFromCountry',
		output: { kind: 'list', records: (body) => (body as { learners?: unknown })?.learners ?? [] },
		options(this: IExecuteSingleFunctions) {
			const code = requiredText(this, 'countryIsoCode', 'Country Code').toUpperCase();
			if (!/^[A-Z]{2}$/.test(code)) {
				throw invalidField(this, `"Country Code" must be a two-letter ISO code like US, got "${code}"`);
			}
			return { country_iso_code: code };
		},
	},
	fields: [
		{
			displayName: 'Country Code',
			name: 'countryIsoCode',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'US',
			description: 'Two-letter ISO 3166 country code',
		},
	],
};
