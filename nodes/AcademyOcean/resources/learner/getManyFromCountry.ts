import type { IExecuteSingleFunctions } from 'n8n-workflow';

import { countryCode, countryLocator } from '../../transport/locators';
import type { AcademyOceanOperation } from '../../transport/operation';
import { fromVersion2, inVersion1, labelFor } from '../../transport/versions';

export const getManyLearnersFromCountry: AcademyOceanOperation = {
	value: 'getAllFromCountry',
	name: 'Get Many From Country',
	action: 'Get many learners from a country',
	description: 'List the learners from one country',
	definition: {
		action: 'learnersFromCountry',
		output: { kind: 'list', records: (body) => (body as { learners?: unknown })?.learners ?? [] },
		options(this: IExecuteSingleFunctions) {
			return { country_iso_code: countryCode(this, 'countryIsoCode', labelFor(this, 'Country Code', 'Country'), true) };
		},
	},
	fields: [
		inVersion1({
			displayName: 'Country Code',
			name: 'countryIsoCode',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'US',
			description: 'Two-letter ISO 3166 country code',
		}),
		fromVersion2(countryLocator({ name: 'countryIsoCode', displayName: 'Country', description: 'The country whose learners to list' })),
	],
};
